"""Services that create and edit claims and their evidence.

Views, the admin and management commands call these, so every path obeys the same
permission, lock and version rules. Status changes live in `factcheck.workflow`.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from factcheck.errors import ClaimLockedError, StaleClaimError
from factcheck.models import Claim, Claimant, Evidence, Status
from factcheck.roles import EDITOR, REPORTER

# Fields a user may set through `create_claim` and `update_claim`.
EDITABLE_FIELDS = (
    "statement",
    "claimant",
    "value",
    "value_high",
    "qualifier",
    "unit",
    "counted",
    "place",
    "as_of",
    "methodology_notes",
    "source_url",
    "source_title",
    "source_date",
)


def can_create_claim(user):
    return user.has_perm("factcheck.add_claim")


def can_edit_claim(user, claim):
    """Editors may edit any open claim; reporters their own while it is unverified."""
    if claim.is_final:
        return False
    if user.has_perm("factcheck.change_claim"):
        return True
    return (
        user.has_perm("factcheck.change_own_claim")
        and claim.created_by_id == user.pk
        and claim.status == Status.UNVERIFIED
    )


def can_add_evidence(user, claim):
    return user.has_perm("factcheck.add_evidence") and not claim.is_final


def get_or_create_claimant(*, name, kind):
    """Match an existing claimant by name (case-insensitively) or create it."""
    name = " ".join(name.split())
    claimant = Claimant.objects.filter(name__iexact=name).first()
    if claimant is None:
        claimant = Claimant.objects.create(name=name, kind=kind)
    return claimant


def _with_claimant(data, new_claimant):
    if not new_claimant:
        return data
    return {**data, "claimant": get_or_create_claimant(**new_claimant)}


def _apply(claim, data):
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for field, value in data.items():
        setattr(claim, field, value)


@transaction.atomic
def create_claim(*, actor, data, new_claimant=None, claim_id=None):
    """Create an unverified claim from `data` (field name -> value) on behalf of `actor`.

    `new_claimant` ({"name": ..., "kind": ...}) names a claimant to match or create instead
    of `data["claimant"]`; it is only created if the claim is. `claim_id` keeps the number a
    claim had where it came from (imports); it must be free."""
    if not can_create_claim(actor):
        raise PermissionDenied("You do not have permission to add claims.")
    claim = Claim(pk=claim_id, created_by=actor, updated_by=actor)
    _apply(claim, _with_claimant(data, new_claimant))
    claim.full_clean()
    # Never an UPDATE: with a given id, save() would otherwise overwrite an existing claim.
    claim.save(force_insert=True)
    return claim


@transaction.atomic
def update_claim(*, claim, actor, data, expected_version, new_claimant=None):
    """Change a claim's content if `actor` may, it is not locked, and nobody changed it since
    the actor loaded `expected_version`. Raises PermissionDenied, ClaimLockedError or
    StaleClaimError; on any of them nothing is written."""
    current = (
        Claim.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=claim.pk)
    )
    if current.version != expected_version:
        raise StaleClaimError(current, expected_version)
    if current.is_final:
        raise ClaimLockedError(current)
    if not can_edit_claim(actor, current):
        raise PermissionDenied("You do not have permission to edit this claim.")
    _apply(current, _with_claimant(data, new_claimant))
    current.full_clean()
    current.version += 1
    current.updated_by = actor
    current.save()
    return current


@transaction.atomic
def add_evidence(*, claim, actor, url, title="", note="", stance):
    """Attach a source to a claim. Evidence on a locked claim waits until it is reopened."""
    if claim.is_final:
        raise ClaimLockedError(claim)
    if not can_add_evidence(actor, claim):
        raise PermissionDenied("You do not have permission to add evidence.")
    evidence = Evidence(claim=claim, url=url, title=title, note=note, stance=stance, added_by=actor)
    evidence.full_clean()
    evidence.save()
    return evidence


def assignable_users():
    """People a claim can be given to: active members of a role that works on claims."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[EDITOR, REPORTER]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def assign_claim(*, claim, assignee, actor):
    """Give a claim to `assignee` (or to nobody, with None). Assignment is not content, so it
    is allowed in any status; it does not bump the version that protects the content."""
    if not actor.has_perm("factcheck.assign_claim"):
        raise PermissionDenied("You do not have permission to assign claims.")
    if assignee is not None and not assignable_users().filter(pk=assignee.pk).exists():
        raise ValidationError(
            {
                "assigned_to": f"{assignee.get_username()} cannot be given claims: only active "
                "editors and reporters can."
            }
        )
    Claim.objects.filter(pk=claim.pk).update(assigned_to=assignee)
    claim.assigned_to = assignee
    return claim
