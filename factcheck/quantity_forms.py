"""Forms for the figure tracker: a new tracked quantity, and attaching claims to one."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from factcheck.models import TrackedQuantity
from factcheck.quantities import QUANTITY_FIELDS


class QuantityForm(forms.ModelForm):
    class Meta:
        model = TrackedQuantity
        fields = list(QUANTITY_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Add quantity"))


class ClaimIdsField(forms.Field):
    """Claim ids from checkboxes or hidden inputs named alike, each may be "3" or "3, 7, 9".
    Whether they exist is the service's to say, with the others it cannot attach."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": "Select at least one claim."}

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        parts = [part for item in value for part in str(item).replace(",", " ").split()]
        try:
            return sorted({int(part) for part in parts})
        except ValueError:
            raise ValidationError("Claim ids are whole numbers, e.g. 3 or 3, 7, 9.") from None


class AttachForm(forms.Form):
    """Attach some claims to a quantity, or detach them (no quantity chosen)."""

    claims = ClaimIdsField()
    quantity = forms.ModelChoiceField(
        TrackedQuantity.objects.order_by("name"),
        required=False,
        empty_label="— none (detach) —",
        label="Tracked quantity",
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
