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
