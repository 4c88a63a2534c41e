"""The verified edit in the staff UI: edit → reason → OTP → success message → Save."""

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from forecourt.changes.models import ChangeRequest, FieldChange
from forecourt.changes.templatetags.change_format import months_and_days, months_days_ago
from forecourt.customers.models import Customer
from forecourt.customers.services import customer_create
from forecourt.messaging.tests.outbox import latest_otp, outbox_messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(dealer, sales_user):
    return customer_create(
        dealer=dealer,
        by=sales_user,
        channel="ui",
        data={
            "first_name": "Grace",
            "last_name": "Taylor",
            "phone_mobile": "07911 123456",
            "email": "grace.taylor@example.co.uk",
            "postal_code": "M3 2BW",
            "city": "Manchester",
        },
    )


def _form(customer, **changes):
    form = {
        "version": customer.version,
        "kind": customer.kind,
        "category": customer.category,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "phone_mobile": customer.phone_mobile,
        "email": customer.email,
        "postal_code": customer.postal_code,
        "city": customer.city,
        "country": customer.country,
        "day_night": customer.day_night,
        "balance": str(customer.balance),
        "contact_phone": "on",
        "contact_sms": "on",
        "contact_email": "on",
        "contact_post": "on",
    }
    return {**form, **changes}


def test_protected_edit_goes_through_the_otp_and_saves_after_verification(
    client, customer, sales_user
):
    client.force_login(sales_user)
    edit = reverse("customers:edit", args=[customer.pk])
    without_reason = client.post(edit, _form(customer, phone_mobile="07812 345678"))
    assert (
        without_reason.status_code == 400 and "Give the reason" in without_reason.content.decode()
    )
    assert outbox_messages() == []

    sent = client.post(edit, _form(customer, phone_mobile="07812 345678", reason="New phone"))
    change_request = ChangeRequest.objects.get()
    assert sent.status_code == 302 and sent["Location"].endswith(f"{change_request.pk}/")
    page = client.get(sent["Location"]).content.decode()
    assert "+44•••••3456" in page and "data-countdown" in page and "Verify OTP" in page
    assert Customer.objects.get(pk=customer.pk).phone_mobile == "+447911123456"

    step = reverse("customers:change_request_step", args=[customer.pk, change_request.pk, "verify"])
    wrong = client.post(
        step, {"otp": "000000" if latest_otp() != "000000" else "111111"}, follow=True
    )
    assert "not correct. 4 attempt(s) left" in wrong.content.decode()
    verified = client.post(step, {"otp": latest_otp()}, follow=True).content.decode()
    assert "OTP verification completed successfully." in verified and ">Save</button>" in verified

    save = reverse("customers:change_request_step", args=[customer.pk, change_request.pk, "apply"])
    saved = client.post(save)
    assert saved.status_code == 302 and saved["Location"] == customer.get_absolute_url()
    assert Customer.objects.get(pk=customer.pk).phone_mobile == "+447812345678"
    history = client.get(reverse("customers:history", args=[customer.pk])).content.decode()
    assert "+447911123456" in history and "+447812345678" in history
    assert "New phone" in history and "OTP verified" in history


def test_unprotected_edit_saves_at_once(client, customer, sales_user):
    client.force_login(sales_user)
    edit = reverse("customers:edit", args=[customer.pk])
    response = client.post(edit, _form(customer, language="cy", day_night="night"))
    assert response.status_code == 302 and response["Location"] == customer.get_absolute_url()
    fresh = Customer.objects.get(pk=customer.pk)
    assert (fresh.language, fresh.day_night) == ("cy", "night")
    assert ChangeRequest.objects.count() == 0 and outbox_messages() == []


