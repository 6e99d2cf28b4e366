"""Matches where a claim is about to be filed (the New claim form, the import) and on a
claim's page."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from factcheck.imports.services import import_claims
from factcheck.models import Claim, Qualifier
from factcheck.workflow.status_writer import write_status
from tests.factories import ClaimantFactory, ClaimFactory, TrackedQuantityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ohchr(editor):
    """OHCHR's confirmed count, tracked in a quantity."""
    claim = ClaimFactory(
        claimant=ClaimantFactory(name="OHCHR"),
        statement="At least 227 civilians have been killed in Ukraine.",
        value=Decimal(227),
        qualifier=Qualifier.AT_LEAST,
        counted="civilians killed",
        place="Ukraine",
        as_of=date(2022, 3, 1),
        quantity=TrackedQuantityFactory(name="Civilians killed in Ukraine"),
    )
    write_status(claim=claim, to_status="confirmed", actor=editor)
    return claim


def form(**changes):
    data = {
        "statement": "The UN human rights office said at least 227 civilians were killed.",
        "new_claimant_name": "UN human rights office",
        "new_claimant_kind": "un_agency",
        "qualifier": "at_least",
        "value": "227",
        "counted": "civilian deaths",
        "place": "Ukraine",
        "as_of": "2022-03-02",
    }
    return {**data, **changes}


def test_a_known_figure_is_held_until_the_editor_files_it_anyway(client_for, editor, ohchr):
    client = client_for(editor)
    response = client.post("/claims/new/", form())
    page = response.content.decode()
    assert response.status_code == 200 and Claim.objects.count() == 1
    assert "Same figure" in page
    assert (
        f'Already in the desk: <a href="/claims/{ohchr.pk}/">claim {ohchr.pk}</a>, confirmed.'
        in page
    )
    assert 'name="file_anyway"' in page and 'form="claim-form"' in page
    response = client.post("/claims/new/", form(file_anyway="1"), follow=True)
    assert Claim.objects.count() == 2
    assert Claim.objects.latest("pk").claimant.name == "UN human rights office"
    assert f"Mark this claim as a duplicate of claim {ohchr.pk}" in response.content.decode()


def test_another_figure_for_the_quantity_is_filed_and_its_page_offers_to_attach_it(
    client_for, editor, ohchr
):
    client = client_for(editor)
    response = client.post(
        "/claims/new/",
        form(value="2000", qualifier="more_than", new_claimant_name="Government of Ukraine"),
        follow=True,
    )
    new = Claim.objects.latest("pk")
    page = response.content.decode()
    assert new.pk != ohchr.pk and "It matches 1 claim already in the desk" in page
    assert "Same quantity, other figure" in page
    assert "Attach this claim to “Civilians killed in Ukraine”" in page
    # Another claimant's other figure is not a duplicate: no offer to mark it as one.
    assert "Mark this claim as a duplicate" not in page


def test_check_for_matches_shows_them_without_filing(client_for, editor, ohchr):
    client = client_for(editor)
    response = client.post(
        "/claims/new/", form(value="2000", qualifier="more_than", check_matches="1")
    )
    page = response.content.decode()
    assert Claim.objects.count() == 1
    assert "Same quantity, other figure" in page and "File it anyway" not in page
    assert "once this claim is filed, its page offers to attach it there" in page


def test_nothing_in_common_files_at_once(client_for, editor, ohchr):
    response = client_for(editor).post(
        "/claims/new/",
        form(statement="Wheat exports fell.", counted="tonnes of wheat exported", value="5"),
    )
    assert response.status_code == 302 and Claim.objects.count() == 2


def test_the_claim_page_lists_its_matches_for_everyone(client_for, viewer, editor, ohchr):
    later = ClaimFactory(
        claimant=ClaimantFactory(name="Government of Ukraine"),
        statement="More than 2,000 civilians have died.",
        value=Decimal(2000),
        qualifier=Qualifier.MORE_THAN,
        counted="civilian deaths",
    )
    page = client_for(viewer).get(f"/claims/{later.pk}/").content.decode()
    assert "Has this been checked already?" in page and f"Claim {ohchr.pk}</a>" in page
    assert "Mark this claim as a duplicate" not in page and "Attach this claim" not in page
    lonely = ClaimFactory(statement="Wheat exports fell.", counted="wheat exported", place="")
    page = client_for(editor).get(f"/claims/{lonely.pk}/").content.decode()
    assert "No claim in the desk matches this one" in page


def test_a_quantity_can_be_created_from_the_matches(client_for, editor):
    first = ClaimFactory(counted="people evacuated", place="Sumy")
    ClaimFactory(counted="people evacuated", place="Sumy", value=Decimal(5000))
    page = client_for(editor).get(f"/claims/{first.pk}/").content.decode()
    assert "/quantities/new/?counted=people%20evacuated&amp;place=Sumy" in page
    form_page = client_for(editor).get("/quantities/new/?counted=people+evacuated&place=Sumy")
    assert 'value="people evacuated"' in form_page.content.decode()


def test_the_import_reports_same_figures_as_probable_duplicates(editor, ohchr):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["statement", "claimant", "value", "qualifier", "counted", "place", "as_of"])
    writer.writerow(["UN: 227 civilians killed at least", "UN human rights office", "227",
                     "at_least", "civilian deaths", "Ukraine", "2022-03-02"])  # fmt: skip
    writer.writerow(["Wheat exports fell", "Ministry", "5", "exact", "tonnes of wheat", "", ""])
    report = import_claims(data=out.getvalue().encode(), filename="f.csv", actor=editor)
    assert report.ok and len(report.created) == 2
    [note] = report.probable_duplicates
    assert note.line == 2
    assert f"Same figure as claim {ohchr.pk} (confirmed), already in the desk" in note.message
    assert "1 with a figure already in the desk" in report.summary()


def test_an_import_says_where_its_look_up_for_matches_stopped(editor, ohchr, settings):
    """Matching every claim of a 100,000-row file would take the worker hours: the first
    FACTCHECK_IMPORT_MATCH_MAX_ROWS rows are looked up, and the report says so."""
    settings.FACTCHECK_IMPORT_MATCH_MAX_ROWS = 1
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["statement", "claimant", "value", "qualifier", "counted", "place", "as_of"])
    writer.writerow(["Wheat exports fell", "Ministry", "5", "exact", "tonnes of wheat", "", ""])
    writer.writerow(["UN: 227 civilians killed at least", "UN human rights office", "227",
                     "at_least", "civilian deaths", "Ukraine", "2022-03-02"])  # fmt: skip
    report = import_claims(data=out.getvalue().encode(), filename="f.csv", actor=editor)
    assert report.ok and len(report.created) == 2
    assert not report.probable_duplicates
    [notice] = report.notices
    assert "Matches were looked up for the first 1 row only (up to line 2)" in notice.message
    assert "the other 1 were not compared" in notice.message


def test_an_import_with_the_look_up_turned_off_says_so(editor, ohchr, settings):
    settings.FACTCHECK_IMPORT_MATCH_MAX_ROWS = 0
    data = (
        "statement,claimant,value,qualifier,counted,place,as_of\r\n"
        "UN: 227 civilians killed at least,UN human rights office,227,at_least,"
        "civilian deaths,Ukraine,2022-03-02\r\n"
    )
    report = import_claims(data=data.encode(), filename="f.csv", actor=editor, check_only=True)
    assert report.ok and report.to_import == 1 and not report.matches
    [notice] = report.notices
    assert "Matches were not looked up" in notice.message
