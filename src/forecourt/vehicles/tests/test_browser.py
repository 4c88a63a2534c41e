"""The flows a service desk lives in, in a real browser: lookup → capture → profile, and
postal-code autofill on leaving the field."""

import pytest

from forecourt.customers.tests.factories import CustomerFactory
from forecourt.postcodes.models import Postcode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lookup_capture_then_profile_prompts_for_what_was_skipped(
    signed_in_page, service_user, dealer
):
    owner = CustomerFactory(
        dealer=dealer, first_name="Oliver", last_name="Smith", phone_mobile="+447911123456"
    )
    page = signed_in_page(service_user)
    page.fill("#global-lookup", "gy19 hjk")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lookup/capture/?registration=*")
    assert "No vehicle GY19 HJK on file" in page.content()
    assert page.input_value("#id_registration") == "GY19 HJK"
    page.fill("#id_owner", "07911 123456")
    page.fill("#id_make", "Vauxhall")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/customers/{owner.pk}/?vehicle=*")
    assert page.locator("h1").inner_text() == owner.display_name
    assert "Vehicle GY19 HJK captured." in page.content()
    assert page.locator("#missing-title").is_visible()
    page.fill("#id_model", "Corsa")
    page.check("#id_vin__unknown")
    with page.expect_navigation():
        page.click("form.missing button[type=submit]")
    assert "Vehicle details updated." in page.content()
    page.fill("#global-lookup", "GY19HJK")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"**/customers/{owner.pk}/?vehicle=*")
    missing = page.locator("form.missing")
    assert missing.locator("#id_model").count() == 0
    assert missing.locator("#id_vin").count() == 0
    assert missing.locator("#id_colour").count() == 1


def test_postcode_autofill_on_leaving_the_field(signed_in_page, sales_user):
    Postcode.objects.create(
        country="GB",
        code="M3 2",
        place="Manchester",
        region="England",
        county="Greater Manchester",
    )
    page = signed_in_page(sales_user)
    page.goto("/customers/new/")
    page.fill("#id_postal_code", "m32bw")
    page.keyboard.press("Tab")
    page.wait_for_function("document.querySelector('#id_city').value !== ''")
    assert page.input_value("#id_city") == "Manchester"
    assert page.input_value("#id_county") == "Greater Manchester"
    assert page.input_value("#id_region") == "England"
    assert page.input_value("#id_postal_code") == "M3 2BW"
    page.fill("#id_postal_code", "12345")
    page.keyboard.press("Tab")
    page.wait_for_function(
        "document.querySelector('#postcode-status').textContent.includes('not a valid')"
    )
