"""Acceptance (issue 3): bad JSON, unknown fields, invalid phone or email answer 400 with a
message per field and write nothing — on create and on update, through the shared API plumbing."""

import pytest

from forecourt.changes.models import Channel, FieldChange
from forecourt.customers.models import Customer
from forecourt.customers.services import customer_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/customers/"


@pytest.fixture
def customer(dealer):
    return customer_create(
        dealer=dealer,
        by=None,
        channel=Channel.API,
        data={"first_name": "Amelia", "last_name": "Jones", "phone_mobile": "07911 123456"},
    )


BAD_BODIES = [
    pytest.param('{"first_name": "A",', None, id="truncated-json"),
    pytest.param("[1, 2, 3]", "non_field_errors", id="json-array"),
    pytest.param(
        '{"first_name": "A", "favourite_colour": "red"}', "favourite_colour", id="unknown"
    ),
    pytest.param('{"first_name": "A", "phone_mobile": "12345"}', "phone_mobile", id="phone"),
    pytest.param('{"first_name": "A", "phone_mobile": "+44 7911"}', "phone_mobile", id="short"),
    pytest.param('{"first_name": "A", "email": "amelia.example.com"}', "email", id="email-no-at"),
    pytest.param('{"first_name": "A", "email": "amelia@localhost"}', "email", id="email-no-tld"),
]


@pytest.mark.parametrize(("body", "field"), BAD_BODIES)
def test_bad_create_is_400_with_field_messages_and_writes_nothing(api, customer, body, field):
    before = (Customer.objects.count(), FieldChange.objects.count())
    response = api.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400, response.content
    payload = response.json()
    if field is None:
        assert payload["detail"]
    else:
        assert isinstance(payload[field], list) and payload[field][0]
    assert (Customer.objects.count(), FieldChange.objects.count()) == before


@pytest.mark.parametrize(("body", "field"), BAD_BODIES)
def test_bad_update_is_400_with_field_messages_and_changes_nothing(api, customer, body, field):
    before = Customer.objects.values().get(pk=customer.pk)
    history = FieldChange.objects.count()
    response = api.patch(
        f"{URL}{customer.pk}/", data=body, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400, response.content
    if field is not None:
        assert response.json()[field]
    assert Customer.objects.values().get(pk=customer.pk) == before
    assert FieldChange.objects.count() == history
