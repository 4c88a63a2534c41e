"""Staff UI for lookup, capture, edit, missing fields, transfer and per-vehicle contact."""

import datetime as dt

import pytest
from django.urls import reverse

from forecourt.changes.models import Channel
from forecourt.customers.tests.factories import CustomerFactory
from forecourt.vehicles import services
from forecourt.vehicles.models import Ownership, Vehicle, VehicleContactPreference

pytestmark = pytest.mark.django_db


def _capture(dealer, user, **data):
    return services.vehicle_create(dealer=dealer, by=user, channel=Channel.UI, data=data)


@pytest.fixture
def owner(dealer):
    return CustomerFactory(
        dealer=dealer,
        first_name="Oliver",
        last_name="Smith",
        phone_mobile="+447911123456",
        account_number="NOR10001",
    )


@pytest.mark.parametrize("typed", ["ab12cde", "AB12 CDE", "ab-12-cde"])
def test_lookup_found_opens_the_owners_profile(client, service_user, dealer, owner, typed):
    vehicle = _capture(dealer, service_user, registration="AB12 CDE", customer=owner, make="Ford")
    client.force_login(service_user)
    response = client.get(reverse("vehicles:lookup"), {"q": typed}, follow=True)
    assert response.redirect_chain[-1][0] == f"{owner.get_absolute_url()}?vehicle={vehicle.pk}"
    page = response.content.decode()
    assert "Mr Oliver Smith" in page
    assert "Still to capture" in page


def test_lookup_page_takes_the_api_parameter_names_too(client, service_user, dealer, owner):
    vehicle = _capture(dealer, service_user, registration="AB12 CDE", customer=owner)
    client.force_login(service_user)
    response = client.get(reverse("vehicles:lookup"), {"registration": "ab12cde"})
    assert response["Location"] == f"{owner.get_absolute_url()}?vehicle={vehicle.pk}"


