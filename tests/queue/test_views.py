import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone
from django.utils.html import escape

from factcheck.models import Claim, Status
from factcheck.queue import selectors as queries
from factcheck.queue.views import ClaimQueueView
from tests.factories import ClaimantFactory, ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def set_status(claim, status):
    Claim.objects.filter(pk=claim.pk).update(status=status)
    claim.refresh_from_db()
    return claim


def page_text(response):
    return response.content.decode()


def test_claims_url_is_the_queue():
    assert resolve("/claims/").func.view_class is ClaimQueueView


def test_row_shows_statement_claimant_figure_status_assignee_and_age(client_for, editor):
    claim = ClaimFactory(
        statement="At least 227 civilians have been killed, the U.N. said.",
        claimant=ClaimantFactory(name="OHCHR"),
        assigned_to=editor,
    )
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(days=3))
    page = page_text(client_for(editor).get("/claims/"))
    assert f'href="/claims/{claim.pk}/?queue=' in page  # the queue rides along, for "Next"
    assert escape(claim.statement) in page
    assert f'href="/claimants/{claim.claimant_id}/">OHCHR</a>' in page
    assert "at least 227 civilians killed (Ukraine, as of 1 Mar 2022)" in page
    assert "status-unverified" in page
    assert ">editor<" in page
    assert "3\xa0days" in page


def test_long_statements_are_truncated(client_for, viewer):
    ClaimFactory(statement="Word " * 100)
    page = page_text(client_for(viewer).get("/claims/"))
    assert "Word " * 100 not in page
    assert "…" in page


def test_default_view_is_open_claims_and_counts_link_each_status(client_for, editor):
    open_claim = ClaimFactory(statement="Still open")
    set_status(ClaimFactory(statement="Already confirmed"), Status.CONFIRMED)
    response = client_for(editor).get("/claims/")
    page = page_text(response)
    assert "Still open" in page
    assert "Already confirmed" not in page
    assert open_claim.statement in page
    assert 'href="?status=confirmed"' in page
    assert "Confirmed <span" in page
    links = dict(
        (label, count)
        for label, count, *_ in ((s.label, s.count) for s in response.context["status_links"])
    )
    assert links == {
        "Open": 1,
        "Unverified": 1,
        "In review": 0,
        "Confirmed": 1,
        "Disputed": 0,
        "Unverifiable": 0,
        "Refuted": 0,
        "All": 2,
    }


def test_counts_apply_the_other_filters(client_for, editor):
    mine = ClaimFactory(assigned_to=editor)
    set_status(ClaimFactory(assigned_to=editor), Status.REFUTED)
    ClaimFactory()
    response = client_for(editor).get("/claims/?assignee=me&status=unverified")
    counts = {s.label: s.count for s in response.context["status_links"]}
    assert counts["Unverified"] == 1
    assert counts["Refuted"] == 1
    assert counts["All"] == 2
    assert list(response.context["claims"]) == [mine]
    assert 'href="?assignee=me&amp;status=refuted"' in page_text(response)


