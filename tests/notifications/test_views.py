"""The bell, the notifications page, opening and marking read, watching and the settings page."""

import re

import pytest

from factcheck.discussion import services as discussion
from factcheck.models import EmailChoice, Notification, NotificationSettings, Watch
from tests.test_security import assert_escaped

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentioned(claim, editor, reporter):
    """Two comments by the editor that mention the reporter."""
    return [
        discussion.post_comment(claim=claim, author=editor, body=f"@reporter point {n}")
        for n in range(2)
    ]


def test_the_bell_shows_the_unread_count_on_every_page(client_for, reporter, mentioned):
    page = client_for(reporter).get("/claims/").content.decode()
    assert '2<span class="visually-hidden"> unread</span>' in page
    Notification.objects.filter(recipient=reporter).update(read_at="2022-03-03T10:00Z")
    page = client_for(reporter).get("/claims/").content.decode()
    assert "unread</span>" not in page


def test_with_the_menu_folded_the_count_shows_beside_it(client_for, reporter, mentioned):
    """The full bell sits inside the folded menu below 1200px; a second one stays outside."""
    page = client_for(reporter).get("/claims/").content.decode()
    outside_menu = page[: page.index('id="main-nav"')]
    assert 'aria-label="Notifications, 2 unread"' in outside_menu
    Notification.objects.filter(recipient=reporter).update(read_at="2022-03-03T10:00Z")
    page = client_for(reporter).get("/claims/").content.decode()
    assert 'aria-label="Notifications"' in page[: page.index('id="main-nav"')]


def test_the_list_is_newest_first_and_opening_one_marks_it_read_and_lands_on_the_comment(
    client_for, claim, reporter, mentioned
):
    client = client_for(reporter)
    page = client.get("/notifications/").content.decode()
    first, second = (Notification.objects.get(comment=c) for c in mentioned)
    # Real links, so each can be opened in a new tab: no form around them.
    links = re.findall(r'<a href="/notifications/(\d+)/open/">', page)
    assert links == [str(second.pk), str(first.pk)]
    assert "/open/" not in "".join(re.findall(r"<form[^>]*>", page))
    response = client.get(f"/notifications/{first.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.pk}/#comment-{mentioned[0].pk}"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_read and not second.is_read
    # Opening it again (the tab reloaded, the link shared with oneself) changes nothing.
    read_at = first.read_at
    assert client.get(f"/notifications/{first.pk}/open/").status_code == 302
    first.refresh_from_db()
    assert first.read_at == read_at


def test_opening_is_a_get_only_and_marking_read_without_opening_is_a_post(
    client_for, reporter, mentioned
):
    client = client_for(reporter)
    notification = Notification.objects.filter(recipient=reporter).first()
    assert client.post(f"/notifications/{notification.pk}/open/").status_code == 405
    assert client.get(f"/notifications/{notification.pk}/read/").status_code == 405
    notification.refresh_from_db()
    assert not notification.is_read
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 302
    notification.refresh_from_db()
    assert notification.is_read


def test_mark_all_read(client_for, reporter, mentioned):
    response = client_for(reporter).post("/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=reporter, read_at__isnull=True).exists()


def test_nobody_reads_or_learns_of_someone_elses_notification(client_for, editor2, mentioned):
    notification = Notification.objects.first()
    assert client_for(editor2).get(f"/notifications/{notification.pk}/open/").status_code == 404
    assert client_for(editor2).post(f"/notifications/{2**70}/read/").status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_the_watch_toggle_on_the_claim_page(client_for, claim, viewer):
    client = client_for(viewer)
    assert ">Watch</button>" in client.get(f"/claims/{claim.pk}/").content.decode()
    client.post(f"/claims/{claim.pk}/watch/", {"watch": "start"})
    assert Watch.objects.filter(claim=claim, user=viewer).exists()
    assert ">Stop watching</button>" in client.get(f"/claims/{claim.pk}/").content.decode()
    client.post(f"/claims/{claim.pk}/watch/", {"watch": "stop"})
    assert not Watch.objects.filter(claim=claim, user=viewer).exists()


def test_the_settings_page_defaults_to_a_daily_digest_and_saves_the_choice(client_for, viewer):
    client = client_for(viewer)
    page = client.get("/settings/").content.decode()
    (checked,) = re.findall(r"<input[^>]*\bchecked\b[^>]*>", page)
    assert 'value="digest"' in checked
    assert client.post("/settings/", {"email": "each"}).status_code == 302
    assert NotificationSettings.objects.get(user=viewer).email == EmailChoice.EACH
    assert client.post("/settings/", {"email": "hourly"}).status_code == 400
    assert NotificationSettings.objects.get(user=viewer).email == EmailChoice.EACH


def test_notifications_and_comments_render_what_users_typed_escaped(client_for, editor):
    from tests.conftest import make_world
    from tests.test_security import PAYLOAD, URL_PAYLOAD

    claim = make_world(owner=editor, actor=editor, text=PAYLOAD, url=URL_PAYLOAD)
    client = client_for(editor)
    for path in ("/notifications/", f"/claims/{claim.pk}/"):
        page = client.get(path).content.decode()
        assert_escaped(page, path)
        assert "&lt;script&gt;alert(" in page
