"""The verified edit in a real browser: edit → reason → OTP with countdown → Save."""

import pytest

from forecourt.customers.models import Customer
from forecourt.customers.services import customer_create
from forecourt.messaging.tests.outbox import latest_otp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_verified_phone_change(signed_in_page, sales_user, dealer):
    customer = customer_create(
        dealer=dealer,
        by=sales_user,
        channel="ui",
        data={"first_name": "Harry", "last_name": "Evans", "phone_mobile": "07911 123456"},
    )
    page = signed_in_page(sales_user)
    page.goto(customer.get_absolute_url())
    page.get_by_role("link", name="Edit customer").click()
    page.fill("#id_phone_mobile", "07812 345678")
    page.fill("#id_reason", "Customer has a new phone")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_selector("text=Enter the OTP")
    # The script replaces the no-JavaScript expiry time with a mm:ss countdown.
    page.wait_for_function(
        "/^0[45]:[0-5][0-9]$/.test(document.querySelector('[data-countdown]').textContent)"
    )
    page.fill("#otp", latest_otp())
    page.get_by_role("button", name="Verify OTP").click()
    page.wait_for_selector("text=OTP verification completed successfully.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector("text=Customer saved.")
    assert "07812 345678" in page.content()
    assert Customer.objects.get(pk=customer.pk).phone_mobile == "+447812345678"
    page.get_by_role("link", name="Change history").click()
    row = page.locator("tr", has_text="mobile phone").first.inner_text()
    assert "+447911123456" in row and "+447812345678" in row and "OTP verified" in row
