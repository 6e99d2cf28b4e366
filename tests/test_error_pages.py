"""Refusals and missing pages explain themselves inside the app's layout."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_claim_gets_a_page_that_says_so_with_a_way_back(client_for, viewer):
    response = client_for(viewer).get("/claims/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1" in page and "Not found" in page
    assert 'href="/claims/"' in page


def test_a_refusal_says_what_was_refused(client_for, viewer, claim):
    response = client_for(viewer).get(f"/claims/{claim.pk}/edit/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "You do not have permission to edit this claim." in page
    assert "Signed in as <strong>viewer</strong>" in page


def test_a_refusal_names_the_role_and_who_can_change_it(client_for, reporter):
    page = client_for(reporter).get("/exports/").content.decode()
    assert "Your role: <strong>Reporter</strong>." in page
    assert "an administrator can change it" in page
    assert "an editor or an administrator" not in page  # editors cannot change roles
