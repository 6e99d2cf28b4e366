"""Forms for the figure tracker: a new tracked quantity, and attaching claims to one."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from factcheck.claims.fields import ClaimIdsField
from factcheck.models import TrackedQuantity, is_storable_id
from factcheck.tracker.services import QUANTITY_FIELDS


class QuantityForm(forms.ModelForm):
    class Meta:
        model = TrackedQuantity
        fields = list(QUANTITY_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, submit="Add quantity", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", submit))


DETACH = "none"


class AttachForm(forms.Form):
    """Attach some claims to a quantity, or detach them (no quantity chosen)."""

    claims = ClaimIdsField()
    # A tracked quantity's id, or DETACH. Nothing chosen is an error rather than a detach, so
    # a forgotten choice never undoes anyone's filing.
    quantity = forms.CharField(
        label="Tracked quantity",
        error_messages={"required": "Choose a tracked quantity (or “none” to detach)."},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_quantity(self):
        value = self.cleaned_data["quantity"].strip()
        if value == DETACH:
            return None
        # Only ASCII digits: "²".isdigit() is true but int() refuses it.
        storable = value.isascii() and value.isdigit() and is_storable_id(int(value))
        quantity = TrackedQuantity.objects.filter(pk=int(value)).first() if storable else None
        if quantity is None:
            raise ValidationError(f"There is no tracked quantity “{value}”.")
        return quantity
