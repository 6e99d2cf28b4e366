"""The batch writer (factcheck/imports/batch_writer.py) writes what the per-claim services
would: the same file imported claim by claim through create_claim, add_evidence and
record_imported_status (the importer's former write phase, kept here as the reference) and
through the batch writer leaves the same claims, claimants, audit rows, evidence, watches,
events, webhook deliveries and notifications, field by field but for ids and times."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction

from factcheck.claims.services import add_evidence, create_claim
from factcheck.events import services as events
from factcheck.imports import batch_writer, services
from factcheck.imports.services import EXPORT_COLUMNS, import_claims
from factcheck.models import (
    Claim,
    Claimant,
    ClaimChange,
    Event,
    EventType,
    Evidence,
    EvidenceStance,
    Notification,
    Status,
    StatusChange,
    Watch,
    WebhookDelivery,
    WebhookSubscription,
)
from factcheck.workflow.services import (
    imported_status_note,
    imported_verdict_arrival,
    imported_verdict_problems,
    record_imported_status,
)
from tests.factories import ClaimantFactory

pytestmark = pytest.mark.django_db

NOTES = "Checked against the agency's table."
ROWS = [
    {  # a verdict made elsewhere, two evidence links, its own claim number
        "claim_id": "4242",
        "statement": "More than 1 million refugees have fled Ukraine.",
        "claimant": "UN refugee agency (UNHCR)",
        "claimant_kind": "un_agency",
        "value": "1000000",
        "qualifier": "more_than",
        "counted": "refugees",
        "place": "Ukraine",
        "as_of": "2022-03-02",
        "status": "confirmed",
        "methodology_notes": NOTES,
        "evidence_urls": "https://data.unhcr.org/en/situations/ukraine https://www.unhcr.org/x",
        "source_url": "https://apnews.com/article/russia-ukraine",
        "source_title": "UN refugee count tops 1 million",
        "source_date": "2022-03-03",
        "verified_by": "Partner  desk editor",
        "verified_at": "2022-03-03T14:07:00+00:00",
    },
    {  # the importer's own verdict: no recorded verifier
        "statement": "Ukraine said 2,000 civilians have died.",
        "claimant": "government of ukraine",  # an existing claimant, in another case
        "value": "2000",
        "qualifier": "more than",
        "counted": "civilians killed",
        "place": "Україна",
        "as_of": "2022-03-02",
        "status": "unverifiable",
        "methodology_notes": "No independent access.",
        "verified_by": "editor",
        "verified_at": "2022-03-03",
    },
    {"statement": "Kyiv is surrounded.", "claimant": "Russian Foreign Ministry"},
    {
        "statement": "Half a million people have left Kharkiv.",
        "claimant": "UN refugee agency (UNHCR)",
        "value": "500000",
        "qualifier": "approximately",
        "counted": "people displaced",
        "evidence_urls": "https://example.org/kharkiv",
    },
]


def csv_bytes(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def per_claim_write_rows(*, rows, actor, filename, progress):
    """The importer's write phase as it was: one claim at a time through the services."""
    created, refused = [], []
    with events.folded():
        for row in rows:
            claim = create_claim(
                actor=actor, data=row.claim_data, new_claimant=row.claimant, claim_id=row.claim_id
            )
            for url in row.evidence_urls:
                add_evidence(
                    claim=claim,
                    actor=actor,
                    url=url,
                    note=f"Imported from {filename}, line {row.line}; the file gives no stance.",
                    stance=EvidenceStance.CONTEXT,
                )
            created.append(claim.pk)
            if row.status == Status.UNVERIFIED:
                continue
            problems = []
            if imported_verdict_arrival(row.status) == row.status:
                _, problems = imported_verdict_problems(
                    claim=claim,
                    status=row.status,
                    verifier=actor,
                    note=imported_status_note(filename, actor),
                )
            refused += [(row, guard, message) for guard, message in problems]
            if not problems:
                record_imported_status(
                    claim=claim,
                    status=row.status,
                    actor=actor,
                    source=f"{filename} (line {row.line})",
                    recorded_verifier=row.set_by,
                    set_at=row.set_at,
                )
    for row, claim_id in zip(rows, created, strict=True):
        events.emit(
            type=EventType.IMPORTED,
            claim=claim_id,
            data={
                "actor": actor.get_username(),
                "note": f"Imported from {filename} (line {row.line}).",
            },
        )
    return created, refused


