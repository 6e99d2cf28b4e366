import csv
import io
import json

import pytest

from factcheck.models import Status
from tests.factories import ClaimantFactory, ClaimFactory, give_verdict

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    "/exports/figures.csv",
    "/exports/figures.json",
    "/exports/figures-hxl.csv",
    "/exports/claimreview.jsonld",
]


def body(response):
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def figures(editor):
    unhcr = ClaimantFactory(name="UNHCR")
    return [
        give_verdict(
            ClaimFactory(
                claimant=unhcr,
                counted="refugees",
                published_url="https://news.example.org/fact-checks/refugees",
            ),
            Status.CONFIRMED,
            editor,
        ),
        give_verdict(ClaimFactory(), Status.CONFIRMED, editor),
        give_verdict(ClaimFactory(), Status.DISPUTED, editor),
    ]


@pytest.mark.parametrize("url", ["/exports/", *DOWNLOADS])
def test_reporters_may_not_export(url, client_for, reporter):
    assert client_for(reporter).get(url).status_code == 403


@pytest.mark.parametrize("url", ["/exports/", *DOWNLOADS])
def test_anonymous_users_are_sent_to_log_in(url, client):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_viewers_and_editors_download_a_streamed_named_csv(role, request, client_for, figures):
    user = request.getfixturevalue(role)
    response = client_for(user).get("/exports/figures.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="verified-figures-')
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [r["claim_id"] for r in rows] == [str(figures[0].pk), str(figures[1].pk)]


@pytest.mark.parametrize(
    "url, content_type",
    [
        ("/exports/figures.json", "application/json"),
        ("/exports/figures-hxl.csv", "text/csv; charset=utf-8"),
        ("/exports/claimreview.jsonld", "application/ld+json"),
    ],
)
def test_every_format_takes_the_same_filters(url, content_type, client_for, viewer, figures):
    unhcr = figures[0].claimant
    response = client_for(viewer).get(url, {"claimant": unhcr.pk, "status": ["confirmed"]})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    # ClaimReview's url is the published fact check; the other formats link the claim page.
    expected = figures[0].published_url if "claimreview" in url else figures[0].get_absolute_url()
    assert str(expected) in body(response)


def test_json_records_the_filters_it_applied(client_for, viewer, figures):
    response = client_for(viewer).get(
        "/exports/figures.json", {"status": ["confirmed", "disputed"], "counted": "refugees"}
    )
    document = json.loads(body(response))
    assert document["count"] == 1
    assert document["filters"]["status"] == ["confirmed", "disputed"]
    assert document["filters"]["counted"] == "refugees"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="figures-confirmed-disputed-'
    )


@pytest.mark.parametrize("url", DOWNLOADS)
def test_bad_filters_get_400_with_a_message_not_a_file(url, client_for, viewer, figures):
    response = client_for(viewer).get(url, {"date_from": "yesterday", "srot": "x"})
    assert response.status_code == 400
    assert not response.streaming
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "The export was not started" in text
    assert "Enter the date as YYYY-MM-DD" in text
    assert "Unknown filter “srot”" in text
    assert "Content-Disposition" not in response