def test_service_advisor_edits_only_with_consent(client, customer, service_user):
    client.force_login(service_user)
    edit = reverse("customers:edit", args=[customer.pk])
    assert client.get(edit).status_code == 200
    refused = client.post(edit, _form(customer, language="cy"))
    assert refused.status_code == 403
    sent = client.post(edit, _form(customer, last_name="Taylor-Reid", reason="Married"))
    assert sent.status_code == 302 and ChangeRequest.objects.count() == 1


def test_cancel_and_resend_from_the_otp_page(client, customer, sales_user):
    client.force_login(sales_user)
    client.post(
        reverse("customers:edit", args=[customer.pk]),
        _form(customer, last_name="Tailor", reason="Typo"),
    )
    change_request = ChangeRequest.objects.get()
    resend = reverse(
        "customers:change_request_step", args=[customer.pk, change_request.pk, "resend"]
    )
    assert "A new OTP was sent" in client.post(resend, follow=True).content.decode()
    cancel = reverse(
        "customers:change_request_step", args=[customer.pk, change_request.pk, "cancel"]
    )
    client.post(cancel)
    assert ChangeRequest.objects.get().status == "cancelled"
    assert Customer.objects.get(pk=customer.pk).last_name == "Taylor"


def test_mark_verified_stamps_who_and_when(
    client, api_client_for, customer, sales_user, viewer_user
):
    client.force_login(sales_user)
    response = client.post(reverse("customers:verify_info", args=[customer.pk]), follow=True)
    assert "Last verification: <strong>today</strong>" in response.content.decode()
    api = api_client_for(sales_user)
    with time_machine.travel("2026-09-10 09:00Z", tick=False):
        stamped = api.post(f"/api/v1/customers/{customer.pk}/verify-info/")
    assert stamped.status_code == 200
    assert stamped.json()["last_verified_at"].startswith("2026-09-10T09:00")
    assert stamped.json()["last_verified_by"] == str(sales_user)
    with time_machine.travel("2026-11-25 10:00Z", tick=False):
        client.force_login(sales_user)
        page = client.get(customer.get_absolute_url()).content.decode()
    stamp = f"Last verification: <strong>2 months 15 days ago</strong> by {escape(str(sales_user))}"
    assert stamp in page
    assert FieldChange.objects.filter(entity_id=customer.pk, field="last_verified_at").count() == 2
    viewer = api_client_for(viewer_user)
    assert viewer.post(f"/api/v1/customers/{customer.pk}/verify-info/").status_code == 403


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ((2026, 1, 31), (2026, 3, 1), (1, 1)),
        ((2026, 1, 15), (2026, 1, 15), (0, 0)),
        ((2025, 11, 20), (2026, 2, 3), (2, 14)),
        ((2024, 2, 29), (2025, 2, 28), (11, 30)),
    ],
)
def test_months_and_days(earlier, later, expected):
    from datetime import date

    assert months_and_days(date(*earlier), date(*later)) == expected


def test_months_days_ago_wording():
    with time_machine.travel("2026-11-25 10:00Z", tick=False):
        from datetime import UTC, datetime

        assert months_days_ago(datetime(2026, 9, 10, 9, tzinfo=UTC)) == "2 months 15 days ago"
        assert months_days_ago(datetime(2026, 11, 24, 9, tzinfo=UTC)) == "1 day ago"
        assert months_days_ago(datetime(2026, 10, 25, 9, tzinfo=UTC)) == "1 month ago"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (None, "—"),
        ("", "(empty)"),
        ("true", "Yes"),
        ("1987-09-14", "14 Sep 1987"),
        ("2026-11-25T15:26:53.249695+00:00", "25 Nov 2026 15:26"),
        ("+447911123456", "+447911123456"),
    ],
)
def test_history_values_read_naturally(stored, shown):
    from forecourt.changes.templatetags.change_format import history_text

    assert history_text(stored) == shown


def test_edit_form_shows_phones_nationally(client, customer, sales_user):
    client.force_login(sales_user)
    page = client.get(reverse("customers:edit", args=[customer.pk])).content.decode()
    assert 'value="07911 123456"' in page
