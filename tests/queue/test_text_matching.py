"""Issue 12: case in every script, typographic quotes and dashes and Unicode forms never decide
a match, on SQLite as on PostgreSQL: search, the "what is counted" filter (queue and exports),
claimant matching and its uniqueness rule."""

import pytest
from django.core.exceptions import ValidationError

from factcheck.claims.services import get_or_create_claimant
from factcheck.models import Claimant
from tests.factories import ClaimantFactory, ClaimFactory, give_verdict

pytestmark = pytest.mark.django_db


def found(client, **query):
    response = client.get("/claims/", query)
    assert response.status_code == 200
    return {claim.pk for claim in response.context["claims"]}


@pytest.fixture
def kharkiv():
    claimant = ClaimantFactory(name="Харківська обласна адміністрація")
    return [
        ClaimFactory(claimant=claimant, statement="Обстріл у Харкові: загинули 11 людей."),
        ClaimFactory(statement="ХАРКОВІ знеструмлено 3 райони.", methodology_notes=""),
    ]


def test_search_ignores_case_in_cyrillic(client_for, editor, kharkiv):
    """Before, on SQLite: ?q=харкові found nothing while ?q=Харкові found two."""
    client = client_for(editor)
    expected = {claim.pk for claim in kharkiv}
    assert found(client, q="харкові") == found(client, q="Харкові") == expected
    assert found(client, q="ХАРКІВСЬКА обласна") == {kharkiv[0].pk}  # the claimant's name


def test_search_treats_a_typographic_apostrophe_as_a_plain_one(client_for, editor):
    """Before: ?q=Russia’s invasion found nothing while Russia's found the claim."""
    plain = ClaimFactory(statement="Russia's invasion has displaced 1 million people.")
    curly = ClaimFactory(statement="Since Russia’s invasion began, 227 civilians died.")
    client = client_for(editor)
    assert (
        found(client, q="Russia’s invasion")
        == found(client, q="russia's INVASION")
        == {
            plain.pk,
            curly.pk,
        }
    )


def test_search_matches_dashes_and_unicode_forms(client_for, editor):
    dash = ClaimFactory(statement="Figures for 2022–23 are provisional.")
    ligature = ClaimFactory(statement="The ﬁnal count is 4 million.")  # "fi" ligature
    client = client_for(editor)
    assert found(client, q="2022-23") == {dash.pk}
    assert found(client, q="FINAL count") == {ligature.pk}


def test_counted_filter_ignores_case_in_any_script_in_queue_and_exports(client_for, editor):
    killed = ClaimFactory(counted="Цивільні загиблі")
    ClaimFactory(counted="refugees")
    give_verdict(killed, "confirmed", editor)
    client = client_for(editor)
    assert found(client, counted="ЦИВІЛЬНІ") == {killed.pk}
    export = client.get("/exports/figures.csv", {"counted": "цивільні"})
    assert b"".join(export.streaming_content).decode().count(f"\r\n{killed.pk},") == 1


def test_claimants_are_one_claimant_whatever_the_case_or_quotes():
    first = get_or_create_claimant(name="Харківська обласна адміністрація", kind="government")
    assert get_or_create_claimant(name="ХАРКІВСЬКА  ОБЛАСНА АДМІНІСТРАЦІЯ", kind="other") == first
    ukraine = get_or_create_claimant(name="Ukraine’s Ministry of Defence", kind="government")
    assert get_or_create_claimant(name="UKRAINE'S MINISTRY OF DEFENCE", kind="other") == ukraine
    assert Claimant.objects.count() == 2


def test_the_uniqueness_rule_refuses_the_same_name_in_another_case():
    ClaimantFactory(name="Харківська обласна адміністрація")
    duplicate = Claimant(name="ХАРКІВСЬКА ОБЛАСНА АДМІНІСТРАЦІЯ", kind="government")
    with pytest.raises(ValidationError, match="already exists"):
        duplicate.full_clean()


def test_the_admin_refuses_a_claimant_named_twice_with_a_message_not_a_500(client, superuser):
    ClaimantFactory(name="Харківська обласна адміністрація")
    client.force_login(superuser)
    response = client.post(
        "/admin/factcheck/claimant/add/",
        {"name": "ХАРКІВСЬКА ОБЛАСНА АДМІНІСТРАЦІЯ", "kind": "government", "url": ""},
    )
    assert response.status_code == 200
    assert "A claimant with this name already exists." in response.content.decode()
    assert Claimant.objects.count() == 1
