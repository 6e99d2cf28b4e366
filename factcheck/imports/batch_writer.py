"""Write an import's checked rows in batches: the write phase of `imports.services`.

Writes, for BATCH_SIZE rows at a time and with bulk inserts, exactly the rows the per-claim
services would (`claims.services.create_claim`, `add_evidence`,
`workflow.services.record_imported_status`, inside `events.folded()`), so that a 100,000-row
file takes minutes, not a day: a claim per row (derived columns filled by
`models.fill_folded_text`, as its save() would), the importer watching it, its evidence with
the evidence audit row, its imported verdict through `workflow.status_writer`'s batch writer,
and one `claim.imported` event. No savepoint per claim: the caller's one transaction is all or
nothing (a PostgreSQL transaction slows as it accumulates subtransactions).
`tests/imports/test_batch_writer.py` checks the rows against those of the per-claim services.

The file's values were checked by `claims.validation` in the check phase; the rules checked
here are the ones only the written claim can answer: the guards of an imported verdict
(`workflow.services.imported_verdict_problems`, one or two queries per verdict).
"""

from django.utils import timezone

from factcheck.claims.services import describe_evidence
from factcheck.errors import NotPermitted
from factcheck.events.services import emit_many
from factcheck.models import (
    Claim,
    Claimant,
    ClaimChange,
    EventType,
    Evidence,
    EvidenceStance,
    Status,
    Watch,
    fill_folded_text,
)
from factcheck.permissions import can_add_evidence, can_create_claim
from factcheck.text import fold
from factcheck.workflow.services import (
    imported_status_note,
    imported_verdict_problems,
    imported_verdict_record,
)
from factcheck.workflow.status_writer import write_new_claims_statuses

# Rows per batch: big enough that a query's round trip is shared by many rows, small enough
# that a batch's objects and SQLite's bound parameters stay modest.
BATCH_SIZE = 1000


def write_rows(*, rows, actor, filename, progress):
    """Create the claims of `rows` (imports.services._Row, checked) for `actor`, in the
    caller's transaction. Returns (ids of the claims, in the order of `rows`; guard problems
    as (row, guard, message), for rows whose verdict the guards refuse: their claim stays
    unverified, and the caller rolls everything back). `progress.step("writing", done,
    total)` is called after each batch. Raises NotPermitted, as create_claim and
    add_evidence would, if `actor` may not add claims or (when a row has some) evidence;
    the import itself and its verdicts are the caller's to permit."""
    if not can_create_claim(actor):
        raise NotPermitted("You do not have permission to add claims.")
    if any(row.evidence_urls for row in rows) and not can_add_evidence(actor):
        raise NotPermitted("You do not have permission to add evidence.")
    claimants = _claimants(rows)
    created, refused = [], []
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        claims = _create_claims(batch, actor, claimants)
        _add_evidence(batch, claims, actor, filename)
        refused += _record_verdicts(batch, claims, actor, filename)
        emit_many(
            type=EventType.IMPORTED,
            data_by_claim={
                claim.pk: {
                    "actor": actor.get_username(),
                    "note": f"Imported from {filename} (line {row.line}).",
                }
                for row, claim in zip(batch, claims, strict=True)
            },
        )
        created += [claim.pk for claim in claims]
        progress.step("writing", len(created), len(rows))
    return created, refused


def _claimants(rows):
    """Folded name -> Claimant for every claimant of `rows`: matched as
    `claims.services.get_or_create_claimant` matches them, the missing ones created (of the
    kind their first row gives)."""
    wanted = {}
    for row in rows:
        wanted.setdefault(fold(row.claimant["name"]), row.claimant)
    found = {}
    names = list(wanted)
    for start in range(0, len(names), BATCH_SIZE):
        for claimant in Claimant.objects.filter(name_folded__in=names[start : start + BATCH_SIZE]):
            found.setdefault(claimant.name_folded, claimant)
    missing = []
    for folded_name, given in wanted.items():
        if folded_name not in found:
            claimant = Claimant(name=" ".join(given["name"].split()), kind=given["kind"])
            fill_folded_text(claimant)  # bulk_create sends no pre_save
            missing.append(claimant)
            found[folded_name] = claimant
    Claimant.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    return found


def _create_claims(batch, actor, claimants):
    claims = []
    for row in batch:
        claim = Claim(
            pk=row.claim_id,
            created_by=actor,
            updated_by=actor,
            claimant=claimants[fold(row.claimant["name"])],
            **row.claim_data,
        )
        fill_folded_text(claim)  # what Claim.save()'s pre_save fills
        claims.append(claim)
    # bulk_create inserts claims with their own number first; every object gets its id.
    Claim.objects.bulk_create(claims)
    # The creator watches the claim (notifications.dispatch.claim_created).
    Watch.objects.bulk_create(
        [Watch(claim=claim, user=actor) for claim in claims], ignore_conflicts=True
    )
    return claims


def _add_evidence(batch, claims, actor, filename):
    items = [
        Evidence(
            claim=claim,
            url=url,
            note=f"Imported from {filename}, line {row.line}; the file gives no stance.",
            stance=EvidenceStance.CONTEXT,
            added_by=actor,
        )
        for row, claim in zip(batch, claims, strict=True)
        for url in row.evidence_urls
    ]
    if not items:
        return
    Evidence.objects.bulk_create(items)
    now = timezone.now()
    # The audit row add_evidence writes (history.recorder.record_change). Its notification
    # goes to the claim's other watchers: a claim this import made has none.
    ClaimChange.objects.bulk_create(
        [
            ClaimChange(
                claim=item.claim,
                actor=actor,
                field="evidence",
                old_value="",
                new_value=describe_evidence(item),
                changed_at=now,
            )
            for item in items
        ]
    )


def _record_verdicts(batch, claims, actor, filename):
    verdicts, refused = [], []
    for row, claim in zip(batch, claims, strict=True):
        if row.status == Status.UNVERIFIED:
            continue
        arrival, note, recorded_verifier = imported_verdict_record(
            status=row.status,
            actor=actor,
            source=f"{filename} (line {row.line})",
            recorded_verifier=row.set_by,
        )
        if arrival == row.status:
            # In review (two-person rule) the guards are the second editor's to meet.
            _, problems = imported_verdict_problems(
                claim=claim,
                status=row.status,
                verifier=actor,
                note=imported_status_note(filename, actor),  # never empty
            )
            if problems:
                refused += [(row, guard, message) for guard, message in problems]
                continue
        verdicts.append((claim.pk, arrival, note, recorded_verifier, row.status, row.set_at))
    if verdicts:
        write_new_claims_statuses(verdicts=verdicts, actor=actor)
    return refused
