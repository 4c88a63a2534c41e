import pytest

from forecourt.changes.history import history_for
from forecourt.customers.models import Customer
from forecourt.customers.tests.factories import CustomerFactory
from forecourt.vehicles.models import Ownership, Vehicle

LOOKUP = "/api/v1/lookup/"
VEHICLES = "/api/v1/vehicles/"


def _capture(api, **body):
    response = api.post(VEHICLES, body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["ab12cde", "AB12 CDE", "ab-12-cde"])
def test_lookup_any_case_or_spacing(api, dealer, typed):
    owner = CustomerFactory(dealer=dealer, first_name="Oliver", last_name="Smith")
    created = _capture(api, registration="AB12 CDE", customer=str(owner.pk), make="Ford")
    response = api.get(LOOKUP, {"registration": typed})
    assert response.status_code == 200
    body = response.json()
    assert body["vehicle"]["id"] == created["id"]
    assert body["customer"]["display_name"] == "Mr Oliver Smith"
    assert "make" not in body["missing_fields"]
    assert "model" in body["missing_fields"]


@pytest.mark.django_db
def test_other_dealers_plate_is_not_found(api, api_client_for, other_admin):
    _capture(api, registration="AB12 CDE")
    response = api_client_for(other_admin).get(LOOKUP, {"registration": "AB12CDE"})
    assert response.status_code == 404
    assert response.json()["capture_url"] == "/lookup/capture/?registration=AB12CDE"


