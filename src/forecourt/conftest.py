"""Fixtures shared by every app's tests: dealers, staff of each role, API clients."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from forecourt.staff.tests.factories import StaffFactory
from forecourt.tenancy.tests.factories import DealerFactory


@pytest.fixture(autouse=True)
def _outbox_dir(tmp_path, settings):
    settings.FORECOURT_OUTBOX_DIR = str(tmp_path / "outbox")
    settings.FORECOURT_EXPORT_DIR = tmp_path / "exports"
    settings.HUEY = {**settings.HUEY, "immediate": True}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production keeps Django's PBKDF2; tests hash hundreds of staff passwords and only need
    # the check to be real, not slow. Password tests still go through authenticate().
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dealer(db):
    return DealerFactory(slug="northgate", name="Northgate Motors", country="GB")


@pytest.fixture
def other_dealer(db):
    return DealerFactory(slug="sahyadri", name="Sahyadri Motors", country="IN")


def _staff(dealer, role):
    return StaffFactory(dealer=dealer, role=role, username=f"{dealer.slug}-{role}")


@pytest.fixture
def admin_user(dealer):
    return _staff(dealer, "admin")


@pytest.fixture
def sales_user(dealer):
    return _staff(dealer, "sales")


@pytest.fixture
def service_user(dealer):
    return _staff(dealer, "service")


@pytest.fixture
def viewer_user(dealer):
    return _staff(dealer, "viewer")


@pytest.fixture
def other_admin(other_dealer):
    return _staff(other_dealer, "admin")


@pytest.fixture
def api_client_for():
    """Return a function giving an APIClient authenticated as a user (session-free)."""

    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture
def api(api_client_for, admin_user) -> APIClient:
    return api_client_for(admin_user)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def _browser():
    """A headless Debian chromium driven by Playwright; skips when chromium is absent."""
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make test installs it when run as root)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    """A fresh browser page; `page.base_url` is the live server's URL."""
    context = _browser.new_context(
        base_url=live_server.url, viewport={"width": 1360, "height": 900}
    )
    browser_page = context.new_page()
    browser_page.set_default_timeout(10_000)
    yield browser_page
    context.close()


@pytest.fixture
def signed_in_page(page):
    """Return a function that signs `user` in through the login form and returns the page."""
    from forecourt.staff.tests.factories import STAFF_PASSWORD

    def sign_in(user):
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", STAFF_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    return sign_in
