"""The subscription form: address, event types, a description (to add one, or to change
one: the secret is never on it)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from factcheck.models import EventType


class SubscriptionForm(forms.Form):
    url = forms.CharField(
        label="Target URL",
        max_length=500,
        help_text="Where to POST the events: an http:// or https:// address on the internet.",
        widget=forms.URLInput(
            attrs={"placeholder": "https://graphics.example.org/hooks/factcheck"}
        ),
    )
    event_types = forms.MultipleChoiceField(
        label="Events",
        choices=EventType.choices,
        initial=[EventType.STATUS_CHANGED],
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label="Description", max_length=200, required=False, help_text="Who receives it, and why."
    )

    def __init__(self, *args, submit_label="Add subscription", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", submit_label))
