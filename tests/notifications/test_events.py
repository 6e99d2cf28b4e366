"""Who is told what: each notified event, for each role, and never the person who acted."""

import pytest

from factcheck.claims import services as claim_services
from factcheck.claims.assignment import assign_claim
from factcheck.discussion import services as discussion
from factcheck.imports.services import import_claims
from factcheck.models import EvidenceStance, Notification, Status, Watch
from factcheck.notifications import services as notification_services
from factcheck.notifications.models import NotificationKind
from factcheck.roles import EDITOR, REPORTER, VIEWER
from factcheck.tracker.services import attach_claims
from factcheck.workflow.services import transition_claim
from tests.factories import ClaimFactory, TrackedQuantityFactory, UserFactory

pytestmark = pytest.mark.django_db


def told(event=None):
    """{username: [event, ...]} of every notification so far."""
    rows = Notification.objects.order_by("id")
    if event:
        rows = rows.filter(event=event)
    result = {}
    for username, code in rows.values_list("recipient__username", "event"):
        result.setdefault(username, []).append(code)
    return result


def watching(claim, *users):
    notification_services.start_watching(claim=claim, user=users[0])
    for user in users[1:]:
        notification_services.start_watching(claim=claim, user=user)


@pytest.fixture
def people(editor, editor2, reporter, viewer):
    return {"editor": editor, "editor2": editor2, "reporter": reporter, "viewer": viewer}


def test_creating_a_claim_makes_its_creator_watch_it(reporter):
    claim = claim_services.create_claim(
        actor=reporter,
        data={
            "statement": "More than 2,000 civilians have died.",
            "claimant": ClaimFactory().claimant,
        },
    )
    assert Watch.objects.filter(claim=claim, user=reporter).exists()
    assert Notification.objects.count() == 0  # nobody else watches yet, and never the actor


@pytest.mark.parametrize("watcher", ["editor2", "reporter", "viewer"])
def test_every_role_watching_is_told_of_a_status_change_but_not_the_actor(
    claim, people, editor, watcher
):
    watching(claim, people[watcher], editor)
    transition_claim(claim=claim, to_status=Status.IN_REVIEW, actor=editor, expected_version=1)
    assert Notification.objects.filter(recipient=editor).count() == 0
    (notification,) = Notification.objects.filter(recipient=people[watcher])
    assert notification.event == NotificationKind.STATUS_CHANGED
    assert notification.actor == editor and notification.claim == claim
    assert "from Unverified to In review" in notification.text
    assert notification.url == f"/claims/{claim.pk}/"


def test_the_claims_creator_is_told_when_an_editor_gives_a_verdict(reporter, editor):
    claim = claim_services.create_claim(
        actor=reporter,
        data={"statement": "At least 227 civilians", "claimant": ClaimFactory().claimant},
    )
    transition_claim(claim=claim, to_status=Status.IN_REVIEW, actor=editor, expected_version=1)
    claim.refresh_from_db()
    transition_claim(
        claim=claim, to_status=Status.DISPUTED, actor=editor, note="No source", expected_version=2
    )
    assert told() == {
        "reporter": [NotificationKind.STATUS_CHANGED, NotificationKind.STATUS_CHANGED]
    }
    # Starting the review gave the claim to the editor, who now watches it too.
    assert Watch.objects.filter(claim=claim, user=editor).exists()


def test_watchers_are_told_of_evidence_and_edits_never_the_actor(claim, reporter, editor, viewer):
    watching(claim, reporter, viewer)
    claim_services.add_evidence(
        claim=claim, actor=reporter, url="https://www.ohchr.org/x", stance=EvidenceStance.SUPPORTS
    )
    claim_services.update_claim(
        claim=claim,
        actor=editor,
        data={"place": "Mariupol", "methodology_notes": "Called OHCHR."},
        expected_version=1,
    )
    assert told() == {
        "viewer": [NotificationKind.EVIDENCE_ADDED, NotificationKind.EDITED],
        "reporter": [NotificationKind.EDITED],
    }
    edited = Notification.objects.filter(event=NotificationKind.EDITED).first()
    assert "edited place, methodology notes of claim" in edited.text


