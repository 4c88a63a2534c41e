"""Verified change (SPEC D3): change request → OTP → verify → apply, through the API."""

from datetime import timedelta

import pytest
import time_machine

from forecourt.audit.models import AuditEvent
from forecourt.changes.models import ChangeRequest
from forecourt.core import clock
from forecourt.customers.models import Customer
from forecourt.customers.services import customer_create
from forecourt.customers.tests.factories import AADHAARS, PANS
from forecourt.messaging.tests.outbox import latest_otp, outbox_messages

pytestmark = pytest.mark.django_db

NEW_MOBILE = "07812 345678"


@pytest.fixture
def customer(dealer, sales_user):
    return customer_create(
        dealer=dealer,
        by=sales_user,
        channel="api",
        data={
            "first_name": "Oliver",
            "last_name": "Smith",
            "phone_mobile": "07911 123456",
            "email": "oliver.smith@example.co.uk",
        },
    )


@pytest.fixture
def api(api_client_for, sales_user):
    return api_client_for(sales_user)


def _base(customer):
    return f"/api/v1/customers/{customer.pk}/change-requests/"


def _request(api, customer, changes=None, reason="Customer changed phone number", **extra):
    body = {"changes": changes or {"phone_mobile": NEW_MOBILE}, "reason": reason, **extra}
    return api.post(_base(customer), body, format="json")


def _step(api, customer, request_id, step, **body):
    return api.post(f"{_base(customer)}{request_id}/{step}/", body, format="json")


def _unchanged(customer):
    fresh = Customer.objects.get(pk=customer.pk)
    return fresh.phone_mobile == "+447911123456" and fresh.version == customer.version


def test_full_flow_changes_the_phone_and_records_old_to_new_with_reason(api, customer, sales_user):
    created = _request(api, customer)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "pending_otp" and body["channel"] == "sms"
    assert body["expires_at"] and body["id"]
    assert body["changes"] == {"phone_mobile": {"old": "+447911123456", "new": "+447812345678"}}
    message = outbox_messages()[-1]
    assert message["to"] == "+447911123456"  # the current mobile, not the new one
    assert message["kind"] == "otp" and message["channel"] == "sms"
    assert _unchanged(customer)

    verified = _step(api, customer, body["id"], "verify", otp=latest_otp())
    assert verified.status_code == 200
    assert verified.json()["detail"] == "OTP verification completed successfully."
    assert _unchanged(customer)  # only the Save changes the customer

    applied = _step(api, customer, body["id"], "apply")
    assert applied.status_code == 200, applied.content
    assert applied.json()["phone_mobile"] == "+447812345678"
    assert applied["ETag"] == f'"{customer.version + 1}"'

    history = api.get(f"/api/v1/customers/{customer.pk}/history/").json()
    latest = history["results"][0]
    assert (latest["field"], latest["old_value"], latest["new_value"]) == (
        "phone_mobile",
        "+447911123456",
        "+447812345678",
    )
    assert latest["reason"] == "Customer changed phone number"
    assert latest["actor"] == str(sales_user) and latest["channel"] == "api"
    assert latest["change_request"] == body["id"]
    assert ChangeRequest.objects.get().status == "applied"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"otp.sent", "otp.verified"} <= actions


def test_reason_is_mandatory(api, customer):
    response = _request(api, customer, reason="   ")
    assert response.status_code == 400 and "reason" in response.json()
    assert ChangeRequest.objects.count() == 0 and outbox_messages() == []


def test_bad_values_fail_before_any_otp_is_sent(api, customer):
    response = _request(api, customer, changes={"phone_mobile": "0000", "email": "nope"})
    assert response.status_code == 400
    assert set(response.json()) >= {"phone_mobile", "email"}
    assert outbox_messages() == [] and ChangeRequest.objects.count() == 0


def test_unknown_field_and_no_op_changes_are_refused(api, customer):
    assert _request(api, customer, changes={"shoe_size": 9}).status_code == 400
    same = _request(api, customer, changes={"phone_mobile": "+44 7911 123456"})
    assert same.status_code == 400 and "changes" in same.json()


