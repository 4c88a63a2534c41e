"""Sales bookings (SPEC D1) and the invoice lock on customer edits (SPEC D2)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from forecourt.changes.models import ChangeRequest
from forecourt.customers.services import customer_create
from forecourt.customers.tests.factories import AADHAARS, PANS, CustomerFactory
from forecourt.messaging.tests.outbox import latest_otp, outbox_messages
from forecourt.sales.models import Booking
from forecourt.sales.services import booking_create, booking_deliver, booking_invoice
from forecourt.staff.tests.factories import StaffFactory
from forecourt.vehicles.models import Ownership
from forecourt.vehicles.tests.factories import VehicleFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/bookings/"


@pytest.fixture
def api(api_client_for, sales_user):
    return api_client_for(sales_user)


@pytest.fixture
def customer(dealer, sales_user):
    return customer_create(
        dealer=dealer,
        by=sales_user,
        channel="api",
        data={"first_name": "Amelia", "last_name": "Jones", "phone_mobile": "07911 123456"},
    )


def _book(api, customer, **extra):
    return api.post(
        URL, {"customer": str(customer.pk), "sale_value": "24995.00", **extra}, format="json"
    )


def test_booking_moves_booked_invoiced_delivered(api, customer, dealer, sales_user):
    previous_owner = CustomerFactory(dealer=dealer)
    vehicle = VehicleFactory(dealer=dealer, customer=previous_owner, vin="1HGCM82633A004352")
    created = _book(api, customer, vehicle=str(vehicle.pk))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "booked" and body["number"] == "BK-000001"
    assert body["salesperson"] == str(sales_user.pk) and body["customer_edit_allowed"]
    invoiced = api.post(f"{URL}{body['id']}/invoice/")
    assert invoiced.status_code == 200
    assert invoiced.json()["status"] == "invoiced"
    assert invoiced.json()["invoice_number"] == "INV-000001"
    assert not invoiced.json()["customer_edit_allowed"]
    assert api.post(f"{URL}{body['id']}/invoice/").status_code == 409
    delivered = api.post(f"{URL}{body['id']}/deliver/")
    assert delivered.status_code == 200 and delivered.json()["status"] == "delivered"
    vehicle.refresh_from_db()
    assert vehicle.customer == customer
    assert Ownership.objects.filter(vehicle=vehicle, customer=customer, ended_on=None).exists()
    listed = api.get(f"{URL}?status=delivered").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]


def test_deliver_before_invoice_is_refused(api, customer):
    booking = _book(api, customer).json()
    response = api.post(f"{URL}{booking['id']}/deliver/")
    assert response.status_code == 409 and "only an invoiced sale" in response.json()["detail"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"sale_value": "0"}, "sale_value"),
        ({"sale_value": "abc"}, "sale_value"),
        ({"customer": "00000000-0000-0000-0000-000000000000"}, "customer"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_bookings_are_400_and_nothing_saved(api, customer, payload, field):
    response = api.post(
        URL, {"customer": str(customer.pk), "sale_value": "100", **payload}, format="json"
    )
    assert response.status_code == 400 and field in response.json()
    assert Booking.objects.count() == 0


def test_a_vehicle_cannot_be_on_two_open_bookings(api, customer, dealer):
    vehicle = VehicleFactory(dealer=dealer)
    assert _book(api, customer, vehicle=str(vehicle.pk)).status_code == 201
    second = _book(api, customer, vehicle=str(vehicle.pk))
    assert second.status_code == 400 and "already on booking" in second.json()["vehicle"][0]


def test_other_dealers_records_are_invisible(
    api, customer, api_client_for, other_admin, other_dealer
):
    booking = _book(api, customer).json()
    foreign = api_client_for(other_admin)
    assert foreign.get(f"{URL}{booking['id']}/").status_code == 404
    assert foreign.post(f"{URL}{booking['id']}/invoice/").status_code == 404
    assert foreign.get(URL).json()["count"] == 0
    assert _book(foreign, customer).status_code == 400  # another dealer's customer: unknown


@pytest.mark.parametrize(
    ("role", "book", "invoice"),
    [
        ("admin", 201, 200),
        ("sales", 201, 200),
        ("service", 403, 403),
        ("rental", 403, 403),
        ("viewer", 403, 403),
    ],
)
def test_roles(api_client_for, dealer, customer, role, book, invoice, admin_user):
    user = StaffFactory(dealer=dealer, role=role, username=f"bookings-{role}")
    client = api_client_for(user)
    assert client.get(URL).status_code == 200
    assert _book(client, customer).status_code == book
    booking = booking_create(
        dealer=dealer, by=admin_user, channel="api", customer=customer, sale_value=Decimal(1)
    )
    assert client.post(f"{URL}{booking.pk}/invoice/").status_code == invoice


def test_change_request_through_an_invoiced_booking_is_409_naming_the_invoice(
    api, customer, sales_user
):
    booking = booking_create(
        dealer=customer.dealer,
        by=sales_user,
        channel="api",
        customer=customer,
        sale_value=Decimal(9000),
    )
    url = f"/api/v1/customers/{customer.pk}/change-requests/"
    body = {
        "changes": {"last_name": "Jones-Evans"},
        "reason": "Married",
        "booking": str(booking.pk),
    }
    before_invoice = api.post(url, body, format="json")
    assert before_invoice.status_code == 201
    booking_invoice(booking=booking, by=sales_user, channel="api")
    refused = api.post(url, body, format="json")
    assert refused.status_code == 409
    assert "INV-000001" in refused.json()["detail"]
    # A request made before the invoice cannot be saved after it either.
    request_id = before_invoice.json()["id"]
    otp = latest_otp()
    assert api.post(f"{url}{request_id}/verify/", {"otp": otp}, format="json").status_code == 200
    assert api.post(f"{url}{request_id}/apply/").status_code == 409
    customer.refresh_from_db()
    assert customer.last_name == "Jones"
    # After delivery the profile path (no booking) still works.
    booking_deliver(booking=booking, by=sales_user, channel="api")
    via_profile = api.post(url, {**body, "booking": None}, format="json")
    assert via_profile.status_code == 201
    request_id = via_profile.json()["id"]
    api.post(f"{url}{request_id}/verify/", {"otp": latest_otp()}, format="json")
    assert api.post(f"{url}{request_id}/apply/").status_code == 200
    customer.refresh_from_db()
    assert customer.last_name == "Jones-Evans"


def test_booking_of_another_customer_is_refused(api, customer, dealer, sales_user):
    other = CustomerFactory(dealer=dealer)
    booking = booking_create(
        dealer=dealer, by=sales_user, channel="api", customer=other, sale_value=Decimal(1)
    )
    response = api.post(
        f"/api/v1/customers/{customer.pk}/change-requests/",
        {"changes": {"last_name": "X"}, "reason": "r", "booking": str(booking.pk)},
        format="json",
    )
    assert response.status_code == 400 and "booking" in response.json()
    assert ChangeRequest.objects.count() == 0 and outbox_messages() == []


@pytest.fixture
def in_sales(other_dealer):
    other_dealer.pan_required_above = Decimal("200000")
    other_dealer.save()
    return StaffFactory(dealer=other_dealer, role="sales", username="in-sales")


def test_indian_identity_rules_gate_the_invoice(api_client_for, in_sales, other_dealer):
    api = api_client_for(in_sales)
    # Fed by the DMS without IDs (staff could not have created it so).
    customer = customer_create(
        dealer=other_dealer,
        by=in_sales,
        channel="import",
        data={"first_name": "Rohan", "last_name": "Patil", "phone_mobile": "98765 43210"},
    )
    booking = api.post(
        URL, {"customer": str(customer.pk), "sale_value": "850000"}, format="json"
    ).json()
    refused = api.post(f"{URL}{booking['id']}/invoice/")
    assert refused.status_code == 409
    assert (
        "Aadhaar is required" in refused.json()["detail"]
        and "PAN is required" in refused.json()["detail"]
    )
    # Fixing it through the booking: the change request itself insists on both IDs.
    url = f"/api/v1/customers/{customer.pk}/change-requests/"
    partial = api.post(
        url,
        {
            "changes": {"aadhaar": AADHAARS[2]},
            "reason": "KYC for invoice",
            "booking": booking["id"],
        },
        format="json",
    )
    assert partial.status_code == 400 and "pan" in partial.json()
    complete = api.post(
        url,
        {
            "changes": {"aadhaar": AADHAARS[2], "pan": PANS[0]},
            "reason": "KYC for invoice",
            "booking": booking["id"],
        },
        format="json",
    ).json()
    api.post(f"{url}{complete['id']}/verify/", {"otp": latest_otp()}, format="json")
    assert api.post(f"{url}{complete['id']}/apply/").status_code == 200
    assert api.post(f"{URL}{booking['id']}/invoice/").status_code == 200


def test_below_the_pan_limit_only_aadhaar_is_needed(api_client_for, in_sales, other_dealer):
    customer = customer_create(
        dealer=other_dealer,
        by=in_sales,
        channel="api",
        data={"last_name": "Deshpande", "aadhaar": AADHAARS[3]},
    )
    booking = booking_create(
        dealer=other_dealer,
        by=in_sales,
        channel="api",
        customer=customer,
        sale_value=Decimal("150000"),
    )
    assert api_client_for(in_sales).post(f"{URL}{booking.pk}/invoice/").status_code == 200


def test_worksheet_booking_page_and_locked_edit_in_the_ui(client, customer, sales_user, dealer):
    client.force_login(sales_user)
    booking = booking_create(
        dealer=dealer, by=sales_user, channel="ui", customer=customer, sale_value=Decimal(5000)
    )
    worksheet = client.get(reverse("sales:worksheet")).content.decode()
    assert booking.number in worksheet and customer.display_name in worksheet
    page = client.get(booking.get_absolute_url()).content.decode()
    edit_url = reverse("sales:customer_edit", args=[booking.pk])
    assert edit_url in page and "Open customer center" in page
    assert client.get(edit_url).status_code == 200
    assert client.post(reverse("sales:invoice", args=[booking.pk])).status_code == 302
    page = client.get(booking.get_absolute_url()).content.decode()
    assert edit_url not in page and "can no longer be changed through it" in page
    locked = client.get(edit_url)
    assert locked.status_code == 409 and "INV-000001" in locked.content.decode()
    assert client.post(edit_url, {"last_name": "X"}).status_code == 409
    client.post(reverse("sales:deliver", args=[booking.pk]))
    profile = client.get(customer.get_absolute_url()).content.decode()
    assert booking.number in profile and "Delivered" in profile


def test_new_booking_form(client, customer, sales_user, dealer):
    client.force_login(sales_user)
    vehicle = VehicleFactory(
        dealer=dealer, registration="AB12 CDE", registration_normalised="AB12CDE"
    )
    form = client.get(f"{reverse('sales:create')}?customer={customer.pk}")
    assert "+447911123456" in form.content.decode()
    bad = client.post(reverse("sales:create"), {"customer": "nobody here", "sale_value": "-1"})
    assert bad.status_code == 400 and Booking.objects.count() == 0
    ok = client.post(
        reverse("sales:create"),
        {"customer": "07911 123456", "vehicle": "ab12cde", "sale_value": "18500"},
    )
    booking = Booking.objects.get()
    assert ok.status_code == 302 and ok["Location"] == booking.get_absolute_url()
    assert booking.vehicle == vehicle and booking.salesperson == sales_user