def test_too_many_matches_are_not_counted_but_still_paged(client_for, editor, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_LIMIT", 3)
    ClaimFactory.create_batch(5, counted="refugees", created_by=editor)
    response = client_for(editor).get("/claims/?counted=refugees")
    page = page_text(response)
    assert "More than 3" in page
    assert all(link.count is None for link in response.context["status_links"])
    assert len(response.context["claims"]) == 5


def test_quick_views_keep_the_shown_statuses(client_for, editor):
    page = page_text(client_for(editor).get("/claims/"))
    assert 'href="?status=unverified&amp;status=in_review&amp;assignee=me"' in page
    assert 'href="?status=unverified&amp;status=in_review&amp;assignee=none"' in page


def test_pagination_keeps_the_filters(client_for, editor):
    claimant = ClaimantFactory(name="UNHCR")
    ClaimFactory.create_batch(queries.PAGE_SIZE + 1, claimant=claimant, created_by=editor)
    response = client_for(editor).get(f"/claims/?claimant={claimant.pk}&sort=-created")
    page = page_text(response)
    assert len(response.context["claims"]) == queries.PAGE_SIZE
    assert f'href="?claimant={claimant.pk}&amp;sort=-created&amp;page=2"' in page
    assert "Page 1 of 2" in page
    second = client_for(editor).get(f"/claims/?claimant={claimant.pk}&sort=-created&page=2")
    assert len(second.context["claims"]) == 1


def test_pages_never_overlap_or_skip(client_for, editor):
    claims = ClaimFactory.create_batch(queries.PAGE_SIZE + 7, created_by=editor)
    Claim.objects.update(created_at=timezone.now())  # equal timestamps: id breaks the tie
    seen = []
    for number in (1, 2):
        seen += list(client_for(editor).get(f"/claims/?page={number}").context["claims"])
    assert [c.pk for c in seen] == sorted(c.pk for c in claims)


def test_invalid_filters_are_explained_not_a_server_error(client_for, editor):
    response = client_for(editor).get(
        "/claims/?status=maybe&created_after=yesterday&assignee=x&has_figure=2&sort=size"
    )
    page = page_text(response)
    assert response.status_code == 400
    assert "Some filters are not valid" in page
    assert "maybe is not one of the available choices" in page
    assert "Enter a valid date" in page
    assert 'href="/claims/"' in page  # the way back


@pytest.mark.parametrize(
    ("page", "status", "message"),
    [
        ("abc", 400, "is not a page number"),
        ("0", 404, "There is no page 0"),
        ("7", 404, "There is no page 7"),
    ],
)
def test_bad_page_numbers_are_explained(client_for, editor, page, status, message):
    ClaimFactory()
    response = client_for(editor).get(f"/claims/?q=&page={page}")
    assert response.status_code == status
    assert message in page_text(response)
    assert "Go to the first page" in page_text(response)


def test_empty_desk_says_there_are_no_claims_yet(client_for, editor):
    page = page_text(client_for(editor).get("/claims/"))
    assert "No claims yet" in page
    assert "Add the first claim" in page


def test_no_results_explains_and_offers_a_way_back(client_for, editor):
    ClaimFactory()
    page = page_text(client_for(editor).get("/claims/?status=refuted&q=nothing-like-this"))
    assert "No claims match these filters" in page
    assert "Back to the open claims" in page
    assert 'href="?q=nothing-like-this"' in page  # same filters, any status


def test_viewers_see_no_bulk_controls(client_for, viewer):
    ClaimFactory()
    page = page_text(client_for(viewer).get("/claims/"))
    assert 'name="claims"' not in page
    assert "Assign selected" not in page


def test_editors_get_a_checkbox_and_the_version_per_row(client_for, editor):
    claim = ClaimFactory()
    page = page_text(client_for(editor).get("/claims/"))
    assert f'name="claims" value="{claim.pk}"' in page
    assert f'name="version_{claim.pk}" value="{claim.version}"' in page


def queries_for(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/claims/",
        "/claims/?status=confirmed&status=unverified",
        "/claims/?assignee=me&has_figure=true&sort=-updated",
        "/claims/?q=civilians&sort=claimant",
        "/claims/?counted=killed&created_after=2000-01-01&sort=status",
    ],
)
def test_query_count_is_the_same_for_any_amount_of_data(client_for, editor, path):
    client = client_for(editor)
    ClaimFactory(assigned_to=editor)
    few = queries_for(client, path)
    for n in range(queries.PAGE_SIZE * 2 + 5):
        claim = ClaimFactory(
            assigned_to=editor if n % 2 else None,
            claimant=ClaimantFactory(name=f"Claimant {n % 7}"),
            created_by=editor,
        )
        EvidenceFactory(claim=claim)
        if n % 3 == 0:
            set_status(claim, Status.CONFIRMED)
    assert queries_for(client, path) == few
    page_two = path + ("&" if "?" in path else "?") + "page=2"
    assert queries_for(client, page_two) == few