def test_expired_otp_fails_and_tells_to_generate_a_new_one(api, customer):
    request_id = _request(api, customer).json()["id"]
    otp = latest_otp()
    with time_machine.travel(clock.now() + timedelta(minutes=5, seconds=1)):
        response = _step(api, customer, request_id, "verify", otp=otp)
    assert response.status_code == 400
    assert "expired" in response.json()["detail"] and "new OTP" in response.json()["detail"]
    assert _step(api, customer, request_id, "apply").status_code == 409
    assert _unchanged(customer)


def test_otp_is_single_use(api, customer):
    request_id = _request(api, customer).json()["id"]
    otp = latest_otp()
    assert _step(api, customer, request_id, "verify", otp=otp).status_code == 200
    assert _step(api, customer, request_id, "apply").status_code == 200
    again = _step(api, customer, request_id, "verify", otp=otp)
    assert again.status_code == 409
    assert _step(api, customer, request_id, "apply").status_code == 409


def test_five_wrong_entries_kill_the_otp(api, customer):
    request_id = _request(api, customer).json()["id"]
    otp = latest_otp()
    wrong = f"{(int(otp) + 1) % 1_000_000:06d}"
    for _ in range(5):
        response = _step(api, customer, request_id, "verify", otp=wrong)
        assert response.status_code == 400
    assert "no longer valid" in response.json()["detail"]
    # Even the right OTP no longer works; a new one must be generated.
    assert _step(api, customer, request_id, "verify", otp=otp).status_code == 400
    assert _step(api, customer, request_id, "apply").status_code == 409
    assert _unchanged(customer)
    assert AuditEvent.objects.filter(action="otp.failed").count() == 6


def test_an_otp_from_another_request_does_not_verify(api, customer, dealer, sales_user):
    other = customer_create(
        dealer=dealer,
        by=sales_user,
        channel="api",
        data={"last_name": "Jones", "phone_mobile": "07723 456789"},
    )
    mine = _request(api, customer).json()["id"]
    _request(api, other, changes={"last_name": "Jones-Evans"}).json()
    others_otp = latest_otp()
    assert _step(api, customer, mine, "verify", otp=others_otp).status_code == 400
    assert _unchanged(customer)


def test_resend_replaces_the_otp_and_is_rate_limited(api, customer):
    request_id = _request(api, customer).json()["id"]
    first = latest_otp()
    assert _step(api, customer, request_id, "resend").status_code == 200
    second = latest_otp()
    if first != second:  # the old OTP stops working once a new one is issued
        assert _step(api, customer, request_id, "verify", otp=first).status_code == 400
    for _ in range(2):
        assert _step(api, customer, request_id, "resend").status_code == 200
    limited = _step(api, customer, request_id, "resend")  # a fourth resend within 15 minutes
    assert limited.status_code == 429
    assert "3 per 15 minutes" in limited.json()["detail"]
    assert 0 < limited.json()["retry_after"] <= 15 * 60
    assert limited["Retry-After"] == str(limited.json()["retry_after"])
    assert "GMT" in limited.json()["detail"] or "BST" in limited.json()["detail"]
    assert len([m for m in outbox_messages() if m["kind"] == "otp"]) == 4
    assert _step(api, customer, request_id, "verify", otp=latest_otp()).status_code == 200


def test_new_requests_are_not_blocked_by_resends(api, customer):
    request_id = _request(api, customer).json()["id"]
    for _ in range(3):
        _step(api, customer, request_id, "resend")
    assert _step(api, customer, request_id, "resend").status_code == 429
    for name in ("Smyth", "Smithe", "Smith-Jones", "Smithson"):
        assert _request(api, customer, changes={"last_name": name}).status_code == 201


def test_daily_limit_of_ten_resends_per_customer(api, customer):
    request_id = _request(api, customer).json()["id"]
    start = clock.now()
    resent = 0
    for window in range(4):
        with time_machine.travel(start + timedelta(minutes=16 * (window + 1)), tick=False):
            for _ in range(3):
                if _step(api, customer, request_id, "resend").status_code == 200:
                    resent += 1
    assert resent == 10
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        response = _step(api, customer, request_id, "resend")
    assert response.status_code == 429 and "10 per day" in response.json()["detail"]
    with time_machine.travel(start + timedelta(days=1, minutes=17), tick=False):
        assert _step(api, customer, request_id, "resend").status_code == 200


