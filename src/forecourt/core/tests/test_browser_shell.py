"""Reads work with JavaScript switched off: sign in, the customer list, a profile."""

import pytest

from forecourt.changes.models import Channel
from forecourt.customers.services import customer_create
from forecourt.staff.tests.factories import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_list_and_profile_without_javascript(request, live_server, sales_user, dealer):
    data = {"first_name": "Oliver", "last_name": "Smith", "phone_mobile": "07911 123456"}
    customer_create(dealer=dealer, by=None, channel=Channel.UI, data=data)  # indexed for search
    browser = request.getfixturevalue("_browser")  # skips when Debian chromium is absent
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto("/customers/")
        assert "/accounts/login/" in page.url
        page.fill("#id_username", sales_user.username)
        page.fill("#id_password", STAFF_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        assert "/customers/" in page.url  # back where the sign-in started
        page.fill("#customer-q", "Smith")
        page.click("form.list-filters button[type=submit]")  # the <noscript> Apply button
        page.wait_for_load_state()
        assert "q=Smith" in page.url
        page.get_by_role("link", name="Oliver Smith").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text().endswith("Oliver Smith")
        assert page.locator("nav.mainnav").is_visible()
        assert "Northgate Motors" in page.locator("header.topbar").inner_text()
    finally:
        context.close()
