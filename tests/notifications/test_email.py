"""Notification emails, sent through a real SMTP server started by the test (aiosmtpd on
127.0.0.1) and read back from it: one per event, daily digests, unsubscribe headers and link."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from factcheck.discussion import services as discussion
from factcheck.models import EmailChoice, Notification, NotificationSettings
from factcheck.notifications import services as notification_services
from factcheck.notifications.email import unsubscribe_token, user_id_for_token

pytestmark = pytest.mark.django_db


class Mailbox:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    # Email tasks run in the request that enqueues them (after its commit), not on a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.FACTCHECK_BASE_URL = "https://desk.example.org"
    yield mailbox
    controller.stop()


def prefer(user, choice):
    notification_services.set_email_preference(user=user, email=choice)


def header(message, name):
    """A header's value, unfolded (long ones arrive folded onto a second line)."""
    return str(message[name]).strip()


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_each_event_is_emailed_at_once_to_those_who_want_it(
    smtp, claim, editor, reporter, viewer, django_capture_on_commit_callbacks
):
    prefer(reporter, EmailChoice.EACH)
    prefer(viewer, EmailChoice.OFF)
    notification_services.start_watching(claim=claim, user=viewer)
    with django_capture_on_commit_callbacks(execute=True):
        comment = discussion.post_comment(claim=claim, author=editor, body="@reporter @viewer ?")
    assert len(smtp.messages) == 1
    recipients, message = smtp.messages[0]
    assert recipients == ["reporter@example.org"]
    assert header(message, "Subject").startswith("[Factcheck desk] editor mentioned you on claim")
    link = f"https://desk.example.org/claims/{claim.pk}/#comment-{comment.pk}"
    assert link in body(message)
    # The token is signed with the time it was made: read it back rather than make another.
    unsubscribe = header(message, "List-Unsubscribe").removeprefix("<").removesuffix(">")
    prefix = "https://desk.example.org/notifications/unsubscribe/"
    assert unsubscribe.startswith(prefix) and unsubscribe.endswith("/")
    assert user_id_for_token(unsubscribe.removeprefix(prefix).strip("/")) == reporter.pk
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert unsubscribe in body(message)
    assert Notification.objects.get(recipient=reporter).emailed_at is not None
    assert Notification.objects.get(recipient=viewer).emailed_at is None


def test_the_daily_digest_lists_everything_unread_once(smtp, claim, editor, reporter, viewer):
    # reporter keeps the default (digest); viewer asked for none
    prefer(viewer, EmailChoice.OFF)
    for n in range(3):
        discussion.post_comment(claim=claim, author=editor, body=f"@reporter @viewer point {n}")
    Notification.objects.filter(recipient=reporter).order_by("id").first().delete()
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [r for r, _ in smtp.messages] == [["reporter@example.org"]]
    message = smtp.messages[0][1]
    assert header(message, "Subject") == "[Factcheck desk] 2 notifications for you"
    assert body(message).count("editor mentioned you on claim") == 2
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    # Sent once: the next run finds nothing new.
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(smtp.messages) == 1


def test_read_notifications_are_left_out_of_the_digest(smtp, claim, editor, reporter):
    discussion.post_comment(claim=claim, author=editor, body="@reporter see")
    notification_services.mark_all_read(user=reporter)
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert smtp.messages == []


def test_the_one_click_unsubscribe_turns_emails_off_without_a_login(client, reporter):
    prefer(reporter, EmailChoice.EACH)
    path = f"/notifications/unsubscribe/{unsubscribe_token(reporter)}/"
    page = client.get(path)
    assert page.status_code == 200 and b"Stop emails" in page.content
    assert NotificationSettings.objects.get(user=reporter).email == EmailChoice.EACH  # GET: nothing
    # As a mail program sends it (RFC 8058): a POST with no session and no CSRF token.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=reporter).email == EmailChoice.OFF


def test_a_forged_or_altered_unsubscribe_link_does_nothing(client, reporter, editor):
    prefer(reporter, EmailChoice.EACH)
    token = unsubscribe_token(reporter)
    forged = token.replace(token.split(":")[0], str(editor.pk), 1)
    for bad in ("x", forged, token[:-2] + "zz"):
        assert client.post(f"/notifications/unsubscribe/{bad}/").status_code == 404
    assert NotificationSettings.objects.get(user=reporter).email == EmailChoice.EACH


def test_a_hidden_comments_words_reach_no_email_and_no_notification(
    smtp, client_for, claim, editor, editor2, reporter
):
    """Notifications name who commented on which claim, never the words: an editor hiding
    a comment leaves nothing of it in digests not yet sent or on the notifications page."""
    notification_services.start_watching(claim=claim, user=editor2)
    comment = discussion.post_comment(
        claim=claim, author=editor, body="@reporter their mobile is 0123 456"
    )
    discussion.hide_comment(comment=comment, actor=editor2, reason="A phone number")
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(smtp.messages) == 2  # the mentioned reporter, the watching editor2
    for _, message in smtp.messages:
        assert "0123" not in body(message) and "0123" not in header(message, "Subject")
    page = client_for(reporter).get("/notifications/").content.decode()
    assert "editor mentioned you on claim" in page and "0123" not in page