def test_lookup_not_found_goes_to_capture_with_the_plate(client, service_user):
    client.force_login(service_user)
    response = client.get(reverse("vehicles:lookup"), {"q": "gy19 hjk"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("vehicles:capture"))
    page = response.content.decode()
    assert "No vehicle GY19 HJK on file" in page
    assert 'value="GY19 HJK"' in page


def test_lookup_by_old_plate_says_it_changed(client, service_user, dealer, owner):
    vehicle = _capture(dealer, service_user, registration="BD67 XKP", customer=owner)
    services.vehicle_update(
        vehicle=vehicle,
        by=service_user,
        channel=Channel.UI,
        changes={"registration": "K1 NGS"},
        expected_version=1,
    )
    client.force_login(service_user)
    page = client.get(reverse("vehicles:lookup"), {"q": "bd67xkp"}, follow=True)
    assert "Registration changed from BD67 XKP to K1 NGS on " in page.content.decode()


def test_capture_only_registration_then_the_profile_prompts_for_the_rest(client, service_user):
    client.force_login(service_user)
    response = client.post(reverse("vehicles:capture"), {"registration": "yk17 rtv"})
    vehicle = Vehicle.objects.get()
    assert response.status_code == 302
    assert vehicle.registration == "YK17 RTV"
    assert vehicle.mileage_unit == "mi"
    page = client.get(response["Location"]).content.decode()
    assert "Still to capture" in page
    assert 'name="vin"' in page


def test_capture_links_an_owner_found_by_mobile(client, service_user, owner):
    client.force_login(service_user)
    response = client.post(
        reverse("vehicles:capture"),
        {"registration": "AB12 CDE", "owner": "07911 123456", "make": "Ford"},
    )
    assert response.status_code == 302
    vehicle = Vehicle.objects.get()
    assert vehicle.customer == owner
    assert Ownership.objects.get().customer == owner


def test_capture_from_a_profile_keeps_its_owner(client, service_user, owner):
    client.force_login(service_user)
    url = f"{reverse('vehicles:capture')}?customer={owner.pk}"
    assert "Owner: <strong>Mr Oliver Smith</strong>" in client.get(url).content.decode()
    client.post(url, {"registration": "MA19 BMW", "customer": str(owner.pk)})
    assert Vehicle.objects.get().customer == owner


def test_capture_shows_clear_errors_and_saves_nothing(client, service_user, dealer):
    _capture(dealer, service_user, registration="AB12 CDE")
    client.force_login(service_user)
    response = client.post(
        reverse("vehicles:capture"),
        {"registration": "ab12-cde", "vin": "1HGCM82643A004352", "owner": "nobody@example.com"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "No customer matches" in page
    response = client.post(
        reverse("vehicles:capture"), {"registration": "ab12-cde", "vin": "1HGCM82643A004352"}
    )
    page = response.content.decode()
    assert "already on file" in page
    assert "check digit" in page
    assert Vehicle.objects.count() == 1


def test_edit_form_keeps_dates_it_did_not_touch(client, service_user, dealer):
    vehicle = _capture(
        dealer,
        service_user,
        registration="AB12 CDE",
        first_registration_date=dt.date(2012, 3, 1),
        mileage=78450,
        mileage_date=dt.date(2026, 11, 5),
    )
    client.force_login(service_user)
    form = client.get(reverse("vehicles:edit", args=[vehicle.pk])).content.decode()
    assert 'value="2012-03-01"' in form
    assert 'value="2026-11-05"' in form


def test_missing_fields_form_fills_and_marks_unknown(client, service_user, dealer):
    vehicle = _capture(dealer, service_user, registration="GY19 HJK")
    client.force_login(service_user)
    response = client.post(
        reverse("vehicles:missing", args=[vehicle.pk]),
        {
            "version": vehicle.version,
            "make": "Vauxhall",
            "vin__unknown": "on",
            "customer__unknown": "on",
        },
    )
    assert response.status_code == 302
    vehicle.refresh_from_db()
    assert vehicle.make == "Vauxhall"
    assert sorted(vehicle.unknown_fields) == ["customer", "vin"]
    assert {"make", "vin", "customer"}.isdisjoint(vehicle.missing_fields)


def test_transfer_to_nobody_needs_the_box_and_keeps_history(client, service_user, dealer, owner):
    vehicle = _capture(dealer, service_user, registration="AB12 CDE", customer=owner)
    client.force_login(service_user)
    url = reverse("vehicles:transfer", args=[vehicle.pk])
    response = client.post(url, {"relation": "owner"})
    assert "Name the new owner" in response.content.decode()
    response = client.post(url, {"relation": "owner", "no_owner": "on", "reason": "Scrapped"})
    assert response.status_code == 302
    vehicle.refresh_from_db()
    assert vehicle.customer is None
    assert Ownership.objects.get().ended_on is not None


def test_vehicle_contact_preferences_from_the_profile(client, service_user, dealer, owner):
    vehicle = _capture(dealer, service_user, registration="AB12 CDE", customer=owner)
    client.force_login(service_user)
    url = reverse("vehicles:contact_preferences", args=[vehicle.pk])
    client.post(url, {"contact_phone": "on", "contact_email": "on", "action": "save"})
    pref = VehicleContactPreference.objects.get()
    assert (pref.contact_phone, pref.contact_sms, pref.contact_email, pref.contact_post) == (
        True,
        False,
        True,
        False,
    )
    page = client.get(f"{owner.get_absolute_url()}?vehicle={vehicle.pk}").content.decode()
    assert "Set for this vehicle." in page
    client.post(url, {"action": "clear"})
    assert not VehicleContactPreference.objects.exists()


def test_viewer_sees_no_edit_actions(client, viewer_user, dealer, owner, admin_user):
    vehicle = _capture(dealer, admin_user, registration="AB12 CDE", customer=owner)
    client.force_login(viewer_user)
    page = client.get(f"{owner.get_absolute_url()}?vehicle={vehicle.pk}").content.decode()
    for label in (
        "Edit vehicle",
        "Change owner",
        "Create job",
        "Add vehicle",
        "Save details",
        "Add a note",
        "Link type",
    ):
        assert label not in page
    assert "Service history" in page
    assert client.get(reverse("vehicles:edit", args=[vehicle.pk])).status_code == 403


def test_ownerless_vehicle_has_its_own_page(client, service_user, dealer):
    vehicle = _capture(dealer, service_user, registration="NG15 VAN", make="Skoda")
    client.force_login(service_user)
    page = client.get(reverse("vehicles:detail", args=[vehicle.pk])).content.decode()
    assert "No current owner recorded." in page
    assert "No service visits yet." in page


def test_vehicle_list_filters_by_plate_or_vin(client, service_user, dealer):
    _capture(dealer, service_user, registration="AB12 CDE", vin="1HGCM82633A004352")
    _capture(dealer, service_user, registration="MA19 BMW")
    client.force_login(service_user)
    page = client.get(reverse("vehicles:list"), {"q": "ab12"}).content.decode()
    assert "AB12 CDE" in page and "MA19 BMW" not in page
    page = client.get(reverse("vehicles:list"), {"q": "A004352"}).content.decode()
    assert "AB12 CDE" in page
    page = client.get(reverse("vehicles:list"), {"q": "ZZ99"}).content.decode()
    assert "No vehicle matches “ZZ99”" in page
