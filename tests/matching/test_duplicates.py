"""Marking a claim as a duplicate of an earlier one: the service, its audit rows, the page,
the queue's marker and the exports' filter."""

import json
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from factcheck.errors import InvalidInput, NotFound, NotPermitted
from factcheck.matching.duplicates import mark_duplicate, unmark_duplicate
from factcheck.models import Claim, ClaimChange, Status
from factcheck.workflow.status_writer import write_status
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return ClaimFactory(), ClaimFactory()


def test_an_editor_marks_the_later_claim_and_the_audit_trail_says_so(editor, pair):
    earlier, later = pair
    mark_duplicate(claim=later, of=earlier.pk, actor=editor)
    later.refresh_from_db()
    assert later.duplicate_of == earlier and later.version == 1
    change = ClaimChange.objects.get(claim=later)
    assert (change.field, change.old_value, change.new_value, change.actor) == (
        "duplicate_of",
        "",
        f"claim {earlier.pk}",
        editor,
    )


def test_unmarking_is_recorded_too(editor, pair):
    earlier, later = pair
    mark_duplicate(claim=later, of=earlier, actor=editor)
    unmark_duplicate(claim=later, actor=editor)
    later.refresh_from_db()
    assert later.duplicate_of is None
    assert list(ClaimChange.objects.filter(claim=later).values_list("old_value", "new_value")) == [
        (f"claim {earlier.pk}", ""),
        ("", f"claim {earlier.pk}"),
    ]
    unmark_duplicate(claim=later, actor=editor)  # nothing to undo: nothing recorded
    assert ClaimChange.objects.filter(claim=later).count() == 2


@pytest.mark.parametrize("role", ["reporter", "viewer"])
def test_only_editors_may_mark(request, role, pair):
    earlier, later = pair
    with pytest.raises(NotPermitted):
        mark_duplicate(claim=later, of=earlier, actor=request.getfixturevalue(role))
    with pytest.raises(NotPermitted):
        unmark_duplicate(claim=later, actor=request.getfixturevalue(role))
    assert not ClaimChange.objects.exists()


def test_a_claim_points_only_to_an_earlier_claim(editor, pair):
    earlier, later = pair
    for claim, of, code in (
        (earlier, later, "duplicate_of_later"),
        (later, later, "duplicate_of_itself"),
    ):
        with pytest.raises(InvalidInput) as refused:
            mark_duplicate(claim=claim, of=of.pk, actor=editor)
        assert refused.value.problems[0].code == code
    with pytest.raises(NotFound):
        mark_duplicate(claim=later, of=later.pk + 100, actor=editor)
    assert not Claim.objects.filter(duplicate_of__isnull=False).exists()


def test_the_database_refuses_a_later_or_the_same_claim(pair):
    earlier, later = pair
    for target, of in ((earlier, later), (later, later)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Claim.objects.filter(pk=target.pk).update(duplicate_of=of)


def test_no_chains_of_duplicates(editor):
    first, second, third = ClaimFactory(), ClaimFactory(), ClaimFactory()
    mark_duplicate(claim=second, of=first, actor=editor)
    with pytest.raises(InvalidInput) as refused:
        mark_duplicate(claim=third, of=second, actor=editor)
    assert refused.value.problems[0].code == "duplicate_of_duplicate"
    assert f"claim {first.pk}" in str(refused.value)
    unmark_duplicate(claim=second, actor=editor)
    mark_duplicate(claim=third, of=second, actor=editor)
    with pytest.raises(InvalidInput) as refused:
        mark_duplicate(claim=second, of=first, actor=editor)
    assert refused.value.problems[0].code == "has_duplicates"


def test_a_claim_with_a_verdict_can_be_marked(editor, pair):
    earlier, later = pair
    write_status(claim=later, to_status=Status.CONFIRMED, actor=editor)
    mark_duplicate(claim=later, of=earlier, actor=editor)
    assert Claim.objects.get(pk=later.pk).duplicate_of_id == earlier.pk


# --- Pages ------------------------------------------------------------------------------------


def test_the_page_marks_and_unmarks(client_for, editor, pair):
    earlier, later = pair
    client = client_for(editor)
    response = client.post(f"/claims/{later.pk}/duplicate/", {"duplicate_of": str(earlier.pk)})
    assert response.status_code == 302
    page = client.get(f"/claims/{later.pk}/").content.decode()
    assert f'Duplicate of <a href="/claims/{earlier.pk}/">claim {earlier.pk}</a>' in page
    client.post(f"/claims/{later.pk}/duplicate/", {"duplicate_of": ""})
    assert Claim.objects.get(pk=later.pk).duplicate_of is None


@pytest.mark.parametrize("posted", ["abc", "99999999999999999999999", "-1"])
def test_the_page_explains_a_bad_claim_number(client_for, editor, pair, posted):
    later = pair[1]
    response = client_for(editor).post(
        f"/claims/{later.pk}/duplicate/", {"duplicate_of": posted}, follow=True
    )
    assert "is not a claim number" in response.content.decode()
    assert Claim.objects.get(pk=later.pk).duplicate_of is None


def test_a_refusal_is_shown_on_the_claim_page(client_for, editor, pair):
    earlier, later = pair
    response = client_for(editor).post(
        f"/claims/{earlier.pk}/duplicate/", {"duplicate_of": str(later.pk)}, follow=True
    )
    assert "was filed after" in response.content.decode()


def test_the_queue_marks_duplicates_in_the_same_number_of_queries(client_for, editor, pair):
    earlier, later = pair
    client = client_for(editor)
    client.get("/claims/")
    with CaptureQueriesContext(connection) as before:
        client.get("/claims/")
    mark_duplicate(claim=later, of=earlier, actor=editor)
    with CaptureQueriesContext(connection) as after:
        page = client.get("/claims/").content.decode()
    assert len(after) == len(before)
    assert re.search(rf"Duplicate of claim {earlier.pk}</span>", page)
    assert page.count("duplicate-marker") == 1


def test_exports_leave_duplicates_out_unless_asked(client_for, editor, pair):
    earlier, later = pair
    for claim in pair:
        write_status(claim=claim, to_status=Status.CONFIRMED, actor=editor)
    mark_duplicate(claim=later, of=earlier, actor=editor)
    client = client_for(editor)

    def exported(query=""):
        response = client.get(f"/exports/figures.json{query}")
        body = json.loads(b"".join(response.streaming_content))
        return [row["claim_id"] for row in body["figures"]], body["filters"]["duplicates"]

    assert exported() == ([earlier.pk], "exclude")
    assert exported("?duplicates=include") == ([earlier.pk, later.pk], "include")
    assert client.get("/exports/figures.csv?duplicates=maybe").status_code == 400


def test_the_queues_export_link_includes_duplicates(client_for, editor):
    ClaimFactory()
    page = client_for(editor).get("/claims/").content.decode()
    assert "duplicates=include" in page
