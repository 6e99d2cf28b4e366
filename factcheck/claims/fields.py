"""Form fields for picking claims by id: the queue's ticked rows and the tracker's attach
controls post them alike."""

from django import forms
from django.core.exceptions import ValidationError

from factcheck.models import MAX_ID, is_storable_id


class ClaimIdsField(forms.Field):
    """Claim ids from checkboxes or hidden inputs named alike; each may be "3" or "3, 7, 9".
        Cleans to the distinct ids in the order given. Whether they exist is the service's to
        say, with the others it cannot act on. Only ASCII digits count: "²" is not 2; a negative
    number is refused with the range of claim ids."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Select at least one claim.",
        "invalid": "The selected claims are not valid: claim ids are whole numbers, e.g. 3 "
        "or 3, 7, 9.",
    }

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        parts = [part for item in value for part in str(item).replace(",", " ").split()]
        if not all(_is_whole_number(part) for part in parts):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        ids = list(dict.fromkeys(int(part) for part in parts))
        beyond = [str(pk) for pk in ids if not is_storable_id(pk)]
        if beyond:
            raise ValidationError(
                f"No claim {', '.join(beyond)}: claim ids run from 1 to {MAX_ID}.", code="invalid"
            )
        return ids


def _is_whole_number(text):
    digits = text.removeprefix("-")
    return digits.isascii() and digits.isdigit()
