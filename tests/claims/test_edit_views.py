"""The edit page: a save made on an older version is merged, conflicts are shown side by side
with a choice per field, and the form shows what a person typed (12000, not 12000.0000)."""

import re
from decimal import Decimal

import pytest

from factcheck.claims import services
from factcheck.models import Claim, Status
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def opened_form(client, claim):
    """The edit form's fields as the browser would post them back unchanged."""
    page = client.get(f"/claims/{claim.pk}/edit/").content.decode()
    posted = {}
    for tag in re.findall(r"<(?:input|textarea|select)[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="submit"' not in tag and 'type="radio"' not in tag:
            posted[name.group(1)] = value.group(1) if value else ""
    posted["claimant"] = claim.claimant_id
    posted["qualifier"] = claim.qualifier
    posted["statement"] = claim.statement
    posted["new_claimant_kind"] = "other"
    return posted


def test_a_save_on_an_older_version_keeps_the_other_editors_change(client, editor, editor2):
    claim = ClaimFactory(value=Decimal("12300"))
    client.force_login(editor2)
    b_form = opened_form(client, claim)
    services.update_claim(
        claim=claim, actor=editor, data={"value": Decimal("12500")}, expected_version=1
    )
    response = client.post(f"/claims/{claim.pk}/edit/", {**b_form, "place": "Kherson city"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.value, claim.place) == (Decimal("12500"), "Kherson city")
    page = client.get(response["Location"]).content.decode()
    assert "Changes saved meanwhile (by editor2 or others) to value are kept." in page


def test_both_changed_the_value_they_choose_side_by_side(client, editor, editor2):
    claim = ClaimFactory(value=Decimal("12300"))
    client.force_login(editor2)
    b_form = opened_form(client, claim)
    services.update_claim(
        claim=claim, actor=editor, data={"value": Decimal("12500")}, expected_version=1
    )
    response = client.post(
        f"/claims/{claim.pk}/edit/", {**b_form, "value": "12700", "place": "Kherson city"}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert 'data-side="theirs">12500<' in page
    assert 'data-side="yours">12700<' in page
    assert 'name="resolve_value"' in page
    claim.refresh_from_db()
    assert (claim.value, claim.place) == (Decimal("12500"), "Ukraine")  # nothing saved yet

    # The form now holds their version as its base and every change of B's; B keeps theirs.
    again = opened_form_from(page)
    again.update(claimant=claim.claimant_id, qualifier=claim.qualifier, new_claimant_kind="other")
    assert again["value"] == "12700" and again["place"] == "Kherson city"
    response = client.post(
        f"/claims/{claim.pk}/edit/", {**again, "conflicts": "value", "resolve_value": "theirs"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.value, claim.place) == (Decimal("12500"), "Kherson city")


def opened_form_from(page):
    posted = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and "radio" not in tag and "submit" not in tag:
            posted[name.group(1)] = value.group(1) if value else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        posted[name] = text.strip()
    return posted


def test_a_conflict_must_be_decided_before_saving(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    form = opened_form(client, claim)
    response = client.post(f"/claims/{claim.pk}/edit/", {**form, "conflicts": "value"})
    assert response.status_code == 200
    assert "Choose their version or yours for: value." in response.content.decode()


def test_the_edit_form_shows_numbers_as_typed(client_for, editor):
    claim = ClaimFactory(value=Decimal("12000"), value_high=Decimal("12500.5"))
    page = client_for(editor).get(f"/claims/{claim.pk}/edit/").content.decode()
    assert 'name="value" value="12000"' in page
    assert 'value="12500.5"' in page
    assert "12000.0000" not in page


def test_a_source_address_without_https_is_accepted(client_for, editor):
    claim = ClaimFactory()
    client = client_for(editor)
    page = client.get(f"/claims/{claim.pk}/edit/").content.decode()
    source_input = re.search(r'<input[^>]*name="source_url"[^>]*>', page).group(0)
    assert 'type="text"' in source_input and 'inputmode="url"' in source_input
    form = opened_form(client, claim)
    response = client.post(f"/claims/{claim.pk}/edit/", {**form, "source_url": "unhcr.org/ua"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.source_url == "https://unhcr.org/ua"


def test_a_reporter_is_told_the_status_is_why_they_cannot_edit(client_for, reporter, editor):
    claim = ClaimFactory(created_by=reporter)
    Claim.objects.filter(pk=claim.pk).update(status=Status.IN_REVIEW)
    response = client_for(reporter).get(f"/claims/{claim.pk}/edit/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "This claim is in review" in page
    assert "only while they are unverified" in page
    assert "It decides what you may do here" not in page