def test_query_count_does_not_grow_with_page_size(client_for, editor, monkeypatch):
    client = client_for(editor)
    ClaimFactory.create_batch(30, created_by=editor)
    monkeypatch.setattr(queries, "PAGE_SIZE", 5)
    small = queries_for(client, "/claims/")
    monkeypatch.setattr(queries, "PAGE_SIZE", 30)
    large = queries_for(client, "/claims/")
    assert small == large


def test_statements_are_escaped(client_for, editor):
    ClaimFactory(statement="<script>alert(1)</script> said")
    page = page_text(client_for(editor).get("/claims/"))
    assert "<script>alert(1)</script>" not in page
    assert re.search(r"&lt;script&gt;alert\(1\)&lt;/script&gt; said", page)


@pytest.fixture
def mixed_desk(editor):
    """Claims in every status, with and without a figure, some assigned, some about civilians."""
    claims = []
    for n, status in enumerate(Status.values * 2):
        claim = ClaimFactory(
            statement=f"{'Civilians' if n % 3 else 'Refugees'} claim {n}",
            assigned_to=editor if n % 2 else None,
            **({"value": None, "qualifier": "", "counted": ""} if n % 4 == 0 else {}),
        )
        # The lowest ids are the newest, so the queue's order is not the id order.
        Claim.objects.filter(pk=claim.pk).update(
            status=status, created_at=timezone.now() - timedelta(days=n)
        )
        claims.append(claim)
    return claims


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=civilians",
        "assignee=none",
        "status=confirmed&status=disputed",
        "has_figure=true",
        "has_figure=false&sort=-updated",
        "q=claim&sort=claimant",
    ],
)
def test_export_these_exports_exactly_the_claims_on_screen_in_order(
    client_for, editor, mixed_desk, query
):
    client = client_for(editor)
    queue = client.get(f"/claims/?{query}")
    shown = [claim.pk for claim in queue.context["claims"]]
    assert shown
    link = queue.context["export_url"]
    exported = client.get("/exports/figures.json" + link.removeprefix("/exports/"))
    assert exported.status_code == 200
    figures = json.loads(b"".join(exported.streaming_content))["figures"]
    assert [figure["claim_id"] for figure in figures] == shown


def test_export_these_names_the_statuses_and_sort_on_screen(client_for, editor, mixed_desk):
    link = client_for(editor).get("/claims/?q=civilians").context["export_url"]
    params = QueryDict(link.split("?", 1)[1])
    assert params.getlist("status") == Status.values
    assert params["sort"] == "created"
    assert params["has_figure"] == "any"


def test_bulk_assignment_offers_only_people_who_may_hold_a_claim(
    client_for, editor, editor2, reporter, viewer
):
    ClaimFactory()
    viewer.is_active, editor2.is_active = True, False
    editor2.save()
    page = page_text(client_for(editor).get("/claims/"))
    options = re.search(r'id="bulk-assignee">(.*?)</select>', page, re.S).group(1)
    assert f'value="{editor.pk}"' in options and f'value="{reporter.pk}"' in options
    assert f'value="{viewer.pk}"' not in options
    assert f'value="{editor2.pk}"' not in options


def test_the_search_box_is_always_visible_above_the_folded_filters(client_for, editor):
    ClaimFactory()
    page = page_text(client_for(editor).get("/claims/"))
    search = page.index('id="queue-search"')
    assert search < page.index('<details class="card mb-3 queue-filters"')
    assert '<details class="card mb-3 queue-filters">' in page  # folded with no filter set


def test_searching_keeps_the_other_filters(client_for, editor):
    ClaimFactory()
    page = page_text(client_for(editor).get("/claims/?status=confirmed&sort=-created&q=x"))
    start = page.index('role="search"')
    search_form = page[start : page.index("</form>", start)]
    assert '<input type="hidden" name="status" value="confirmed">' in search_form
    assert '<input type="hidden" name="sort" value="-created">' in search_form
    assert 'name="q" value="x"' in search_form


def test_the_bulk_panel_is_folded_until_the_script_opens_it_on_a_desk(client_for, editor):
    ClaimFactory()
    page = page_text(client_for(editor).get("/claims/"))
    assert '<details class="queue-bulk border rounded p-2 mb-2" id="bulk-panel">' in page
