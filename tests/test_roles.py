import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editor", "Reporter", "Viewer"}


def test_viewer_reads_and_exports_only():
    perms = codenames("Viewer")
    assert "export_claims" in perms
    assert all(p.startswith("view_") or p == "export_claims" for p in perms)


def test_reporter_adds_but_does_not_review_or_export():
    perms = codenames("Reporter")
    assert {"add_claim", "change_own_claim", "add_evidence"} <= perms
    assert not perms & {"review_claim", "change_claim", "export_claims", "assign_claim"}


def test_editor_reviews_assigns_and_exports():
    assert {"review_claim", "change_claim", "assign_claim", "export_claims"} <= codenames("Editor")
