"""Saving an edit made on an older version of a claim: a three-way merge, so no edit is lost.

The edit form carries what the editor opened: the version and the values of every editable
field at that version (`opened_state`, signed). On saving, each field is compared three ways,
as text (`factcheck.history.recorder.as_text`, so 12000 and 12000.0000 are one value):

- the saver did not change it (yours == opened): it is not written at all, so a newer value
  someone else saved meanwhile stays;
- only the saver changed it, or both changed it the same way: yours is written;
- both changed it differently: a conflict, shown side by side; the saver picks per field.

Why the opened values travel in the form rather than being rebuilt from the audit trail: the
trail holds text (a claimant by name, numbers as written) and records content changes only from
migration 0009 on, whereas the form holds exactly what the editor saw, whatever the claim's age.
The values are signed so that a form damaged on the way is noticed (it then merges as if
every field the saver's values differ in had been changed by both, which asks rather than
guesses); a saver who forged them could only do what typing the values does.

`update_claim` stays the only writer: `save_edit` calls it with the fields the saver changed.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core import signing

from factcheck.claims.services import update_claim
from factcheck.claims.validation import EDITABLE_FIELDS
from factcheck.errors import StaleClaimError
from factcheck.history.recorder import as_text
from factcheck.models import Claim

SALT = "factcheck.claims.merge.opened"
THEIRS, YOURS = "theirs", "yours"
# A claim edited again between our read and our write is merged again, a few times at most.
ATTEMPTS = 3


def opened_state(claim: Claim) -> str:
    """What the edit form carries: `claim`'s version and editable values as text, signed."""
    values = {name: as_text(getattr(claim, name)) for name in EDITABLE_FIELDS}
    return signing.dumps({"version": claim.version, "values": values}, salt=SALT)


def read_opened(token: str) -> dict | None:
    """{"version": int, "values": {field: text}} from `opened_state`, or None if missing or
    damaged."""
    try:
        state = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(state, dict) or not isinstance(state.get("values"), dict):
        return None
    return state


@dataclass(frozen=True)
class Conflict:
    """A field both editors changed, differently. Values as text, for showing."""

    field: str
    opened: str
    theirs: str
    yours: str


@dataclass
class MergeResult:
    changes: dict = field(default_factory=dict)  # field -> your value, to write
    conflicts: list = field(default_factory=list)  # Conflict, in form order
    kept_theirs: list = field(default_factory=list)  # fields they changed and you did not


def merge(*, opened: Mapping | None, yours: Mapping, theirs: Claim) -> MergeResult:
    """Three-way merge of `yours` (field -> cleaned value; the claimant as a Claimant or a new
    name) against `theirs` (the claim as stored), both from `opened` (field -> text, or None
    when unknown: then every difference between yours and theirs is a conflict)."""
    result = MergeResult()
    for name in EDITABLE_FIELDS:
        if name not in yours:
            continue
        mine, stored = as_text(yours[name]), as_text(getattr(theirs, name))
        base = None if opened is None else opened.get(name)
        if base is not None and mine == base:
            if stored != base:
                result.kept_theirs.append(name)
            continue
        if mine == stored:
            continue
        if base is None or stored != base:
            result.conflicts.append(Conflict(name, base or "", stored, mine))
        else:
            result.changes[name] = yours[name]
    return result


@dataclass
class EditOutcome:
    """What `save_edit` did: `claim` saved (conflicts empty), or nothing saved and
    `conflicts` to resolve against `claim` as it now is."""

    claim: Claim
    merged: MergeResult


def save_edit(
    *,
    claim: Claim,
    actor,
    yours: dict,
    opened: Mapping | None,
    opened_version: int,
    resolutions: Mapping[str, str] | None = None,
    new_claimant: dict | None = None,
) -> EditOutcome:
    """Save `actor`'s edit of `claim`, made on version `opened_version` whose values were
    `opened` (field -> text, see `read_opened`; None if unknown).

    `yours` maps each field of EDITABLE_FIELDS the form shows to its cleaned value (the
    claimant None when `new_claimant`, {"name", "kind"}, names one to match or create).
    `resolutions` maps fields to THEIRS (drop my change) or YOURS (keep it over theirs), as
    chosen on the conflict page. Only fields the saver changed are written, through
    `update_claim` (which raises ClaimLockedError, NotPermitted or ValidationError as
    usual). Fields only one side changed are kept; if both changed a field differently and
    the saver has not chosen, nothing is written and the conflicts are returned."""
    resolutions = resolutions or {}
    yours = {k: v for k, v in yours.items() if resolutions.get(k) != THEIRS}
    if new_claimant and "claimant" in yours:
        yours["claimant"] = new_claimant["name"]
    else:
        new_claimant = None
    # Read again: a ModelForm writes the saver's values onto the instance it was given.
    current = Claim.objects.select_related("updated_by").get(pk=claim.pk)
    for _ in range(ATTEMPTS):
        merged = merge(opened=opened, yours=yours, theirs=current)
        if opened is None and current.version == opened_version:
            # Nothing to merge against, but nobody saved since the form was opened: what
            # differs from the stored claim is the saver's change.
            merged = MergeResult(changes={c.field: yours[c.field] for c in merged.conflicts})
        unresolved = [c for c in merged.conflicts if resolutions.get(c.field) != YOURS]
        if unresolved:
            merged.conflicts = unresolved
            return EditOutcome(current, merged)
        merged.changes.update({c.field: yours[c.field] for c in merged.conflicts})
        merged.conflicts = []
        if not merged.changes:
            return EditOutcome(current, merged)
        try:
            saved = _write(current, actor, merged.changes, new_claimant)
        except StaleClaimError as error:
            current = error.claim  # someone saved between our read and our write: again
            continue
        return EditOutcome(saved, merged)
    raise StaleClaimError(current, current.version)


def _write(current, actor, changes, new_claimant):
    if "claimant" in changes and new_claimant:
        changes = {k: v for k, v in changes.items() if k != "claimant"}
    else:
        new_claimant = None
    return update_claim(
        claim=current,
        actor=actor,
        data=changes,
        expected_version=current.version,
        new_claimant=new_claimant,
    )
