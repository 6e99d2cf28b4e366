"""The demo: accounts for each role and the article's claims, loadable any number of times."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from factcheck.models import Claim, Claimant, Evidence, Status, StatusChange, TrackedQuantity

ARTICLES = Path(__file__).resolve().parent.parent.parent / "shared" / "articles"
HEADLINE = "U.N.: Ukraine Refugee Count Tops 1 Million"


@pytest.fixture
def demo_users(db, settings):
    settings.DEBUG = True
    call_command("create_demo_users", verbosity=0)


@pytest.fixture
def demo(demo_users):
    call_command("loaddata", "demo", verbosity=0)


def test_demo_users_refuse_to_be_created_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("create_demo_users")
    assert not get_user_model().objects.exists()


def test_demo_users_have_their_roles_and_the_demo_password(demo_users):
    roles = {
        user.username: [g.name for g in user.groups.all()]
        for user in get_user_model().objects.all()
    }
    assert roles == {
        "editor": ["Editor"],
        "editor2": ["Editor"],
        "reporter": ["Reporter"],
        "viewer": ["Viewer"],
    }
    assert authenticate(username="editor", password="factcheck-demo")


def test_demo_password_can_be_changed(db, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "another-long-passphrase")
    call_command("create_demo_users", verbosity=0)
    call_command("create_demo_users", verbosity=0)
    assert get_user_model().objects.count() == 4
    assert authenticate(username="viewer", password="another-long-passphrase")


def test_loading_the_demo_twice_gives_no_duplicates(demo):
    counts = [
        Claimant.objects.count(),
        Claim.objects.count(),
        Evidence.objects.count(),
        StatusChange.objects.count(),
        TrackedQuantity.objects.count(),
    ]
    call_command("loaddata", "demo", verbosity=0)
    assert [
        Claimant.objects.count(),
        Claim.objects.count(),
        Evidence.objects.count(),
        StatusChange.objects.count(),
        TrackedQuantity.objects.count(),
    ] == counts


def test_demo_tells_the_casualty_story(demo):
    article = Claim.objects.filter(source_title=HEADLINE)
    un = article.get(claimant__name__contains="OHCHR", counted="civilians killed")
    ukraine = article.get(claimant__name="Government of Ukraine", counted="civilians killed")
    assert (un.value, un.qualifier, un.status) == (Decimal(227), "at_least", Status.CONFIRMED)
    assert "undercount" in un.methodology_notes
    assert (ukraine.value, ukraine.qualifier, ukraine.status) == (
        Decimal(2000),
        "more_than",
        Status.UNVERIFIABLE,
    )
    assert (
        article.get(counted="refugees").figure_text
        == "more than 1,000,000 refugees (Ukraine, as of 2 Mar 2022)"
    )


def test_demo_history_matches_each_status(demo):
    for claim in Claim.objects.all():
        changes = list(claim.status_changes.order_by("changed_at"))
        if claim.status == Status.UNVERIFIED:
            assert changes == []
        else:
            assert changes[-1].to_status == claim.status
            assert changes[0].from_status == Status.UNVERIFIED
            assert claim.version == len(changes) + 1


def test_every_demo_figure_comes_from_the_article(demo):
    if not ARTICLES.is_dir():
        pytest.skip(f"the source article is not here ({ARTICLES}); CI has ../shared/")
    text = " ".join(path.read_text() for path in ARTICLES.glob("*.txt"))
    numbers_in_article = {Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,.]*\d|\d", text)}
    numbers_in_article |= {
        Decimal(1_000_000),
        Decimal(1_500_000),
    }  # written "1 million", "1.5 million"
    from_article = Claim.objects.filter(source_title=HEADLINE)
    demo_values = set(from_article.exclude(value=None).values_list("value", flat=True))
    assert demo_values <= numbers_in_article
    # refugees, share of the population, killed and wounded by each claimant, city populations
    assert {1_000_000, 2, 227, 525, 2000, 1_500_000, 280_000} <= demo_values
    assert from_article.count() == 13
    # The later figures that make the tracker's lines move each name their published source.
    for claim in Claim.objects.exclude(source_title=HEADLINE):
        assert claim.source_url.startswith("https://"), claim
        assert claim.source_date and claim.as_of <= claim.source_date, claim


def test_demo_tracks_two_quantities_over_time(demo):
    killed = TrackedQuantity.objects.get(name="Civilians killed in Ukraine since 24 Feb 2022")
    refugees = TrackedQuantity.objects.get(name="Refugees who left Ukraine since 24 Feb 2022")
    for quantity in (killed, refugees):
        claims = quantity.claims.all()
        assert len({c.as_of for c in claims}) >= 4  # the lines move
        assert claims.filter(status=Status.CONFIRMED).count() >= 2
        assert claims.exclude(status=Status.CONFIRMED).exists()  # hollow points too
        assert {c.counted for c in claims} == {quantity.counted}
    assert set(killed.claims.values_list("claimant__name", flat=True)) == {
        "UN human rights office (OHCHR)",
        "Government of Ukraine",
    }


def test_load_demo_leaves_work_done_in_the_demo_alone(demo_users):
    from factcheck.workflow.services import transition_claim

    call_command("load_demo", verbosity=0)
    claim = Claim.objects.get(statement__startswith="Kherson")
    editor = get_user_model().objects.get(username="editor")
    transition_claim(
        claim=claim, to_status=Status.IN_REVIEW, actor=editor, expected_version=claim.version
    )
    call_command("load_demo", verbosity=0)
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW
    assert claim.status_changes.count() == 1
