"""Customer API: create/list/get/patch/delete, validation, tenancy, roles, versions."""

import json

import pytest

from forecourt.changes.models import FieldChange
from forecourt.customers.models import Customer
from forecourt.customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/customers/"


def test_create_normalises_and_records_history(api):
    response = api.post(
        URL,
        {
            "first_name": "Oliver",
            "last_name": "Smith",
            "phone_mobile": "07911 123456",
            "email": "Oliver.Smith@EXAMPLE.co.uk",
            "postal_code": "m32bw",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["phone_mobile"] == "+447911123456"
    assert body["phone_mobile_display"] == "07911 123456"
    assert body["email"] == "Oliver.Smith@example.co.uk"
    assert body["postal_code"] == "M3 2BW"
    assert body["version"] == 1
    assert response["ETag"] == '"1"'
    fields = set(FieldChange.objects.filter(entity_id=body["id"]).values_list("field", flat=True))
    assert {"first_name", "last_name", "phone_mobile", "email"} <= fields


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"last_name": "Smith", "phone_mobile": "12345"}, "phone_mobile"),
        ({"last_name": "Smith", "email": "not-an-email"}, "email"),
        ({"last_name": "Smith", "email": "a@b"}, "email"),
        ({"last_name": "Smith", "postal_code": "NOT A CODE"}, "postal_code"),
        ({"last_name": "Smith", "country": "FR", "postal_code": "75001"}, "postal_code"),
        ({"last_name": "Smith", "shoe_size": 9}, "shoe_size"),
        ({"last_name": "Smith", "default_email": True}, "email"),
        ({"kind": "company"}, "company_name"),
        ({"last_name": "Smith", "category": "alien"}, "category"),
        ({"last_name": "Smith", "birth_date": "31/02/1990"}, "birth_date"),
    ],
)
def test_bad_input_is_400_with_field_message_and_nothing_written(api, payload, field):
    response = api.post(URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert response.json()[field]
    assert Customer.objects.count() == 0
    assert FieldChange.objects.count() == 0


def test_bad_json_is_400(api):
    response = api.post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert Customer.objects.count() == 0


def test_list_is_paginated_with_count_and_never_shows_other_dealers(api, dealer, other_dealer):
    CustomerFactory.create_batch(3, dealer=dealer)
    CustomerFactory.create_batch(
        2, dealer=other_dealer, country="IN", postal_code="411005", phone_mobile="+919876543210"
    )
    body = api.get(URL).json()
    assert body["count"] == 3
    assert {c["id"] for c in body["results"]} == {
        str(c.pk) for c in Customer.objects.filter(dealer=dealer)
    }


def test_other_dealers_customer_is_404_everywhere(api, other_dealer):
    foreign = CustomerFactory(
        dealer=other_dealer, country="IN", postal_code="411005", phone_mobile="+919876543210"
    )
    url = f"{URL}{foreign.pk}/"
    assert api.get(url).status_code == 404
    assert (
        api.patch(url, {"first_name": "X"}, format="json", HTTP_IF_MATCH='"1"').status_code == 404
    )
    assert api.delete(url + "?reason=test").status_code == 404
    foreign.refresh_from_db()
    assert foreign.first_name != "X" and foreign.erased_at is None


def test_unknown_uuid_is_404(api):
    assert api.get(f"{URL}00000000-0000-0000-0000-000000000000/").status_code == 404
    assert api.get(f"{URL}not-a-uuid/").status_code == 404


def test_viewer_can_read_but_not_create_edit_or_delete(api_client_for, viewer_user, dealer):
    customer = CustomerFactory(dealer=dealer)
    client = api_client_for(viewer_user)
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"last_name": "X"}, format="json").status_code == 403
    assert (
        client.patch(
            f"{URL}{customer.pk}/", {"first_name": "X"}, format="json", HTTP_IF_MATCH='"1"'
        ).status_code
        == 403
    )
    assert client.delete(f"{URL}{customer.pk}/?reason=x").status_code == 403
    assert Customer.objects.count() == 1


def test_service_role_cannot_delete(api_client_for, service_user, dealer):
    customer = CustomerFactory(dealer=dealer)
    assert api_client_for(service_user).delete(f"{URL}{customer.pk}/?reason=x").status_code == 403


