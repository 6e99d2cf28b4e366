"""The queue's bulk-action form: which claims, which action, and its details."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from factcheck.claims.fields import ClaimIdsField
from factcheck.models import is_storable_id
from factcheck.queue.bulk import MAX_BULK
from factcheck.queue.filters import NOBODY
from factcheck.workflow.transitions import target_choices


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[("assign", "Assign"), ("transition", "Change status")])
    claims = ClaimIdsField()
    assignee = forms.CharField(required=False)
    to_status = forms.ChoiceField(choices=(), required=False)
    note = forms.CharField(required=False, max_length=5000)
    back = forms.CharField(required=False, max_length=2000)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["to_status"].choices = [("", "—"), *target_choices()]

    def clean_claims(self):
        ids = self.cleaned_data["claims"]
        if len(ids) > MAX_BULK:
            raise ValidationError(f"Select at most {MAX_BULK} claims at a time.")
        return ids

    def clean_assignee(self):
        value = self.cleaned_data["assignee"]
        if self.cleaned_data.get("action") != "assign" or value == NOBODY:
            return None
        if not (value.isascii() and value.isdigit()):
            raise ValidationError("Choose who to assign the claims to, or nobody.")
        user = None
        if is_storable_id(int(value)):
            user = get_user_model().objects.filter(pk=int(value)).first()
        if user is None:
            raise ValidationError("That user does not exist.")
        return user

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "transition" and not cleaned.get("to_status"):
            self.add_error("to_status", "Choose the status to move the claims to.")
        return cleaned


def bulk_versions(post) -> dict[int, int]:
    """{claim id: the version the editor saw}, from one hidden `version_<id>` per row. Only
    ASCII digits count (a "²" is no version)."""
    versions = {}
    for key, value in post.items():
        claim_id, version = key.removeprefix("version_"), value
        if key.startswith("version_") and _digits(claim_id) and _digits(version):
            versions[int(claim_id)] = int(version)
    return versions


def _digits(text):
    return text.isascii() and text.isdigit()
