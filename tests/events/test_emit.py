"""Every change the audit trail records writes its event, in the same transaction, from the
one place that change is written."""

import json
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from factcheck.api.tokens import create_token
from factcheck.claims.assignment import assign_claim
from factcheck.claims.services import add_evidence, create_claim, update_claim
from factcheck.events.payloads import to_json
from factcheck.events.services import emit
from factcheck.imports.services import import_claims
from factcheck.models import Event, EventType, EvidenceStance
from factcheck.tracker.services import attach_claims
from factcheck.workflow.services import transition_claim
from tests.api.conftest import ApiClient
from tests.factories import ClaimantFactory, EvidenceFactory, TrackedQuantityFactory

pytestmark = pytest.mark.django_db


def events():
    return [(e.type, json.loads(e.data)) for e in Event.objects.order_by("id")]


def test_each_kind_of_change_writes_its_event(editor):
    claimant = ClaimantFactory()
    claim = create_claim(
        actor=editor,
        data={"statement": "At least 227 killed", "claimant": claimant, "value": Decimal("227"),
              "qualifier": "at_least", "counted": "civilians killed"},
    )  # fmt: skip
    claim = update_claim(claim=claim, actor=editor, data={"place": "Ukraine"}, expected_version=1)
    add_evidence(
        claim=claim, actor=editor, url="https://ohchr.org/x", stance=EvidenceStance.SUPPORTS
    )
    assign_claim(claim=claim, actor=editor, assignee=editor)
    quantity = TrackedQuantityFactory(counted="civilians killed", unit="", place="Ukraine")
    attach_claims(actor=editor, claim_ids=[claim.pk], quantity=quantity)
    transition_claim(claim=claim, to_status="in_review", actor=editor, expected_version=2)

    written = events()
    assert [t for t, _ in written] == [
        EventType.CLAIM_CREATED,
        EventType.CLAIM_EDITED,
        EventType.EVIDENCE_ADDED,
        EventType.ASSIGNED,
        EventType.ATTACHED,
        EventType.STATUS_CHANGED,
    ]
    created, edited, evidence, assigned, attached, moved = (data for _, data in written)
    assert created["claim"]["value"] == 227 and created["claim"]["qualifier"] == "at_least"
    assert edited["changes"] == [{"field": "place", "from": "", "to": "Ukraine"}]
    assert evidence["changes"][0]["to"] == "supports: https://ohchr.org/x"
    assert assigned["claim"]["assigned_to"] == {"id": editor.pk, "username": "editor"}
    # The event carries the claim as filed after the change, not before it.
    assert attached["claim"]["quantity"] == quantity.pk
    assert moved["from_status"] == "unverified" and moved["to_status"] == "in_review"
    assert moved["claim"]["version"] == 3


def test_an_import_writes_one_imported_event_per_claim(editor):
    data = (
        b"statement,claimant,value,qualifier,counted\r\n"
        b"A,UNHCR,1000000,more_than,refugees\r\n"
        b"B,UNHCR,2.5,exactly,percent\r\n"
    )
    report = import_claims(data=data, filename="f.csv", actor=editor)
    assert report.ok
    written = events()
    assert [t for t, _ in written] == [EventType.IMPORTED, EventType.IMPORTED]
    assert [d["claim"]["id"] for _, d in written] == report.created
    assert written[0][1]["note"] == "Imported from f.csv (line 2)."


def test_a_refused_import_writes_no_event(editor):
    data = b"statement,claimant,qualifier\r\nA,UNHCR,nonsense\r\n"
    assert not import_claims(data=data, filename="f.csv", actor=editor).ok
    assert Event.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_emit_outside_a_transaction_is_refused(claim):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        emit(type=EventType.CLAIM_EDITED, claim=claim, data={})


def test_figures_are_exact_json_numbers():
    assert to_json({"v": Decimal("1000000.0000"), "w": Decimal("2.5000"), "n": None}) == (
        '{"v": 1000000, "w": 2.5, "n": null}'
    )
    assert json.loads(to_json({"v": Decimal("12345678901234.0001")}))["v"] == pytest.approx(
        12345678901234.0001
    )
    assert "12345678901234.0001" in to_json({"v": Decimal("12345678901234.0001")})


def test_the_event_carries_the_claim_as_the_api_shows_it(editor, settings):
    settings.FACTCHECK_BASE_URL = "https://desk.example.org"
    claim = create_claim(
        actor=editor,
        data={"statement": "Over 1,000,000 refugees", "claimant": ClaimantFactory(),
              "value": Decimal("1000000.5"), "qualifier": "more_than", "counted": "refugees"},
    )  # fmt: skip
    assign_claim(claim=claim, actor=editor, assignee=editor)
    transition_claim(claim=claim, to_status="in_review", actor=editor, expected_version=1)
    api_row = (
        ApiClient(create_token(user=editor, name="t")[1])
        .get("/api/v1/claims/?q=refugees")
        .json()["results"]
    )
    event = events()[-1][1]
    # One representation: what a webhook receiver reads is what an API client reads.
    assert event["claim"] == api_row[0]
    assert event["claim"]["value"] == 1000000.5 and event["claim"]["status"] == "in_review"
    assert event["claim"]["page_url"] == f"https://desk.example.org/claims/{claim.pk}/"
    assert event["claim"]["api_url"] == f"https://desk.example.org/api/v1/claims/{claim.pk}/"
    assert (event["from_status"], event["to_status"], event["actor"]) == (
        "unverified", "in_review", "editor"
    )  # fmt: skip


def emit_queries(claim):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        emit(type=EventType.CLAIM_EDITED, claim=claim, data={"actor": "editor"})
    return len(queries)


def test_building_the_event_costs_the_same_whatever_the_claim_has(editor):
    """Events are written inside the change's transaction: reading the claim for the payload
    is one query, however much evidence and history it has (no N+1)."""
    claim = create_claim(actor=editor, data={"statement": "A claim", "claimant": ClaimantFactory()})
    bare = emit_queries(claim)
    EvidenceFactory.create_batch(5, claim=claim)
    assign_claim(claim=claim, actor=editor, assignee=editor)
    transition_claim(claim=claim, to_status="in_review", actor=editor, expected_version=1)
    assert emit_queries(claim) == bare, bare
    # The claim with its claimant and people (1), the event (1), the subscriptions that
    # want it (1), and the savepoint around it.
    assert bare <= 5, bare
