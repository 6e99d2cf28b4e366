from datetime import UTC, datetime

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from factcheck.models import Claim, Status
from factcheck.queue.filters import ClaimFilter
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def filtered(user, query=""):
    request = RequestFactory().get("/claims/?" + query)
    request.user = user
    filterset = ClaimFilter(request.GET, request=request)
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def errors(user, query):
    request = RequestFactory().get("/claims/?" + query)
    request.user = user
    filterset = ClaimFilter(request.GET, request=request)
    assert not filterset.is_valid()
    return filterset.errors


def with_status(status, **kwargs):
    claim = ClaimFactory(**kwargs)
    Claim.objects.filter(pk=claim.pk).update(status=status)
    claim.refresh_from_db()
    return claim


def created(claim, when):
    Claim.objects.filter(pk=claim.pk).update(created_at=when)
    return claim


def test_without_filters_the_queue_shows_open_claims_oldest_first(editor):
    newer = created(with_status(Status.IN_REVIEW), datetime(2022, 3, 2, tzinfo=UTC))
    older = created(ClaimFactory(), datetime(2022, 3, 1, tzinfo=UTC))
    with_status(Status.CONFIRMED)
    assert filtered(editor) == [older, newer]


def test_page_and_sort_alone_keep_the_open_default(editor):
    with_status(Status.REFUTED)
    open_claim = ClaimFactory()
    assert filtered(editor, "sort=-created&page=1") == [open_claim]


def test_status_is_repeatable(editor):
    confirmed = with_status(Status.CONFIRMED)
    refuted = with_status(Status.REFUTED)
    ClaimFactory()
    assert set(filtered(editor, "status=confirmed&status=refuted")) == {confirmed, refuted}


def test_any_other_filter_without_status_means_every_status(editor):
    claimant = ClaimantFactory(name="OHCHR")
    confirmed = with_status(Status.CONFIRMED, claimant=claimant)
    open_claim = ClaimFactory(claimant=claimant)
    ClaimFactory()
    assert set(filtered(editor, f"claimant={claimant.pk}")) == {confirmed, open_claim}


def test_assignee_me_none_and_a_user(editor, editor2):
    mine = ClaimFactory(assigned_to=editor)
    theirs = ClaimFactory(assigned_to=editor2)
    nobodys = ClaimFactory()
    assert filtered(editor, "assignee=me") == [mine]
    assert filtered(editor, "assignee=none") == [nobodys]
    assert filtered(editor, f"assignee={editor2.pk}") == [theirs]


def test_has_figure(editor):
    with_figure = ClaimFactory()
    without = ClaimFactory(value=None, qualifier="", counted="", place="", as_of=None)
    assert filtered(editor, "has_figure=true") == [with_figure]
    assert filtered(editor, "has_figure=false") == [without]


def test_counted_matches_part_of_the_words(editor):
    refugees = ClaimFactory(counted="refugees")
    ClaimFactory(counted="civilians killed")
    assert filtered(editor, "counted=REFUG") == [refugees]


def test_created_dates_include_both_days(editor):
    first = created(ClaimFactory(), datetime(2022, 3, 1, 0, 0, tzinfo=UTC))
    last = created(ClaimFactory(), datetime(2022, 3, 2, 23, 59, tzinfo=UTC))
    created(ClaimFactory(), datetime(2022, 3, 3, 0, 0, tzinfo=UTC))
    created(ClaimFactory(), datetime(2022, 2, 28, 23, 59, tzinfo=UTC))
    found = filtered(editor, "created_after=2022-03-01&created_before=2022-03-02")
    assert found == [first, last]


def test_text_search_covers_statement_claimant_and_methodology(editor):
    by_statement = ClaimFactory(statement="Shelling in Mariupol continued.")
    by_claimant = ClaimFactory(claimant=ClaimantFactory(name="Mariupol city council"))
    by_notes = ClaimFactory(methodology_notes="Checked with the Mariupol hospital.")
    ClaimFactory(statement="Kyiv is calm.")
    found = filtered(editor, "q=mariupol")
    assert set(found) == {by_statement, by_claimant, by_notes}


def test_text_search_covers_place_and_source_title(editor):
    by_place = ClaimFactory(place="Mariupol")
    by_source = ClaimFactory(source_title="The siege of Mariupol, day 10")
    ClaimFactory(place="Kyiv", source_title="Kyiv is calm")
    assert set(filtered(editor, "q=MARIUPOL")) == {by_place, by_source}


def test_blank_search_is_no_filter(editor):
    claim = ClaimFactory()
    assert filtered(editor, "q=+++") == [claim]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("created", ["a", "b", "c"]),
        ("-created", ["c", "b", "a"]),
        ("updated", ["c", "a", "b"]),
        ("-updated", ["b", "a", "c"]),
        ("claimant", ["b", "c", "a"]),
        ("-claimant", ["a", "c", "b"]),
        ("status", ["c", "a", "b"]),
        ("-status", ["b", "a", "c"]),
    ],
)
def test_sorts(editor, sort, expected):
    rows = {
        "a": ("Zeta", Status.IN_REVIEW, 1, 2),
        "b": ("Alpha", Status.REFUTED, 2, 3),
        "c": ("Beta", Status.UNVERIFIED, 3, 1),
    }
    for statement, (claimant, status, created_day, updated_day) in rows.items():
        claim = with_status(status, statement=statement, claimant=ClaimantFactory(name=claimant))
        Claim.objects.filter(pk=claim.pk).update(
            created_at=datetime(2022, 3, created_day, tzinfo=UTC),
            updated_at=datetime(2022, 3, updated_day, tzinfo=UTC),
        )
    every_status = "&".join(f"status={s}" for s in Status.values)
    found = filtered(editor, f"{every_status}&sort={sort}")
    assert [claim.statement for claim in found] == expected


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("status=maybe", "status", "maybe is not one of the available choices"),
        ("claimant=abc", "claimant", "Select a valid choice"),
        ("claimant=999999", "claimant", "Select a valid choice"),
        ("assignee=someone", "assignee", "someone is not one of the available choices"),
        ("assignee=999999", "assignee", "999999 is not one of the available choices"),
        ("has_figure=maybe", "has_figure", "maybe is not one of the available choices"),
        ("created_after=3%20March", "created_after", "Enter a valid date"),
        ("created_before=2022-02-30", "created_before", "Enter a valid date"),
        ("sort=size", "sort", "size is not one of the available choices"),
        (
            "created_after=2022-03-02&created_before=2022-03-01",
            "created_before",
            "The end date is before the start date",
        ),
    ],
)
def test_invalid_values_are_explained(editor, query, field, message):
    assert message in " ".join(errors(editor, query)[field])


def test_the_default_is_written_into_the_filter_data(editor):
    request = RequestFactory().get("/claims/")
    request.user = editor
    data = ClaimFilter(QueryDict(""), request=request).data
    assert data.getlist("status") == [Status.UNVERIFIED, Status.IN_REVIEW]


def test_created_before_the_calendars_last_day_keeps_every_claim(editor):
    claim = ClaimFactory()
    assert filtered(editor, "created_before=9999-12-31") == [claim]


def test_created_after_the_calendars_first_day_keeps_every_claim(editor):
    claim = ClaimFactory()
    assert filtered(editor, "created_after=0001-01-01&created_before=0001-01-01") == []
    assert filtered(editor, "created_after=0001-01-01") == [claim]
