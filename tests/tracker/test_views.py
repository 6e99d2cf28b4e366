import csv
import io
import json
from datetime import date
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.utils import timezone
from django.utils.html import escape

from factcheck.models import Claim, Status
from tests.factories import ClaimantFactory, ClaimFactory, TrackedQuantityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def killed():
    quantity = TrackedQuantityFactory(name="Civilians killed in Ukraine since 24 Feb 2022")
    un = ClaimantFactory(name="UN human rights office (OHCHR)")
    confirmed = ClaimFactory(
        quantity=quantity,
        claimant=un,
        as_of=date(2022, 3, 1),
        methodology_notes="Counts only confirmed casualties; a vast undercount.",
        source_title="OHCHR update",
    )
    Claim.objects.filter(pk=confirmed.pk).update(status=Status.CONFIRMED)
    ClaimFactory(
        quantity=quantity,
        claimant=ClaimantFactory(name="Government of Ukraine"),
        value=Decimal(2000),
        qualifier="more_than",
        as_of=date(2022, 3, 2),
    )
    return quantity


def test_quantity_page_shows_confirmed_figure_spread_chart_and_table(client_for, viewer, killed):
    page = client_for(viewer).get(f"/quantities/{killed.pk}/").content.decode()
    assert "at least 227" in page
    assert "a vast undercount" in page  # the caveat
    assert escape("is more than 8.8 times the latest confirmed count") in page
    assert "<svg" in page and "hollow: not confirmed" in page
    assert page.count('class="point ') == 2 * 2  # the desk's drawing and the phone's
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Government of Ukraine" in page and "Unverified" in page
    assert "Move selected" not in page  # viewers read only
    assert f"/quantities/{killed.pk}/series.csv" in page


def test_quantity_page_without_a_confirmed_figure(client_for, viewer):
    quantity = TrackedQuantityFactory()
    ClaimFactory(quantity=quantity)
    page = client_for(viewer).get(f"/quantities/{quantity.pk}/").content.decode()
    assert "No figure for this quantity has been independently confirmed yet." in page


def test_list_shows_each_quantity_with_its_latest_confirmed_figure(client_for, viewer, killed):
    TrackedQuantityFactory(name="Refugees who left Ukraine")
    page = client_for(viewer).get("/quantities/").content.decode()
    assert killed.name in page and "Refugees who left Ukraine" in page
    assert "at least 227" in page and "None confirmed yet" in page


def test_editor_attaches_from_the_claim_page(client_for, editor, killed):
    claim = ClaimFactory()
    page = client_for(editor).get(f"/claims/{claim.pk}/").content.decode()
    assert "Figure tracker" in page and f'value="{killed.pk}"' in page
    response = client_for(editor).post(
        "/quantities/attach/",
        {"claims": claim.pk, "quantity": killed.pk, "next": f"/claims/{claim.pk}/"},
    )
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
    claim.refresh_from_db()
    assert claim.quantity == killed
    page = client_for(editor).get(f"/claims/{claim.pk}/").content.decode()
    assert f'href="/quantities/{killed.pk}/"' in page
    assert f'href="/claimants/{claim.claimant_id}/"' in page


def test_bulk_attach_takes_many_ids_and_reports(client_for, editor, killed):
    claims = ClaimFactory.create_batch(3)
    client = client_for(editor)
    response = client.post(
        "/quantities/attach/", {"claims": [c.pk for c in claims], "quantity": killed.pk}
    )
    assert response["Location"] == f"/quantities/{killed.pk}/"
    assert killed.claims.count() == 5
    assert "3 claims attached" in client.get(response["Location"]).content.decode()


def test_bulk_attach_refusal_changes_nothing_and_says_why(client_for, editor, killed):
    claim = ClaimFactory()
    client = client_for(editor)
    response = client.post(
        "/quantities/attach/", {"claims": f"{claim.pk}, 999999", "quantity": killed.pk}, follow=True
    )
    assert "Nothing was changed. No claim 999999." in response.content.decode()
    claim.refresh_from_db()
    assert claim.quantity is None


