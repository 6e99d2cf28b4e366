"""Marking a claim as a duplicate of an earlier one (issue 18), and undoing it.

The later claim points to the earlier (`Claim.duplicate_of`; earlier = a lower claim number,
the order the desk filed them in, checked by the database too). Duplicates stay in the queue
with a marker and leave exports unless asked for (`duplicates=include`). Marking is filing, not
content: it works in any status and does not bump the claim's version, like attaching a claim
to a tracked quantity. Each mark and unmark appends an audit row (field "duplicate_of").
"""

from django.db import transaction

from factcheck.errors import InvalidInput, NotFound, NotPermitted, Problem
from factcheck.history.recorder import record_change
from factcheck.models import Claim
from factcheck.permissions import can_mark_duplicate


def _refuse(message: str, code: str):
    raise InvalidInput(message, problems=[Problem(message, code=code, field="duplicate_of")])


@transaction.atomic
def mark_duplicate(*, claim: Claim, of: int | Claim, actor, note: str = "") -> Claim:
    """Mark `claim` as a duplicate of the earlier claim `of` (a Claim or its id) on behalf of
    `actor`, and record it. Marking it again as a duplicate of the same claim changes nothing.

    Raises NotPermitted (not an editor), NotFound (no claim `of`), or InvalidInput with code
    `duplicate_of_itself`, `duplicate_of_later` (`of` is not earlier), `duplicate_of_duplicate`
    (`of` is itself a duplicate: point to the claim it repeats) or `has_duplicates` (other
    claims are marked as duplicates of `claim`: unmark them first, so no chain forms)."""
    if not can_mark_duplicate(actor):
        raise NotPermitted("You do not have permission to mark claims as duplicates.")
    of_id = of.pk if isinstance(of, Claim) else of
    rows = Claim.objects.select_for_update(of=("self",)).filter(pk__in=[claim.pk, of_id])
    locked = {row.pk: row for row in rows.order_by("pk")}
    current = locked[claim.pk]
    if of_id == claim.pk:
        _refuse("A claim cannot be a duplicate of itself.", "duplicate_of_itself")
    original = locked.get(of_id)
    if original is None:
        raise NotFound(f"There is no claim {of_id}.")
    if original.pk > current.pk:
        _refuse(
            f"Claim {original.pk} was filed after claim {current.pk}: mark the later claim as "
            f"the duplicate, from claim {original.pk}'s page.",
            "duplicate_of_later",
        )
    if original.duplicate_of_id:
        _refuse(
            f"Claim {original.pk} is itself a duplicate of claim {original.duplicate_of_id}: "
            f"mark this one as a duplicate of claim {original.duplicate_of_id}.",
            "duplicate_of_duplicate",
        )
    if current.duplicate_of_id == original.pk:
        return current
    others = list(current.duplicates.values_list("pk", flat=True)[:5])
    if others:
        listed = ", ".join(str(pk) for pk in others)
        _refuse(
            f"Claims marked as duplicates of this one ({listed}) would point to a duplicate: "
            "unmark them first.",
            "has_duplicates",
        )
    return _set(current, original, actor, note)


@transaction.atomic
def unmark_duplicate(*, claim: Claim, actor, note: str = "") -> Claim:
    """Undo `mark_duplicate`: `claim` is no longer a duplicate; recorded. Nothing happens (and
    nothing is recorded) if it was not one. Raises NotPermitted."""
    if not can_mark_duplicate(actor):
        raise NotPermitted("You do not have permission to mark claims as duplicates.")
    current = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
    if current.duplicate_of_id is None:
        return current
    return _set(current, None, actor, note)


def _set(current: Claim, original: Claim | None, actor, note: str) -> Claim:
    old = current.duplicate_of_id
    # An update of one column: the claim's content and version stay as they are.
    Claim.objects.filter(pk=current.pk).update(duplicate_of=original)
    current.duplicate_of = original
    record_change(
        claim=current,
        actor=actor,
        field="duplicate_of",
        old=f"claim {old}" if old else "",
        new=f"claim {original.pk}" if original else "",
        note=note,
    )
    return current
