"""PAN and Aadhaar (SPEC B4): validated, encrypted, masked everywhere, revealed only by admins."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import verhoeff

from forecourt.audit.models import AuditEvent
from forecourt.changes.models import FieldChange
from forecourt.customers.identity import AADHAAR, PAN, identity_digest
from forecourt.customers.models import Customer
from forecourt.customers.services import customer_create
from forecourt.customers.tests.factories import AADHAARS, PANS

pytestmark = pytest.mark.django_db

URL = "/api/v1/customers/"


@pytest.fixture
def in_admin(other_dealer):
    from forecourt.staff.tests.factories import StaffFactory

    return StaffFactory(dealer=other_dealer, role="admin", username="sahyadri-admin")


def _create(api, **extra):
    body = {"first_name": "Priya", "last_name": "Sharma", "phone_mobile": "98765 43210", **extra}
    return api.post(URL, body, format="json")


@given(st.from_regex(r"[2-9][0-9]{10}", fullmatch=True))
def test_every_verhoeff_valid_aadhaar_is_accepted_and_a_wrong_check_digit_is_not(body):
    number = body + verhoeff.calc_check_digit(body)
    assume(number != number[::-1])  # UIDAI never issues palindromes; stdnum refuses them
    assert AADHAAR.normalise(f"{number[:4]} {number[4:8]} {number[8:]}") == number
    wrong = body + str((int(verhoeff.calc_check_digit(body)) + 1) % 10)
    with pytest.raises(ValidationError):
        AADHAAR.normalise(wrong)


@pytest.mark.parametrize("bad", ["123412341234", "023412341236", "49911234567", "ABCD12341234"])
def test_aadhaar_rules(bad):
    with pytest.raises(ValidationError, match="Aadhaar"):
        AADHAAR.normalise(bad)


@pytest.mark.parametrize("bad", ["ABCXE1234F", "ABCP1E234F", "ABCPE12345", "ABCPE1234"])
def test_pan_pattern_and_holder_type(bad):
    with pytest.raises(ValidationError, match="PAN"):
        PAN.normalise(bad)


def test_masks():
    assert PAN.mask("ABCPE1234F") == "ABCxxxx34F"
    assert AADHAAR.mask("499112345677") == "XXXX XXXX 5677"


def test_created_with_ids_stored_encrypted_and_answered_masked(api_client_for, in_admin):
    api = api_client_for(in_admin)
    response = _create(api, pan="abcpe1234f", aadhaar="4991 1234 5677")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["pan"], body["aadhaar"]) == ("ABCxxxx34F", "XXXX XXXX 5677")
    row = Customer.objects.values().get(pk=body["id"])
    stored = " ".join(str(v) for v in row.values())
    assert "ABCPE1234F" not in stored and "499112345677" not in stored
    assert row["pan_digest"] == identity_digest("pan", "ABCPE1234F")
    history = " ".join(
        f"{c.old_value} {c.new_value}" for c in FieldChange.objects.filter(entity_id=body["id"])
    )
    assert "ABCPE1234F" not in history and "499112345677" not in history
    assert FieldChange.objects.get(entity_id=body["id"], field="pan").masked
    detail = api.get(f"{URL}{body['id']}/").json()
    assert detail["pan"] == "ABCxxxx34F"


def test_invalid_ids_are_400_with_field_messages_and_nothing_saved(api_client_for, in_admin):
    response = _create(api_client_for(in_admin), pan="ABCXE1234F", aadhaar="123412341234")
    assert response.status_code == 400
    assert set(response.json()) >= {"pan", "aadhaar"}
    assert Customer.objects.count() == 0


def test_patching_an_id_directly_points_to_the_change_request(api_client_for, in_admin):
    api = api_client_for(in_admin)
    created = _create(api, pan=PANS[0], aadhaar=AADHAARS[2]).json()
    response = api.patch(
        f"{URL}{created['id']}/", {"pan": PANS[1]}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 409
    assert "change-requests" in response.json()["change_request_url"]
    assert Customer.objects.get(pk=created["id"]).pan_masked == PAN.mask(PANS[0])


def test_reveal_is_admin_only_and_audited(api_client_for, in_admin, other_dealer):
    from forecourt.staff.tests.factories import StaffFactory

    customer = customer_create(
        dealer=other_dealer,
        by=in_admin,
        channel="api",
        data={"last_name": "Iyer", "aadhaar": AADHAARS[1]},
    )
    url = f"{URL}{customer.pk}/reveal/"
    sales = StaffFactory(dealer=other_dealer, role="sales", username="sahyadri-sales")
    assert api_client_for(sales).post(url, {"field": "aadhaar"}, format="json").status_code == 403
    response = api_client_for(in_admin).post(url, {"field": "aadhaar"}, format="json")
    assert response.json() == {"field": "aadhaar", "value": AADHAARS[1]}
    event = AuditEvent.objects.get(action="identity.reveal")
    assert event.actor == in_admin and event.details == {"field": "aadhaar"}
    assert AADHAARS[1] not in str(event.details)
    missing = api_client_for(in_admin).post(url, {"field": "pan"}, format="json")
    assert missing.status_code == 400


def test_reveal_in_the_ui_is_admin_only(client, in_admin, other_dealer):
    from django.urls import reverse

    customer = customer_create(
        dealer=other_dealer,
        by=in_admin,
        channel="ui",
        data={"last_name": "Rao", "pan": PANS[2], "aadhaar": AADHAARS[3]},
    )
    client.force_login(in_admin)
    profile = client.get(customer.get_absolute_url()).content.decode()
    assert PAN.mask(PANS[2]) in profile and PANS[2] not in profile
    revealed = client.post(reverse("customers:reveal", args=[customer.pk, "pan"]))
    assert PANS[2] in revealed.content.decode()
    assert revealed["Cache-Control"] == "no-store"


def test_indian_end_users_need_aadhaar_when_staff_create_them(
    api_client_for, in_admin, other_dealer
):
    api = api_client_for(in_admin)
    missing = _create(api)
    assert missing.status_code == 400
    assert "Aadhaar is required" in missing.json()["aadhaar"][0]
    company = _create(api, kind="company", category="corporate", company_name="Pune Logistics")
    assert company.status_code == 201
    assert _create(api, aadhaar=AADHAARS[0]).status_code == 201
    # A DMS feed is recorded as sent; the invoice checks the rule again later.
    fed = customer_create(
        dealer=other_dealer, by=None, channel="import", data={"last_name": "Kale"}
    )
    assert fed.aadhaar_masked == ""


def test_gb_customers_need_no_national_id(api):
    assert api.post(URL, {"last_name": "Brown"}, format="json").status_code == 201
