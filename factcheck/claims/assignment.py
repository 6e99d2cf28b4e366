"""Who has a claim. Assignment is not content: it is allowed in any status (a confirmed claim
can still be handed to someone to write it up) and does not bump the version that protects
the content."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from factcheck.errors import NotPermitted
from factcheck.history.recorder import record_change
from factcheck.models import Claim
from factcheck.permissions import can_assign
from factcheck.roles import EDITOR, REPORTER


def assignable_users() -> QuerySet:
    """People a claim can be given to: active members of a role that works on claims."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[EDITOR, REPORTER]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def assign_claim(*, claim, assignee, actor) -> Claim:
    """Give `claim` to `assignee` (a user, or None for nobody) on behalf of `actor`, recorded
    in the claim's history when it changes who has it. Raises NotPermitted, or
    ValidationError on `assigned_to` when the assignee cannot be given claims."""
    if not can_assign(actor):
        raise NotPermitted("You do not have permission to assign claims.")
    if assignee is not None and not assignable_users().filter(pk=assignee.pk).exists():
        raise ValidationError(
            {
                "assigned_to": f"{assignee.get_username()} cannot be given claims: only active "
                "editors and reporters can."
            }
        )
    current = Claim.objects.select_for_update(of=("self",)).select_related("assigned_to")
    current = current.get(pk=claim.pk)
    if current.assigned_to_id != (assignee.pk if assignee else None):
        Claim.objects.filter(pk=claim.pk).update(assigned_to=assignee)
        record_change(
            claim=current, actor=actor, field="assigned_to", old=current.assigned_to, new=assignee
        )
    claim.assigned_to = assignee
    return claim