def test_patch_needs_if_match_and_refuses_stale_versions(api, dealer):
    customer = api.post(URL, {"first_name": "Amelia", "last_name": "Jones"}, format="json").json()
    url = f"{URL}{customer['id']}/"
    assert api.get(url)["ETag"] == '"1"'
    missing = api.patch(url, {"language": "cy"}, format="json")
    assert missing.status_code == 428
    ok = api.patch(url, {"language": "cy"}, format="json", HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200, ok.content
    assert ok["ETag"] == '"2"'
    stale = api.patch(url, {"social_handle": "@stale"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert "changed by" in stale.json()["detail"]
    assert Customer.objects.get(pk=customer["id"]).social_handle == ""


def test_patch_invalid_phone_changes_nothing(api, dealer):
    customer = CustomerFactory(dealer=dealer)
    response = api.patch(
        f"{URL}{customer.pk}/",
        {"phone_mobile": "0000", "first_name": "New"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    customer.refresh_from_db()
    assert customer.first_name != "New" and customer.version == 1


def test_assigned_staff_at_most_two_of_same_dealer(
    api, dealer, sales_user, service_user, viewer_user, other_admin
):
    ok = api.post(
        URL,
        {"last_name": "Brown", "assigned_staff": [str(sales_user.pk), str(service_user.pk)]},
        format="json",
    )
    assert ok.status_code == 201
    too_many = api.post(
        URL,
        {
            "last_name": "Brown",
            "assigned_staff": [str(u.pk) for u in (sales_user, service_user, viewer_user)],
        },
        format="json",
    )
    assert too_many.status_code == 400 and "assigned_staff" in too_many.json()
    foreign = api.post(
        URL, {"last_name": "Brown", "assigned_staff": [str(other_admin.pk)]}, format="json"
    )
    assert foreign.status_code == 400


def test_history_names_the_staff_a_customer_was_assigned(api, sales_user, service_user):
    created = api.post(
        URL,
        {"last_name": "Brown", "assigned_staff": [str(sales_user.pk), str(service_user.pk)]},
        format="json",
    ).json()
    rows = api.get(f"{URL}{created['id']}/history/").json()["results"]
    assigned = next(row for row in rows if row["field"] == "assigned_staff")
    assert str(sales_user.pk) in assigned["new_value"]  # the stable ids stay in the value
    assert (
        str(sales_user) in assigned["new_display"] and str(service_user) in assigned["new_display"]
    )
    assert assigned["old_display"] is None


def test_delete_erases_personal_data_and_hides_from_list(api, dealer):
    created = api.post(
        URL,
        {"first_name": "Isla", "last_name": "Brown", "phone_mobile": "07911 123456"},
        format="json",
    ).json()
    assert api.delete(f"{URL}{created['id']}/?reason=Customer request").status_code == 204
    erase_row = FieldChange.objects.get(entity_id=created["id"], field="erased_at")
    assert erase_row.reason == "Customer request"
    erased = Customer.objects.get(pk=created["id"])
    assert (erased.first_name, erased.phone_mobile, erased.display_name) == (
        "",
        "",
        "Deleted Customer",
    )
    assert api.get(URL).json()["count"] == 0
    assert "Isla" not in json.dumps(list(FieldChange.objects.values("old_value", "new_value")))


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/customers/" in schema.content
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"birth_date": "1850-06-01"}, "birth_date"),
        ({"credit_limit": "-100"}, "credit_limit"),
    ],
)
def test_impossible_values_are_refused(api, payload, field):
    response = api.post(URL, {"last_name": "Shaw", **payload}, format="json")
    assert response.status_code == 400 and field in response.json()
    assert Customer.objects.count() == 0


def test_delete_honours_if_match_when_sent(api, dealer):
    customer = CustomerFactory(dealer=dealer, version=3)
    stale = api.delete(f"{URL}{customer.pk}/?reason=Duplicate", HTTP_IF_MATCH='"2"')
    assert stale.status_code == 412
    customer.refresh_from_db()
    assert customer.erased_at is None
    ok = api.delete(f"{URL}{customer.pk}/?reason=Duplicate", HTTP_IF_MATCH='"3"')
    assert ok.status_code == 204


def test_missing_if_match_says_how_to_send_it(api, dealer):
    customer = CustomerFactory(dealer=dealer)
    response = api.patch(f"{URL}{customer.pk}/", {"language": "cy"}, format="json")
    assert response.status_code == 428 and "If-Match" in response.json()["detail"]
