"""Tracked quantities are edited on their own page by editors, each change recorded in an
append-only trail; attaching a claim that counts something else asks first; the chart stays
readable on a phone; claimants have a list."""

import re
from datetime import date

import pytest
from django.db import DatabaseError, transaction

from factcheck.errors import NotPermitted
from factcheck.models import Claim, QuantityChange, Status
from factcheck.tracker import charts
from factcheck.tracker.services import update_quantity
from tests.factories import ClaimantFactory, ClaimFactory, TrackedQuantityFactory, give_verdict

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "People displaced in Ukraine",
    "counted": "people displaced",
    "unit": "",
    "place": "Ukraine",
    "description": "Internally displaced, IOM estimates.",
}


def test_an_editor_edits_a_quantity_and_each_change_is_recorded(client_for, editor):
    quantity = TrackedQuantityFactory(name="Displaced", counted="people in shelters")
    client = client_for(editor)
    assert client.get(f"/quantities/{quantity.pk}/edit/").status_code == 200
    response = client.post(f"/quantities/{quantity.pk}/edit/", FIELDS)
    assert response["Location"] == f"/quantities/{quantity.pk}/"
    quantity.refresh_from_db()
    assert quantity.counted == "people displaced"
    rows = {(c.field, c.old_value, c.new_value, c.actor) for c in QuantityChange.objects.all()}
    assert ("counted", "people in shelters", "people displaced", editor) in rows
    assert ("name", "Displaced", "People displaced in Ukraine", editor) in rows
    assert len(rows) == 3  # name, counted, description: place was already Ukraine
    page = client.get(response["Location"]).content.decode()
    assert "What is counted changed" in page


def test_viewers_and_reporters_cannot_edit_quantities(client_for, viewer, reporter):
    quantity = TrackedQuantityFactory()
    for user in (viewer, reporter):
        assert client_for(user).post(f"/quantities/{quantity.pk}/edit/", FIELDS).status_code == 403
        with pytest.raises(NotPermitted):
            update_quantity(quantity=quantity, actor=user, data={"place": "Kyiv"})
    assert not QuantityChange.objects.exists()


def test_a_new_unit_must_fit_the_attached_claims(editor):
    quantity = TrackedQuantityFactory()
    ClaimFactory(quantity=quantity)
    with pytest.raises(Exception, match="Detach or change these claims first"):
        update_quantity(quantity=quantity, actor=editor, data={"unit": "%"})
    quantity.refresh_from_db()
    assert quantity.unit == "" and not QuantityChange.objects.exists()


def test_the_quantity_history_cannot_be_rewritten(editor, viewer):
    quantity = TrackedQuantityFactory()
    update_quantity(quantity=quantity, actor=editor, data={"place": "Kyiv"})
    row = QuantityChange.objects.get()
    for action in (
        lambda: QuantityChange.objects.update(actor=viewer),
        QuantityChange.objects.all().delete,
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            action()
    row.refresh_from_db()
    assert row.actor == editor


def test_attaching_a_claim_that_counts_something_else_asks_first(client_for, editor):
    quantity = TrackedQuantityFactory(counted="people displaced")
    claim = ClaimFactory(counted="people in shelters")
    client = client_for(editor)
    response = client.post("/quantities/attach/", {"claims": claim.pk, "quantity": quantity.pk})
    assert response.status_code == 302 and response["Location"].startswith("/quantities/attach/?")
    page = client.get(response["Location"]).content.decode()
    assert "counts <strong>people in shelters</strong>" in page
    claim.refresh_from_db()
    assert claim.quantity is None  # nothing attached yet
    client.post(
        "/quantities/attach/",
        {"claims": claim.pk, "quantity": quantity.pk, "confirm_counted": "1"},
    )
    claim.refresh_from_db()
    assert claim.quantity == quantity


def test_a_claim_counting_the_same_thing_is_attached_at_once(client_for, editor):
    quantity = TrackedQuantityFactory(counted="civilians killed")
    claim = ClaimFactory(counted="Civilians killed ")
    response = client_for(editor).post(
        "/quantities/attach/", {"claims": claim.pk, "quantity": quantity.pk}
    )
    assert response["Location"] == f"/quantities/{quantity.pk}/"
    assert Claim.objects.get(pk=claim.pk).quantity == quantity


def test_the_quantity_page_names_the_order_of_confirmed_figures(client_for, editor):
    quantity = TrackedQuantityFactory()
    day = date(2022, 3, 6)
    first, second = (
        ClaimFactory(quantity=quantity, as_of=day),
        ClaimFactory(quantity=quantity, as_of=day, value=200),
    )
    give_verdict(second, Status.CONFIRMED, editor)
    give_verdict(first, Status.CONFIRMED, editor)  # the later verdict
    page = client_for(editor).get(f"/quantities/{quantity.pk}/").content.decode()
    assert "of two confirmed on the same date, the one confirmed last" in page
    assert '<p class="tracker-number mb-1">at least 227</p>' in page
    assert "higher than the latest confirmed count" not in page


def test_the_phone_chart_keeps_labels_at_least_12_px():
    point = charts.Point(date(2022, 3, 1), 227, 227, True, "OHCHR: 227")
    svg = charts.line_chart(
        [charts.Series("OHCHR", (point,))], title="t", description="d", layout=charts.PHONE
    )
    width = int(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
    font = int(re.search(r'font-size="(\d+)"', svg).group(1))
    assert font * 366 / width >= 12  # 366 px: the content width of a 390 px phone


# --- Claimants ----------------------------------------------------------------------------------


def test_the_claimants_list_counts_claims_per_status_and_searches(client_for, viewer, editor):
    unhcr = ClaimantFactory(name="UNHCR")
    ClaimantFactory(name="Government of Ukraine")
    give_verdict(ClaimFactory(claimant=unhcr), Status.CONFIRMED, editor)
    ClaimFactory(claimant=unhcr)
    client = client_for(viewer)
    page = client.get("/claimants/").content.decode()
    row = page[page.index(">UNHCR</a>") :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'data-label="([^"]+)" class="text-end">(\d+)<', row)[:3] == [
        ("Unverified", "1"),
        ("In review", "0"),
        ("Confirmed", "1"),
    ]
    assert f'href="/claimants/{unhcr.pk}/"' in page
    found = client.get("/claimants/?q=ukr").content.decode()
    assert "Government of Ukraine" in found and ">UNHCR<" not in found


def test_the_claimants_list_is_paginated(client_for, viewer):
    for n in range(55):
        ClaimantFactory(name=f"Claimant {n:02}")
    client = client_for(viewer)
    assert "Page 1 of 2" in client.get("/claimants/").content.decode()
    assert "Claimant 54" in client.get("/claimants/?page=2").content.decode()
