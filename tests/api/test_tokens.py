"""API tokens: stored as digests, shown once, revocable, expiring, acting as their user."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from factcheck.api.tokens import create_token, find_token
from factcheck.limits import LATEST_MOMENT
from factcheck.models import ApiToken
from tests.api.conftest import ApiClient, problem


@pytest.mark.django_db
def test_only_the_digest_of_a_token_is_stored(editor):
    row, token = create_token(user=editor, name="charts")
    assert token.startswith(f"fcd_{row.prefix}_")
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=row.pk).values()[0]
    assert token not in {str(value) for value in stored.values()}
    assert find_token(token).user == editor


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "code"), [("revoked", "token_revoked"), ("expired", "token_expired")]
)
def test_revoked_and_expired_tokens_are_refused_with_their_reason(api_as, role, code):
    response = api_as(role).get("/api/v1/claims/")
    assert response.status_code == 401
    assert problem(response)["code"] == code
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer fcd_x_y", "Bearer a b", "Bearer é"])
def test_a_wrong_token_is_401_not_a_login_page(client, header):
    response = client.get("/api/v1/claims/", headers={"Authorization": header})
    assert response.status_code == 401
    assert problem(response)["code"] == "token_invalid"


@pytest.mark.django_db
def test_a_disabled_users_token_is_refused(editor, token_for):
    token = token_for(editor)
    editor.is_active = False
    editor.save()
    response = ApiClient(token).get("/api/v1/claims/")
    assert problem(response)["code"] == "user_inactive"


@pytest.mark.django_db
def test_use_is_recorded_on_the_token(editor, token_for):
    token = token_for(editor)
    ApiClient(token).get("/api/v1/claims/")
    assert ApiToken.objects.get(user=editor).last_used_at is not None


@pytest.mark.django_db
def test_the_command_prints_the_token_alone_on_its_line(editor):
    out = io.StringIO()
    call_command("create_api_token", "editor", "--name", "CMS", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert find_token(lines[0]).name == "CMS"


@pytest.mark.django_db
@pytest.mark.parametrize("days", ["99999999", str(10**30), "0", "-5"])
def test_the_command_refuses_an_expiry_beyond_the_kept_dates_with_a_message(editor, days):
    with pytest.raises(CommandError, match=r"--expires-days must be from 1 to \d+: .*9000-12-31"):
        call_command("create_api_token", "editor", "--expires-days", days)
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_command_makes_a_token_expiring_on_the_last_kept_day(editor):
    latest = (LATEST_MOMENT - timezone.now()).days
    out = io.StringIO()
    call_command("create_api_token", "editor", "--expires-days", str(latest), stdout=out)
    row = find_token(out.getvalue().strip())
    assert row.expires_at <= LATEST_MOMENT
    assert (LATEST_MOMENT - row.expires_at).days == 0


@pytest.mark.django_db
def test_a_token_expiring_beyond_the_kept_dates_is_refused(editor):
    with pytest.raises(ValidationError) as refused:
        create_token(
            user=editor, name="x", expires_at=LATEST_MOMENT + datetime.timedelta(seconds=1)
        )
    assert "9000-12-31" in refused.value.message_dict["expires_at"][0]
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_page_offers_only_its_own_expiries(client_for, reporter):
    response = client_for(reporter).post(
        "/accounts/tokens/", {"name": "far", "expires_in": "99999999"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_in"]
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="no user"):
        call_command("create_api_token", "nobody")


# --- The page -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_a_new_token_once_then_only_its_prefix(client_for, reporter):
    client = client_for(reporter)
    response = client.post("/accounts/tokens/", {"name": "my script", "expires_in": "30"})
    assert response.status_code == 201
    token = response.context["new_token"]
    assert token in response.content.decode()
    row = find_token(token)
    assert row.user == reporter and row.expires_at is not None
    page = client.get("/accounts/tokens/").content.decode()
    assert token not in page
    assert f"fcd_{row.prefix}" in page and "my script" in page


@pytest.mark.django_db
def test_revoking_on_the_page_stops_the_token(client_for, reporter, token_for):
    token = token_for(reporter)
    row = find_token(token)
    response = client_for(reporter).post(f"/accounts/tokens/{row.pk}/revoke/")
    assert response.status_code == 302
    assert problem(ApiClient(token).get("/api/v1/claims/"))["code"] == "token_revoked"


@pytest.mark.django_db
def test_nobody_revokes_someone_elses_token(client_for, reporter, viewer, token_for):
    token = token_for(reporter)
    row = find_token(token)
    client_for(viewer).post(f"/accounts/tokens/{row.pk}/revoke/")
    assert find_token(token).revoked_at is None