def test_apply_before_verification_is_refused(api, customer):
    request_id = _request(api, customer).json()["id"]
    response = _step(api, customer, request_id, "apply")
    assert response.status_code == 409 and "Verify the OTP" in response.json()["detail"]
    assert _unchanged(customer)


def test_a_field_changed_since_the_request_is_not_overwritten(api, customer, admin_user):
    from forecourt.customers.services import customer_update

    request_id = _request(api, customer).json()["id"]
    _step(api, customer, request_id, "verify", otp=latest_otp())
    customer_update(
        customer=customer,
        by=admin_user,
        channel="import",
        changes={"phone_mobile": "07534 567890"},
        expected_version=customer.version,
    )
    response = _step(api, customer, request_id, "apply")
    assert response.status_code == 412
    assert "mobile phone changed since" in response.json()["detail"]
    assert Customer.objects.get(pk=customer.pk).phone_mobile == "+447534567890"


def test_direct_patch_of_a_protected_field_points_to_change_requests(api, customer):
    response = api.patch(
        f"/api/v1/customers/{customer.pk}/",
        {"phone_mobile": NEW_MOBILE, "language": "en"},
        format="json",
        HTTP_IF_MATCH=f'"{customer.version}"',
    )
    assert response.status_code == 409
    body = response.json()
    assert body["fields"] == ["phone_mobile"]
    assert body["change_request_url"] == _base(customer)
    fresh = Customer.objects.get(pk=customer.pk)
    assert fresh.language == "" and _unchanged(customer)


def test_otp_goes_to_email_when_there_is_no_mobile(api, dealer, sales_user):
    customer = customer_create(
        dealer=dealer,
        by=sales_user,
        channel="api",
        data={"last_name": "Brown", "email": "isla.brown@example.co.uk"},
    )
    body = _request(api, customer, changes={"last_name": "Browne"}).json()
    assert body["channel"] == "email" and body["sent_to"] == "i•••@example.co.uk"
    assert outbox_messages()[-1]["to"] == "isla.brown@example.co.uk"


def test_identity_change_is_masked_everywhere(api_client_for, other_dealer):
    from forecourt.staff.tests.factories import StaffFactory

    admin = StaffFactory(dealer=other_dealer, role="admin", username="in-admin")
    customer = customer_create(
        dealer=other_dealer,
        by=admin,
        channel="api",
        data={"last_name": "Kulkarni", "phone_mobile": "98765 43210", "aadhaar": AADHAARS[0]},
    )
    api = api_client_for(admin)
    body = _request(
        api, customer, changes={"pan": PANS[1]}, reason="PAN card issued after booking"
    ).json()
    assert body["changes"] == {"pan": {"old": "", "new": "BNZxxxx01F"}}
    assert PANS[1] not in str(ChangeRequest.objects.values().get())
    _step(api, customer, body["id"], "verify", otp=latest_otp())
    assert _step(api, customer, body["id"], "apply").json()["pan"] == "BNZxxxx01F"
    history = api.get(f"/api/v1/customers/{customer.pk}/history/").json()["results"]
    pan_row = next(row for row in history if row["field"] == "pan")
    assert pan_row["masked"] and PANS[1] not in pan_row["new_value"]


def test_other_dealers_customer_and_requests_are_404(api, customer, api_client_for, other_admin):
    request_id = _request(api, customer).json()["id"]
    foreign = api_client_for(other_admin)
    assert _request(foreign, customer).status_code == 404
    assert _step(foreign, customer, request_id, "verify", otp=latest_otp()).status_code == 404
    assert foreign.get(_base(customer)).status_code == 404


def test_viewer_cannot_request_changes(api_client_for, viewer_user, customer):
    assert _request(api_client_for(viewer_user), customer).status_code == 403
