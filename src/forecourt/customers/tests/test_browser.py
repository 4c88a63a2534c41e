"""The sign-in → list → profile path in a real browser."""

import pytest

from forecourt.customers.tests.factories import CustomerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_list_and_open_profile(signed_in_page, sales_user, dealer):
    CustomerFactory(
        dealer=dealer, first_name="Oliver", last_name="Smith", phone_mobile="+447911123456"
    )
    page = signed_in_page(sales_user)
    page.goto("/customers/")
    page.get_by_role("link", name="Mr Oliver Smith").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Mr Oliver Smith"
    assert "07911 123456" in page.content()


def test_wrong_password_stays_on_login(page, sales_user):
    page.goto("/accounts/login/")
    page.fill("#id_username", sales_user.username)
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert "Username or password is incorrect." in page.content()