def test_bulk_attach_rejects_bad_ids_and_foreign_redirects(client_for, editor, killed):
    client = client_for(editor)
    response = client.post("/quantities/attach/", {"claims": "3; drop", "quantity": killed.pk})
    assert response["Location"] == "/quantities/"
    claim = ClaimFactory()
    response = client.post(
        "/quantities/attach/",
        {"claims": claim.pk, "quantity": killed.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/quantities/{killed.pk}/"


@pytest.mark.parametrize("user", ["reporter", "viewer"])
def test_only_editors_may_attach(request, client_for, user, killed):
    claim = ClaimFactory()
    client = client_for(request.getfixturevalue(user))
    response = client.post("/quantities/attach/", {"claims": claim.pk, "quantity": killed.pk})
    assert response.status_code == 403
    assert "Figure tracker" in client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'name="quantity"' not in client.get(f"/claims/{claim.pk}/").content.decode()


def test_moving_claims_from_a_quantity_page(client_for, editor, killed):
    other = TrackedQuantityFactory(name="Civilians killed in Kyiv")
    ukraine = killed.claims.get(claimant__name="Government of Ukraine")
    client_for(editor).post(
        "/quantities/attach/",
        {"claims": ukraine.pk, "quantity": other.pk, "next": f"/quantities/{killed.pk}/"},
    )
    page = client_for(editor).get(f"/quantities/{killed.pk}/").content.decode()
    assert "The confirmed count, at least 227" in page  # Ukraine's figure moved away
    assert list(other.claims.all()) == [ukraine]


def test_editor_creates_a_quantity(client_for, editor):
    response = client_for(editor).post(
        "/quantities/new/", {"name": "Refugees who left Ukraine", "counted": "refugees"}
    )
    assert response.status_code == 302
    assert client_for(editor).get(response["Location"]).status_code == 200


def test_reporter_cannot_open_the_new_quantity_form(client_for, reporter):
    assert client_for(reporter).get("/quantities/new/").status_code == 403


def test_series_exports(client_for, viewer, killed):
    response = client_for(viewer).get(f"/quantities/{killed.pk}/series.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["value"] for r in rows] == ["227", "2000"]
    document = json.loads(client_for(viewer).get(f"/quantities/{killed.pk}/series.json").content)
    assert len(document["figures"]) == 2


def test_reporters_may_not_export(client_for, reporter, killed):
    assert client_for(reporter).get(f"/quantities/{killed.pk}/series.csv").status_code == 403


def test_claimant_page_shows_the_track_record(client_for, viewer, killed):
    ukraine = killed.claims.get(claimant__name="Government of Ukraine").claimant
    refuted = ClaimFactory(claimant=ukraine, value=None, qualifier="", counted="")
    Claim.objects.filter(pk=refuted.pk).update(status=Status.REFUTED)
    page = client_for(viewer).get(f"/claimants/{ukraine.pk}/").content.decode()
    assert "Track record" in page
    assert "more than 2,000" in page
    assert "more than 8.8 times the confirmed count" in page
    assert killed.name in page
    assert "Refuted" in page


def test_bulk_attach_include_posts_the_surrounding_forms_claims(rf, editor, viewer, killed):
    from django.template.loader import render_to_string

    request = rf.get("/claims/?status=unverified")
    request.user = editor
    html = render_to_string("quantities/_bulk_attach.html", request=request)
    assert 'formaction="/quantities/attach/"' in html
    assert 'name="next" value="/claims/?status=unverified"' in html
    assert f'<option value="{killed.pk}">{killed.name}</option>' in html
    request.user = viewer
    assert "formaction" not in render_to_string("quantities/_bulk_attach.html", request=request)


def test_a_queue_bulk_form_posted_to_attach_ignores_the_queues_own_fields(
    client_for, editor, killed
):
    claims = ClaimFactory.create_batch(2)
    payload = {
        "claims": [c.pk for c in claims],
        **{f"version_{c.pk}": c.version for c in claims},
        "back": "status=unverified",
        "to_status": "in_review",
        "assignee": "",
        "note": "",
        "quantity": killed.pk,
        "next": "/claims/?status=unverified",
    }
    response = client_for(editor).post("/quantities/attach/", payload)
    assert response["Location"] == "/claims/?status=unverified"
    assert killed.claims.filter(pk__in=[c.pk for c in claims]).count() == 2
    assert {c.status for c in Claim.objects.filter(pk__in=[c.pk for c in claims])} == {
        Status.UNVERIFIED
    }


def test_no_quantity_chosen_is_an_error_not_a_detach(client_for, editor, killed):
    claim = killed.claims.first()
    response = client_for(editor).post(
        "/quantities/attach/", {"claims": claim.pk, "quantity": ""}, follow=True
    )
    assert "Choose a tracked quantity (or “none” to detach)." in response.content.decode()
    claim.refresh_from_db()
    assert claim.quantity == killed
    response = client_for(editor).post(
        "/quantities/attach/", {"claims": claim.pk, "quantity": "12345"}, follow=True
    )
    assert "There is no tracked quantity “12345”." in response.content.decode()


def test_none_detaches(client_for, editor, killed):
    claim = killed.claims.first()
    response = client_for(editor).post(
        "/quantities/attach/", {"claims": claim.pk, "quantity": "none"}, follow=True
    )
    assert "1 claim detached from their tracked quantity." in response.content.decode()
    claim.refresh_from_db()
    assert claim.quantity is None


def test_queue_offers_bulk_attach_to_editors_only(client_for, editor, viewer, killed):
    ClaimFactory()
    assert 'formaction="/quantities/attach/"' in client_for(editor).get("/claims/").content.decode()
    assert (
        'formaction="/quantities/attach/"'
        not in client_for(viewer).get("/claims/").content.decode()
    )


def test_bulk_attach_refuses_ids_beyond_the_databases_range(client_for, editor, killed):
    claim = ClaimFactory()
    client = client_for(editor)
    huge = "99999999999999999999"
    response = client.post(
        "/quantities/attach/", {"claims": f"{claim.pk}, {huge}", "quantity": killed.pk}, follow=True
    )
    assert f"No claim {huge}: claim ids run from 1 to 9223372036854775807." in (
        response.content.decode()
    )
    response = client.post(
        "/quantities/attach/", {"claims": claim.pk, "quantity": huge}, follow=True
    )
    assert f"There is no tracked quantity “{huge}”." in response.content.decode()
    claim.refresh_from_db()
    assert claim.quantity is None


@pytest.mark.parametrize(
    "figures",
    [
        [("-120", date(2024, 1, 1), Status.CONFIRMED), ("-40", date(2024, 2, 1), None)],
        [("-120", date(2024, 1, 1), None), ("0", date(2024, 2, 1), Status.CONFIRMED),
         ("300", date(2024, 3, 1), None)],
        [("5", date.min, Status.CONFIRMED)],
        [("5", date.max, None)],
    ],
)  # fmt: skip
def test_quantity_page_charts_whatever_figures_the_claim_form_accepts(client_for, viewer, figures):
    quantity = TrackedQuantityFactory(name="Net migration", unit="")
    for value, as_of, status in figures:
        claim = ClaimFactory(quantity=quantity, value=Decimal(value), as_of=as_of)
        if status:
            Claim.objects.filter(pk=claim.pk).update(status=status)
    response = client_for(viewer).get(f"/quantities/{quantity.pk}/")
    assert response.status_code == 200
    # Each figure once in the desk's drawing and once in the phone's.
    assert response.content.decode().count('class="point ') == 2 * len(figures)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Civilians killed in Ukraine", "civilians-killed-in-ukraine"),
        ("Біженці з України", "біженці-з-україни"),
        ("!!!", None),  # nothing of the name survives: the quantity's id instead
    ],
)
def test_series_file_names_keep_the_name_in_any_script_and_the_sites_date(
    client_for, viewer, monkeypatch, name, stem
):
    quantity = TrackedQuantityFactory(name=name)
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 11, 26))
    stem = stem or f"quantity-{quantity.pk}"
    for fmt in ("csv", "json"):
        response = client_for(viewer).get(f"/quantities/{quantity.pk}/series.{fmt}")
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment; filename")
        if "filename*=" in disposition:
            disposition = unquote(disposition.split("''", 1)[1])
        assert f"{stem}-2026-11-26.{fmt}" in disposition