def test_watchers_are_told_whether_evidence_was_added_changed_or_removed(claim, editor, viewer):
    watching(claim, viewer)
    item = claim_services.add_evidence(
        claim=claim, actor=editor, url="https://www.ohchr.org/x", stance=EvidenceStance.SUPPORTS
    )
    claim_services.change_evidence(evidence=item, actor=editor, data={"title": "OHCHR update"})
    claim_services.remove_evidence(evidence=item, actor=editor, note="Superseded")
    assert told() == {
        "viewer": [
            NotificationKind.EVIDENCE_ADDED,
            NotificationKind.EVIDENCE_CHANGED,
            NotificationKind.EVIDENCE_REMOVED,
        ]
    }
    texts = list(Notification.objects.order_by("id").values_list("text", flat=True))
    assert [text.split(" claim ")[0] for text in texts] == [
        "editor added evidence to",
        "editor changed evidence on",
        "editor removed evidence from",
    ]
    page_labels = [n.get_event_display() for n in Notification.objects.order_by("id")]
    assert page_labels == ["Evidence added", "Evidence changed", "Evidence removed"]


def test_assigning_tells_the_assignee_who_then_watches(claim, editor, reporter, editor2):
    watching(claim, editor2)
    assign_claim(claim=claim, assignee=reporter, actor=editor)
    assert told() == {"reporter": [NotificationKind.ASSIGNED]}
    assert Watch.objects.filter(claim=claim, user=reporter).exists()
    assert "editor assigned claim" in Notification.objects.get().text


def test_assigning_oneself_tells_nobody(claim, editor):
    assign_claim(claim=claim, assignee=editor, actor=editor)
    assert told() == {}
    assert Watch.objects.filter(claim=claim, user=editor).exists()


def test_filing_under_a_tracked_quantity_is_not_an_edit(claim, editor, reporter):
    watching(claim, reporter)
    attach_claims(claim_ids=[claim.pk], quantity=TrackedQuantityFactory(), actor=editor)
    assert told() == {}


def test_a_comment_tells_the_mentioned_once_and_the_other_watchers_never_the_author(
    claim, editor, editor2, reporter, viewer
):
    watching(claim, editor2, viewer, editor)
    comment = discussion.post_comment(
        claim=claim, author=editor, body="@reporter and @editor2: can you call the ministry?"
    )
    assert told() == {
        "reporter": [NotificationKind.MENTIONED],
        "editor2": [NotificationKind.MENTIONED],
        "viewer": [NotificationKind.COMMENTED],
    }
    mention = Notification.objects.filter(recipient=reporter).get()
    assert mention.url == f"/claims/{claim.pk}/#comment-{comment.pk}"
    assert mention.comment == comment and "editor mentioned you on claim" in mention.text
    assert Watch.objects.filter(claim=claim, user=reporter).exists()


def test_mentioning_oneself_tells_nobody(claim, editor):
    discussion.post_comment(claim=claim, author=editor, body="Note to self @editor")
    assert told() == {}


def test_an_edit_tells_only_the_newly_mentioned(claim, editor, editor2, reporter):
    comment = discussion.post_comment(claim=claim, author=editor, body="@editor2 look")
    discussion.edit_comment(comment=comment, actor=editor, body="@editor2 and @reporter look")
    assert told(NotificationKind.MENTIONED) == {
        "editor2": [NotificationKind.MENTIONED],
        "reporter": [NotificationKind.MENTIONED],
    }


def test_people_who_can_no_longer_see_the_claim_are_told_nothing(claim, editor, reporter):
    watching(claim, reporter)
    reporter.is_active = False
    reporter.save()
    discussion.post_comment(claim=claim, author=editor, body="Anyone?")
    assert told() == {}


def test_an_import_you_started_tells_you_when_it_finishes(editor, editor2):
    data = b"statement,claimant\nAt least 10 shelters were hit,Ukraine\n"
    report = import_claims(data=data, filename="claims.csv", actor=editor)
    assert report.ok
    (notification,) = Notification.objects.all()
    assert (
        notification.recipient == editor and notification.event == NotificationKind.IMPORT_FINISHED
    )
    assert notification.text == "Imported 1 claim from claims.csv."
    bad = import_claims(data=b"", filename="empty.csv", actor=editor)
    assert not bad.ok
    latest = Notification.objects.order_by("-id").first()
    assert latest.text.startswith("Nothing was imported from empty.csv")
    assert latest.url == "/claims/import/"
    assert told() == {
        "editor": [NotificationKind.IMPORT_FINISHED, NotificationKind.IMPORT_FINISHED]
    }


@pytest.mark.parametrize("role", [EDITOR, REPORTER, VIEWER])
def test_each_role_can_watch_and_stop_watching(claim, editor, role):
    person = UserFactory(username=f"person-{role}", role=role)
    notification_services.start_watching(claim=claim, user=person)
    discussion.post_comment(claim=claim, author=editor, body="First")
    notification_services.stop_watching(claim=claim, user=person)
    discussion.post_comment(claim=claim, author=editor, body="Second")
    assert told() == {person.username: [NotificationKind.COMMENTED]}