# Columns that differ between two imports of one file whatever the writer: ids and times.
NOT_COMPARED = {
    "id",
    "created_at",
    "updated_at",
    "changed_at",
    "added_at",
    "occurred_at",
    "next_attempt_at",
}


def rows_of(model, **names):
    """Every row of `model` as a dict without ids and times, the columns named in `names`
    (column -> lookup) replaced by the lookup (a claim by its statement, say)."""
    fields = [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in NOT_COMPARED and f.attname not in names
    ]
    return sorted(model.objects.values(*fields, *names.values()), key=repr)


def event_rows():
    found = []
    for event in Event.objects.select_related("claim"):
        data = json.loads(event.data)
        claim = data["claim"]
        for key in ("id", "url", "api_url", "page_url", *NOT_COMPARED):
            claim.pop(key, None)
        claim["claimant"].pop("id")  # PostgreSQL does not roll back its sequences
        found.append((event.type, event.claim.statement, data))
    return sorted(found, key=repr)


def snapshot():
    claim_statement = {"claim_id": "claim__statement"}
    return {
        "claims": rows_of(Claim, claimant_id="claimant__name"),
        "claimants": rows_of(Claimant),
        "status changes": rows_of(StatusChange, **claim_statement),
        "claim changes": rows_of(ClaimChange, **claim_statement),
        "evidence": rows_of(Evidence, **claim_statement),
        "watches": rows_of(Watch, **claim_statement),
        "events": event_rows(),
        "deliveries": rows_of(
            WebhookDelivery, claim_id="event__claim__statement", event_id="event__type"
        ),
        "notifications": rows_of(Notification, claim_id="claim__statement"),
    }


class _Undo(Exception):
    pass


@pytest.mark.parametrize("second_editor", [False, True])
def test_the_batch_writer_writes_what_the_per_claim_services_write(
    editor, settings, monkeypatch, second_editor
):
    settings.FACTCHECK_SECOND_EDITOR_REQUIRED = second_editor
    ClaimantFactory(name="Government of Ukraine", kind="government")
    WebhookSubscription.objects.create(
        url="https://hooks.example.org/in",
        event_types=[EventType.IMPORTED],
        secret="s",  # noqa: S106
        created_by=editor,
    )
    data = csv_bytes(ROWS)

    with pytest.raises(_Undo), transaction.atomic():
        monkeypatch.setattr(services, "write_rows", per_claim_write_rows)
        reference_report = import_claims(data=data, filename="f.csv", actor=editor)
        reference = snapshot()
        raise _Undo
    monkeypatch.undo()
    report = import_claims(data=data, filename="f.csv", actor=editor)
    batch = snapshot()

    assert reference_report.ok and report.ok
    assert len(report.created) == len(ROWS) == len(reference["claims"])
    assert batch["status changes"] and batch["claim changes"] and batch["deliveries"]
    for table, rows in reference.items():
        assert batch[table] == rows, table


def test_the_claims_come_back_in_the_order_of_the_file(editor, monkeypatch):
    monkeypatch.setattr(batch_writer, "BATCH_SIZE", 2)
    report = import_claims(data=csv_bytes(ROWS), filename="f.csv", actor=editor)
    statements = dict(Claim.objects.values_list("pk", "statement"))
    assert [statements[pk] for pk in report.created] == [row["statement"] for row in ROWS]
    assert report.created[0] == 4242


def test_an_importer_who_may_not_add_claims_writes_nothing(editor):
    editor.user_permissions.remove(Permission.objects.get(codename="add_claim"))
    for group in editor.groups.all():
        editor.groups.remove(group)
    editor.user_permissions.add(Permission.objects.get(codename="import_claims"))
    editor = type(editor).objects.get(pk=editor.pk)  # no cached permissions
    report = import_claims(data=csv_bytes(ROWS[2:3]), filename="f.csv", actor=editor)
    assert not report.ok and "permission to add claims" in str(report.problems[0])
    assert not Claim.objects.exists()
