"""The README's example webhook bodies, one per event type, are made here by the real writers
(the same services the pages and the API call), so they cannot drift from the code: this
test fails when the README's block differs from what the code sends now.

To rewrite the block after a deliberate change of a payload:

    FACTCHECK_WRITE_EXAMPLES=1 DEBUG=1 .venv/bin/pytest -q tests/events/test_examples.py
"""

import json
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from freezegun import freeze_time

from factcheck.claims.assignment import assign_claim
from factcheck.claims.services import add_evidence, change_evidence, create_claim, update_claim
from factcheck.events.payloads import body
from factcheck.imports.services import import_claims
from factcheck.models import Claim, Event, EventType, EvidenceStance, Qualifier, Status
from factcheck.tracker.services import attach_claims
from factcheck.workflow.services import transition_claim
from tests.factories import ClaimantFactory, TrackedQuantityFactory, UserFactory

README = Path(__file__).resolve().parents[2] / "README.md"
BEGIN = "<!-- event-examples:begin (made by tests/events/test_examples.py) -->"
END = "<!-- event-examples:end -->"

IMPORT_FILE = (
    "statement,claimant,claimant_kind,value,qualifier,unit,counted,place,as_of,source_url\r\n"
    "More than 1 million refugees have fled Ukraine.,UNHCR,un_agency,1000000,more_than,,"
    "refugees,Ukraine,2022-03-02,https://twitter.com/FilippoGrandi/status/1499049478384635907\r\n"
)


def make_one_event_of_each_type():
    """A claim's life on the desk, one step per event type; then an import."""
    reporter = UserFactory(username="reporter", role="Reporter")
    editor = UserFactory(username="editor", role="Editor")
    ohchr = ClaimantFactory(name="UN Human Rights Office (OHCHR)", kind="un_agency")
    with freeze_time("2022-03-02 09:15:02") as clock:
        claim = create_claim(
            actor=reporter,
            data={
                "statement": "At least 227 civilians have been killed in Ukraine.",
                "claimant": ohchr,
                "value": Decimal("227"),
                "qualifier": Qualifier.AT_LEAST,
                "counted": "civilians killed",
                "as_of": date(2022, 3, 1),
                "source_url": "https://news.un.org/en/story/2022/03/1113152",
                "source_title": "UN News",
                "methodology_notes": "OHCHR counts only individually verified deaths.",
            },
        )
        clock.move_to("2022-03-02 09:20:41")
        claim = update_claim(claim=claim, actor=reporter, data={"place": "Ukraine"},
                             expected_version=claim.version)  # fmt: skip
        clock.move_to("2022-03-02 11:02:13")
        evidence = add_evidence(
            claim=claim,
            actor=editor,
            url="https://www.ohchr.org/en/news/2022/03/ukraine-civilian-casualty-update-2-march-2022",
            title="Ukraine: civilian casualty update",
            stance=EvidenceStance.SUPPORTS,
        )
        clock.move_to("2022-03-02 11:04:50")
        change_evidence(
            evidence=evidence, actor=editor, data={"note": "Counts verified deaths only."}
        )
        clock.move_to("2022-03-02 11:05:30")
        assign_claim(claim=claim, assignee=editor, actor=editor)
        clock.move_to("2022-03-02 11:06:00")
        quantity = TrackedQuantityFactory(
            name="Civilians killed in Ukraine", counted="civilians killed", place="Ukraine"
        )
        attach_claims(claim_ids=[claim.pk], quantity=quantity, actor=editor)
        claim.refresh_from_db()
        clock.move_to("2022-03-03 13:40:00")
        claim = transition_claim(claim=claim, to_status=Status.IN_REVIEW, actor=editor,
                                 expected_version=claim.version)  # fmt: skip
        clock.move_to("2022-03-03 14:07:00")
        transition_claim(
            claim=claim,
            to_status=Status.CONFIRMED,
            actor=editor,
            note="OHCHR's daily update, checked against its methodology page.",
            expected_version=claim.version,
        )
        clock.move_to("2022-03-03 15:30:00")
        report = import_claims(data=IMPORT_FILE.encode(), filename="figures.csv", actor=editor)
        assert report.ok, report.problems
    assert Claim.objects.count() == 2


def examples() -> str:
    """The README block: the body of the latest event of each type, as it is sent."""
    latest = {event.type: event for event in Event.objects.order_by("id")}
    assert set(latest) == set(EventType.values), "every event type needs its example"
    parts = [BEGIN]
    for event_type in EventType:
        event = latest[event_type.value]
        sent = json.loads(body(type=event.type, timestamp=event.occurred_at, data=event.data))
        parts += [
            f"<details><summary><code>{event_type.value}</code>: {event_type.label}</summary>",
            "",
            "```json",
            json.dumps(sent, indent=2, ensure_ascii=False),
            "```",
            "",
            "</details>",
        ]
    parts.append(END)
    return "\n".join(parts)


@pytest.mark.django_db(transaction=True, reset_sequences=True, serialized_rollback=True)
def test_the_readme_shows_what_each_event_type_sends(settings):
    settings.FACTCHECK_BASE_URL = "https://factcheck.example.org"
    make_one_event_of_each_type()
    made = examples()
    readme = README.read_text()
    found = re.search(re.escape(BEGIN) + r".*?" + re.escape(END), readme, re.DOTALL)
    assert found, f"README.md lacks the block between {BEGIN!r} and {END!r}"
    if os.environ.get("FACTCHECK_WRITE_EXAMPLES") == "1":
        README.write_text(readme[: found.start()] + made + readme[found.end() :])
        return
    assert found.group(0) == made, (
        "The README's example webhook bodies differ from what the code sends: run "
        "FACTCHECK_WRITE_EXAMPLES=1 pytest tests/events/test_examples.py and review the diff."
    )
