"""Sign-in on the web and the API: tokens, `me`, throttling, audit, idle timeout."""

import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from forecourt.audit.models import AuditEvent
from forecourt.staff.models import ApiToken
from forecourt.staff.tests.factories import STAFF_PASSWORD

pytestmark = pytest.mark.django_db


def test_token_then_me(sales_user):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/",
        {"username": sales_user.username, "password": STAFF_PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert not ApiToken.objects.filter(digest=token).exists()  # stored only as a digest
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json() == {
        "username": sales_user.username,
        "dealer": {"slug": "northgate", "name": "Northgate Motors", "country": "GB"},
        "role": "sales",
    }


def test_wrong_password_is_401_and_audited_without_username(sales_user):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": sales_user.username, "password": "nope"}, format="json"
    )
    assert response.status_code == 401
    event = AuditEvent.objects.get(action="login.failed")
    assert sales_user.username not in str(event.details)


def test_bad_token_and_no_token_are_refused():
    client = APIClient()
    assert client.get("/api/v1/me/").status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/me/").status_code == 401


def test_token_request_validates_input():
    response = APIClient().post("/api/v1/auth/token/", {"username": "x", "extra": 1}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"password", "extra"}


def test_login_attempts_are_throttled_per_username_and_ip(sales_user):
    client = APIClient()
    for _ in range(settings.FORECOURT_LOGIN_ATTEMPTS_PER_MINUTE):
        client.post(
            "/api/v1/auth/token/",
            {"username": sales_user.username, "password": "bad"},
            format="json",
        )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": sales_user.username, "password": STAFF_PASSWORD},
        format="json",
    )
    assert response.status_code == 429
    assert AuditEvent.objects.filter(action="login.throttled").exists()


def test_web_login_and_logout(client, sales_user):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    response = client.post(
        reverse("login"), {"username": sales_user.username, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login.ok", actor=sales_user).exists()
    assert client.get(reverse("customers:list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("customers:list")).status_code == 302


def test_web_login_failure_shows_message(client, sales_user):
    response = client.post(reverse("login"), {"username": sales_user.username, "password": "bad"})
    assert response.status_code == 401
    assert "Username or password is incorrect." in response.content.decode()


def test_web_login_ignores_offsite_next(client, sales_user):
    response = client.post(
        reverse("login"),
        {
            "username": sales_user.username,
            "password": STAFF_PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("home")


def test_session_is_an_idle_timeout_of_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_admin_page_is_admin_only(client, admin_user, viewer_user):
    client.force_login(viewer_user)
    assert client.get(reverse("staff:admin")).status_code == 403
    client.force_login(admin_user)
    response = client.post(
        reverse("staff:admin"),
        {"username": "new-advisor", "role": "service", "password": "Another-Good-Pass-42"},
    )
    assert response.status_code == 302
    added = admin_user.dealer.staff.get(username="new-advisor", role="service")
    event = AuditEvent.objects.get(action="staff.create")
    assert (event.actor, event.target_id, event.details) == (
        admin_user,
        str(added.pk),
        {"role": "service"},
    )


def test_new_staff_default_to_the_viewer_role(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("staff:admin")).content.decode()
    assert '<option value="viewer" selected>' in html


def test_token_answer_is_exactly_a_token(sales_user):
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": sales_user.username, "password": STAFF_PASSWORD},
        format="json",
    )
    assert set(response.json()) == {"token"}
    assert len(response.json()["token"]) >= 40


def test_token_endpoint_rejects_bad_json():
    response = APIClient().post(
        "/api/v1/auth/token/", data='{"username": ', content_type="application/json"
    )
    assert response.status_code == 400


def test_failed_login_audit_has_where_from_but_no_personal_data(sales_user):
    APIClient().post(
        "/api/v1/auth/token/",
        {"username": sales_user.username, "password": "Wrong-Password-1"},
        format="json",
        REMOTE_ADDR="203.0.113.7",
    )
    event = AuditEvent.objects.get(action="login.failed")
    assert event.ip == "203.0.113.7"
    stored = f"{event.details} {event.target_id} {event.target_type}"
    assert sales_user.username not in stored
    assert "Wrong-Password-1" not in stored


def _fail_login(client, username, ip):
    return client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": "bad"},
        format="json",
        REMOTE_ADDR=ip,
    )


def test_throttle_is_per_username_and_ip(sales_user, viewer_user):
    client = APIClient()
    for _ in range(settings.FORECOURT_LOGIN_ATTEMPTS_PER_MINUTE):
        assert _fail_login(client, sales_user.username, "198.51.100.1").status_code == 401
    assert _fail_login(client, sales_user.username, "198.51.100.1").status_code == 429
    # The same account from another address, and another account from the same address, still work.
    other_ip = client.post(
        "/api/v1/auth/token/",
        {"username": sales_user.username, "password": STAFF_PASSWORD},
        format="json",
        REMOTE_ADDR="198.51.100.2",
    )
    assert other_ip.status_code == 200
    other_user = client.post(
        "/api/v1/auth/token/",
        {"username": viewer_user.username, "password": STAFF_PASSWORD},
        format="json",
        REMOTE_ADDR="198.51.100.1",
    )
    assert other_user.status_code == 200


def test_throttle_lifts_after_a_minute(sales_user):
    client = APIClient()
    with time_machine.travel("2026-03-02 09:00:00+00:00", tick=False) as traveller:
        for _ in range(settings.FORECOURT_LOGIN_ATTEMPTS_PER_MINUTE):
            _fail_login(client, sales_user.username, "198.51.100.1")
        assert _fail_login(client, sales_user.username, "198.51.100.1").status_code == 429
        traveller.shift(61)
        assert _fail_login(client, sales_user.username, "198.51.100.1").status_code == 401


def test_web_login_is_throttled_too(client, sales_user):
    for _ in range(settings.FORECOURT_LOGIN_ATTEMPTS_PER_MINUTE):
        client.post(reverse("login"), {"username": sales_user.username, "password": "bad"})
    response = client.post(
        reverse("login"), {"username": sales_user.username, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_session_ends_after_thirty_idle_minutes_and_activity_renews_it(client, sales_user):
    url = reverse("customers:list")
    with time_machine.travel("2026-03-02 09:00:00+00:00", tick=False) as traveller:
        client.post(reverse("login"), {"username": sales_user.username, "password": STAFF_PASSWORD})
        traveller.shift(29 * 60)
        assert client.get(url).status_code == 200  # activity renews the 30 minutes
        traveller.shift(29 * 60)
        assert client.get(url).status_code == 200
        traveller.shift(31 * 60)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_cookies_are_secure_when_debug_is_off(tmp_path):
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST)"
    )
    env = {
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "forecourt.config.settings",
        "FORECOURT_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "True", "True", "Lax", "1800", "True"]