def test_export_page_shows_the_default_count_and_download_links(client_for, viewer, figures):
    response = client_for(viewer).get("/exports/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 rows with these filters" in page
    assert 'href="/exports/figures.csv?format=csv' not in page  # the page's own params stay
    assert 'href="/exports/figures-hxl.csv' in page


def test_export_page_counts_the_chosen_filters(client_for, viewer, figures):
    response = client_for(viewer).get(
        "/exports/", {"format": "json", "status": ["confirmed", "disputed"], "action": "count"}
    )
    page = response.content.decode()
    assert "3 rows with these filters" in page
    assert 'href="/exports/figures.json?status=confirmed&amp;status=disputed' in page


def test_export_page_download_goes_to_the_chosen_format_with_the_filters(
    client_for, viewer, figures
):
    response = client_for(viewer).get(
        "/exports/",
        {"format": "hxl", "status": "disputed", "date_from": "", "action": "download"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/exports/figures-hxl.csv?status=disputed"


def test_export_page_shows_bad_filters_next_to_the_fields(client_for, viewer):
    response = client_for(viewer).get(
        "/exports/", {"date_from": "2022-03-09", "date_to": "2022-03-01", "action": "download"}
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()


def test_nav_offers_export_only_to_those_who_may(client_for, viewer, reporter):
    assert 'href="/exports/"' in client_for(viewer).get("/claims/").content.decode()
    assert 'href="/exports/"' not in client_for(reporter).get("/claims/").content.decode()


def test_the_queues_filters_export_exactly_what_the_queue_shows(client_for, editor, editor2):
    mine = ClaimFactory(statement="Refugees top a million", assigned_to=editor)
    give_verdict(mine, Status.CONFIRMED, editor)
    give_verdict(ClaimFactory(statement="Refugees elsewhere"), Status.CONFIRMED, editor)
    give_verdict(ClaimFactory(statement="Other news", assigned_to=editor), Status.CONFIRMED, editor)
    client = client_for(editor)
    queue = client.get("/claims/", {"q": "refugees", "assignee": "me", "status": "confirmed"})
    link = queue.context["export_url"]
    assert "has_figure=any" in link and "q=refugees" in link and "assignee=me" in link
    page = client.get(link)
    assert page.status_code == 200
    assert "1 row with these filters" in page.content.decode()
    assert '<input type="hidden" name="q" value="refugees">' in page.content.decode()
    download = client.get("/exports/figures.csv" + link.removeprefix("/exports/"))
    rows = list(csv.DictReader(io.StringIO(body(download))))
    assert [r["claim_id"] for r in rows] == [str(mine.pk)]


def test_the_queues_sort_and_date_filters_apply_and_are_validated(client_for, viewer, figures):
    response = client_for(viewer).get("/exports/figures.json", {"sort": "-created"})
    ids = [f["claim_id"] for f in json.loads(body(response))["figures"]]
    assert ids == [figures[1].pk, figures[0].pk]
    bad = client_for(viewer).get("/exports/figures.csv", {"created_after": "soon", "sort": "x"})
    assert bad.status_code == 400
    assert "created_after" in bad.content.decode() and "sort" in bad.content.decode()


def test_reporters_get_no_export_link_in_the_queue(client_for, reporter):
    assert client_for(reporter).get("/claims/").context["export_url"] is None


@pytest.mark.parametrize(
    "query",
    [
        "date_basis=verified&date_to=9999-12-31",
        "date_basis=verified&date_from=0001-01-01",
        "created_before=9999-12-31",
        "date_to=9999-12-31",
    ],
)
def test_the_calendars_edges_are_dates_like_any_other(client_for, viewer, editor, query):
    confirmed = give_verdict(ClaimFactory(), Status.CONFIRMED, editor)
    response = client_for(viewer).get(f"/exports/figures.csv?{query}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [row["claim_id"] for row in rows] == [str(confirmed.pk)]


# --- For Excel; ClaimReview's published fact checks (issue 12) ----------------------------------


@pytest.mark.parametrize("url", ["/exports/figures.csv", "/exports/figures-hxl.csv"])
def test_for_excel_starts_the_csv_with_a_byte_order_mark(url, client_for, viewer, figures):
    """Before: Excel opened a double-clicked export's Ukrainian as mojibake."""
    figures[0].statement = "Понад 1 000 000 біженців"
    figures[0].save()
    client = client_for(viewer)
    plain = b"".join(client.get(url).streaming_content)
    excel = b"".join(client.get(url, {"for_excel": "true"}).streaming_content)
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel == b"\xef\xbb\xbf" + plain
    assert "Понад 1 000 000 біженців" in excel.decode("utf-8-sig")


def test_for_excel_leaves_json_valid(client_for, viewer, figures):
    response = client_for(viewer).get("/exports/figures.json", {"for_excel": "true"})
    assert json.loads(body(response))["count"] == 2


def test_a_bad_for_excel_value_is_a_400(client_for, viewer):
    response = client_for(viewer).get("/exports/figures.csv", {"for_excel": "perhaps"})
    assert response.status_code == 400
    assert "for_excel must be true or false" in response.content.decode()


def test_the_export_page_offers_excel_and_keeps_it_in_the_download_links(
    client_for, viewer, figures
):
    page = client_for(viewer).get("/exports/", {"status": "confirmed", "for_excel": "true"})
    html = page.content.decode()
    assert 'name="for_excel"' in html and "For Excel" in html
    assert "/exports/figures.csv?status=confirmed&amp;for_excel=true" in html


def test_the_export_page_says_how_many_claims_claimreview_leaves_out_and_why(
    client_for, viewer, figures
):
    html = client_for(viewer).get("/exports/", {"status": ["confirmed", "disputed"]}).content
    assert (
        "2 claims with a verdict have no published fact check address, so they are left out of "
        "ClaimReview" in html.decode()
    )