@pytest.mark.django_db
def test_old_plate_still_finds_vehicle_after_change(api):
    created = _capture(api, registration="BD63 XKP")
    response = api.patch(
        f"{VEHICLES}{created['id']}/",
        {"registration": "K1 NGS"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.json()
    found = api.get(LOOKUP, {"registration": "bd63 xkp"}).json()
    assert found["vehicle"]["registration"] == "K1 NGS"
    assert found["matched_by"] == "previous_registration"
    assert found["notices"][0].startswith("Registration changed from BD63 XKP to K1 NGS on ")


@pytest.mark.django_db
def test_capture_with_only_registration_then_fill_one_field(api):
    created = _capture(api, registration="yk17 rtv")
    assert created["registration"] == "YK17 RTV"
    missing = api.get(LOOKUP, {"registration": "YK17RTV"}).json()["missing_fields"]
    assert missing == [
        "customer",
        "vin",
        "make",
        "model",
        "variant",
        "year",
        "colour",
        "fuel",
        "mileage",
        "first_registration_date",
    ]
    response = api.patch(
        f"{VEHICLES}{created['id']}/", {"make": "Volkswagen"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response["ETag"] == '"2"'
    missing = api.get(LOOKUP, {"registration": "YK17RTV"}).json()["missing_fields"]
    assert "make" not in missing
    assert len(missing) == 9
    api.patch(
        f"{VEHICLES}{created['id']}/",
        {"unknown_fields": ["vin"]},
        format="json",
        HTTP_IF_MATCH='"2"',
    )
    assert "vin" not in api.get(LOOKUP, {"registration": "YK17RTV"}).json()["missing_fields"]


@pytest.mark.django_db
def test_lookup_by_vin_and_partial_vin(api):
    created = _capture(api, registration="EV21 TES", vin="5YJ3E1EA6KF123456")
    assert api.get(LOOKUP, {"vin": "5yj3e1ea6kf123456"}).json()["vehicle"]["id"] == created["id"]
    assert api.get(LOOKUP, {"vin": "F123456"}).json()["matched_by"] == "partial_vin"
    too_short = api.get(LOOKUP, {"vin": "12345"})
    assert too_short.status_code == 400 and "vin" in too_short.json()


@pytest.mark.django_db
def test_invalid_north_american_vin_is_400_and_nothing_saved(api):
    response = api.post(
        VEHICLES, {"registration": "AB12 CDE", "vin": "1HGCM82643A004352"}, format="json"
    )
    assert response.status_code == 400
    assert "check digit" in response.json()["vin"][0]
    assert not Vehicle.objects.exists()


@pytest.mark.django_db
def test_duplicate_registration_is_400(api):
    _capture(api, registration="AB12 CDE")
    response = api.post(VEHICLES, {"registration": "ab12-cde"}, format="json")
    assert response.status_code == 400
    assert "already on file" in response.json()["registration"][0]


@pytest.mark.django_db
def test_patch_needs_if_match_and_refuses_stale(api):
    created = _capture(api, registration="AB12 CDE")
    url = f"{VEHICLES}{created['id']}/"
    assert api.get(url)["ETag"] == '"1"'
    assert api.patch(url, {"colour": "Blue"}, format="json").status_code == 428
    assert api.patch(url, {"colour": "Blue"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    stale = api.patch(url, {"colour": "Red"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale["ETag"] == '"2"'


@pytest.mark.django_db
def test_changing_customer_transfers_ownership_and_keeps_past(api, dealer):
    first, second = CustomerFactory.create_batch(2, dealer=dealer)
    created = _capture(api, registration="AB12 CDE", customer=str(first.pk))
    response = api.patch(
        f"{VEHICLES}{created['id']}/",
        {"customer": str(second.pk)},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.json()["customer"] == str(second.pk)
    periods = api.get(f"{VEHICLES}{created['id']}/ownerships/").json()
    assert [(p["customer"], p["ended_on"] is None) for p in periods] == [
        (str(second.pk), True),
        (str(first.pk), False),
    ]
    listed = api.get(VEHICLES, {"customer": str(first.pk)}).json()
    assert listed["count"] == 0
    assert api.get(VEHICLES, {"customer": str(second.pk)}).json()["count"] == 1


@pytest.mark.django_db
def test_cannot_link_another_dealers_customer(api, other_dealer):
    stranger = CustomerFactory(dealer=other_dealer)
    response = api.post(
        VEHICLES, {"registration": "AB12 CDE", "customer": str(stranger.pk)}, format="json"
    )
    assert response.status_code == 400
    assert Ownership.objects.count() == 0


@pytest.mark.django_db
def test_viewer_cannot_create(api_client_for, viewer_user):
    response = api_client_for(viewer_user).post(VEHICLES, {"registration": "AB12 CDE"})
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone_mobile", "07700 900123", "valid phone"),
        ("email", "oliver@@example", "valid email"),
    ],
)
def test_customer_bad_contact_is_400_and_nothing_saved(api, field, value, message):
    body = {"first_name": "Oliver", "last_name": "Smith", field: value}
    response = api.post("/api/v1/customers/", body, format="json")
    assert response.status_code == 400
    assert message in response.json()[field][0]
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_customer_postcode_of_unknown_country_is_400(api):
    body = {"last_name": "Müller", "postal_code": "10115", "country": "DE"}
    response = api.post("/api/v1/customers/", body, format="json")
    assert response.status_code == 400
    assert "not supported" in response.json()["postal_code"][0]
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_list_by_customer_refuses_a_malformed_id(api):
    response = api.get(VEHICLES, {"customer": "not-a-uuid"})
    assert response.status_code == 400
    assert "not a valid id" in response.json()["customer"][0]


@pytest.mark.django_db
def test_mileage_unit_defaults_to_the_dealers_country(api_client_for, other_admin):
    created = api_client_for(other_admin).post(
        VEHICLES, {"registration": "mh12ab1234", "mileage": 38450}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["registration"], body["mileage_unit"]) == ("MH12AB1234", "km")
    assert body["mileage_date"] is not None


@pytest.mark.django_db
def test_vin_hints_and_model_year_warning(api):
    body = _capture(api, registration="AB12 CDE", vin="1HGCM82633A004352", year=2007)
    assert body["vin_hints"]["manufacturer"] == "Honda"
    assert body["vin_hints"]["years"] == [2003]
    assert "model-year code" in body["warnings"][0]
    assert _capture(api, registration="MA19 BMW", vin="1M8GDM9AXKP042788")["warnings"] == []


@pytest.mark.django_db
def test_per_vehicle_contact_preferences(api, dealer):
    owner = CustomerFactory(dealer=dealer, contact_email=False)
    created = _capture(api, registration="AB12 CDE", customer=str(owner.pk))
    url = f"{VEHICLES}{created['id']}/contact-preferences/"
    body = api.get(url).json()
    assert body["vehicle_specific"] is False
    assert body["contact_sms"] is True
    assert body["effective"]["contact_email"] is False
    bad = api.patch(url, {"contact_sms": "perhaps"}, format="json")
    assert bad.status_code == 400
    changed = api.patch(url, {"contact_sms": False, "reason": "Company car"}, format="json")
    assert changed.status_code == 200
    body = changed.json()
    assert body["vehicle_specific"] is True
    assert (body["contact_sms"], body["effective"]["contact_sms"]) == (False, False)
    assert body["contact_phone"] is True
    changes = history_for(Vehicle.objects.get(pk=created["id"])).filter(field="contact_sms")
    assert [c.reason for c in changes] == ["Company car"]
    cleared = api.delete(url).json()
    assert cleared["vehicle_specific"] is False
    assert cleared["contact_sms"] is True


@pytest.mark.django_db
def test_contact_preferences_need_an_owner_and_an_editing_role(api, api_client_for, viewer_user):
    created = _capture(api, registration="AB12 CDE")
    url = f"{VEHICLES}{created['id']}/contact-preferences/"
    response = api.patch(url, {"contact_sms": False}, format="json")
    assert response.status_code == 400
    assert "Link an owner first" in response.json()["customer"][0]
    assert api_client_for(viewer_user).patch(url, {"contact_sms": False}).status_code == 403


@pytest.mark.django_db
def test_vehicle_cannot_be_replaced_or_deleted_through_the_api(api):
    created = _capture(api, registration="AB12 CDE")
    assert api.put(f"{VEHICLES}{created['id']}/", {"registration": "X1"}).status_code == 405
    assert api.delete(f"{VEHICLES}{created['id']}/").status_code == 405
