"""Services that create and edit claims and their evidence, and match claimants.

Views, the admin, the importer and management commands call these, so every path obeys the
same permission, lock and version rules. Status changes live in `factcheck.workflow`;
assignment in `factcheck.claims.assignment`.
"""

import copy

from django.db import transaction

from factcheck.claims.validation import EDITABLE_FIELDS
from factcheck.errors import ClaimLockedError, NotFound, NotPermitted, StaleClaimError
from factcheck.events.services import actor_name, emit
from factcheck.history.recorder import record_change, record_edits
from factcheck.models import Claim, Claimant, EventType, Evidence
from factcheck.notifications import dispatch
from factcheck.permissions import (
    can_add_evidence,
    can_change_evidence,
    can_create_claim,
    can_create_claimant,
    can_edit_claim,
)
from factcheck.text import fold
from factcheck.tracker.rules import check_still_fits


def get_or_create_claimant(*, name: str, kind: str) -> Claimant:
    """Match an existing claimant by `name` as factcheck.text.fold compares it (case in any
    script, typographic quotes and dashes, Unicode forms, white space), or create one of
    `kind` (a ClaimantKind value)."""
    name = " ".join(name.split())
    claimant = Claimant.objects.filter(name_folded=fold(name)).first()
    if claimant is None:
        claimant = Claimant.objects.create(name=name, kind=kind)
    return claimant


@transaction.atomic
def create_claimant(*, actor, name: str, kind: str, url: str = "") -> Claimant:
    """Add a claimant named `name` (white space folded) of `kind` (a ClaimantKind value) with
    an optional web address. Raises NotPermitted, or ValidationError when the name is taken
    (ignoring case), empty or too long, or the address is not a web link."""
    if not can_create_claimant(actor):
        raise NotPermitted("You do not have permission to add claimants.")
    claimant = Claimant(name=" ".join(name.split()), kind=kind, url=url)
    claimant.full_clean()
    claimant.save()
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
def create_claim(*, actor, data: dict, new_claimant: dict | None = None, claim_id=None) -> Claim:
    """Create an unverified claim from `data` (field name from EDITABLE_FIELDS -> cleaned
    value) on behalf of `actor`.

    `new_claimant` ({"name": ..., "kind": ...}) names a claimant to match or create instead
    of `data["claimant"]`; it is only created if the claim is. `claim_id` keeps the number a
    claim had where it came from (imports); it must be free. Raises NotPermitted, or
    ValidationError (field -> messages) when the values break a model rule. The creator
    watches the claim from then on."""
    if not can_create_claim(actor):
        raise NotPermitted("You do not have permission to add claims.")
    claim = Claim(pk=claim_id, created_by=actor, updated_by=actor)
    _apply(claim, _with_claimant(data, new_claimant))
    claim.full_clean()
    # Never an UPDATE: with a given id, save() would otherwise overwrite an existing claim.
    claim.save(force_insert=True)
    dispatch.claim_created(claim=claim, actor=actor)
    emit(type=EventType.CLAIM_CREATED, claim=claim, data={"actor": actor_name(actor)})
    return claim


@transaction.atomic
def update_claim(
    *, claim, actor, data: dict, expected_version: int, new_claimant: dict | None = None
) -> Claim:
    """Change a claim's content if `actor` may, it is not locked, and nobody changed it since
    the actor loaded `expected_version`, and append one audit row per field it changes.
    Raises StaleClaimError, ClaimLockedError, NotPermitted or ValidationError (also when the
    edit breaks the unit rule of the tracked quantity the claim is filed under); on any of
    them nothing is written."""
    current = (
        Claim.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=claim.pk)
    )
    if current.version != expected_version:
        raise StaleClaimError(current, expected_version)
    if current.is_final:
        raise ClaimLockedError(current)
    if not can_edit_claim(actor, current):
        raise NotPermitted("You do not have permission to edit this claim.")
    before = copy.copy(current)
    _apply(current, _with_claimant(data, new_claimant))
    current.full_clean()
    check_still_fits(current, before=before)
    current.version += 1
    current.updated_by = actor
    current.save()
    record_edits(claim=current, actor=actor, before=before, after=current, fields=EDITABLE_FIELDS)
    return current


@transaction.atomic
def add_evidence(*, claim, actor, url: str, title: str = "", note: str = "", stance) -> Evidence:
    """Attach a source to a claim. The claim is re-read under a row lock, so evidence never
    lands on a claim that someone gave a verdict a moment earlier: evidence on a locked claim
    waits until it is reopened. The addition is recorded in the claim's history. Raises
    NotPermitted, ClaimLockedError or ValidationError."""
    if not can_add_evidence(actor):
        raise NotPermitted("You do not have permission to add evidence.")
    current = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
    if current.is_final:
        raise ClaimLockedError(current)
    evidence = Evidence(
        claim=current, url=url, title=title, note=note, stance=stance, added_by=actor
    )
    evidence.full_clean()
    evidence.save()
    record_change(
        claim=current, actor=actor, field="evidence", old="", new=describe_evidence(evidence)
    )
    return evidence


def describe_evidence(evidence: Evidence) -> str:
    """An evidence item as the audit trail keeps it: "supports: https://... (title) note"."""
    text = f"{evidence.stance}: {evidence.url}"
    if evidence.title:
        text += f" ({evidence.title})"
    if evidence.note:
        text += f" {evidence.note}"
    return text


EVIDENCE_FIELDS = ("url", "title", "note", "stance")


def _locked_evidence(evidence, actor, verb):
    """The evidence item and its claim re-read under a row lock, after checking that the
    claim is open and `actor` may change the item (editors any, others their own)."""
    current = Claim.objects.select_for_update(of=("self",)).get(pk=evidence.claim_id)
    item = Evidence.objects.filter(pk=evidence.pk, claim=current).first()
    if item is None:
        raise NotFound("This evidence item no longer exists.")
    item.claim = current
    if current.is_final:
        raise ClaimLockedError(current)
    if not can_change_evidence(actor, item):
        raise NotPermitted(f"You may {verb} only evidence you added, unless you are an editor.")
    return item


@transaction.atomic
def change_evidence(*, evidence: Evidence, actor, data: dict) -> Evidence:
    """Change an evidence item's url, title, note or stance (`data`: field -> value; others
    raise ValueError) while its claim is open, recorded in the claim's history (old and new
    item in words). Editors may change any item, others only items they added. Raises
    NotFound, ClaimLockedError, NotPermitted or ValidationError; then nothing is written."""
    unknown = set(data) - set(EVIDENCE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    item = _locked_evidence(evidence, actor, "change")
    before = describe_evidence(item)
    for name, value in data.items():
        setattr(item, name, value)
    item.full_clean()
    after = describe_evidence(item)
    if after != before:
        item.save(update_fields=list(data))
        record_change(claim=item.claim, actor=actor, field="evidence", old=before, new=after)
    return item


@transaction.atomic
def remove_evidence(*, evidence: Evidence, actor, note: str = "") -> None:
    """Remove an evidence item from its open claim; the claim's history keeps what it was
    (url, title, stance, note) and who removed it. The claim page and the admin both call
    this. Same refusals as change_evidence."""
    item = _locked_evidence(evidence, actor, "remove")
    record_change(
        claim=item.claim,
        actor=actor,
        field="evidence",
        old=describe_evidence(item),
        new="",
        note=note,
    )
    item.delete()
