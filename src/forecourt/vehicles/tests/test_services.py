import pytest
from django.core.exceptions import ValidationError

from forecourt.changes.history import history_for
from forecourt.changes.models import Channel
from forecourt.core.errors import StaleVersion
from forecourt.customers.tests.factories import CustomerFactory
from forecourt.vehicles import services
from forecourt.vehicles.lookup import vehicle_lookup
from forecourt.vehicles.models import Ownership, Vehicle


def _create(dealer, user, **data):
    return services.vehicle_create(dealer=dealer, by=user, channel=Channel.UI, data=data)


@pytest.mark.django_db
def test_create_with_only_registration_lists_every_capture_field_as_missing(dealer, admin_user):
    vehicle = _create(dealer, admin_user, registration=" ab12  cde ")
    assert vehicle.registration == "AB12 CDE"
    assert vehicle.registration_normalised == "AB12CDE"
    assert vehicle.missing_fields[:3] == ["customer", "vin", "make"]
    assert {c.field for c in history_for(vehicle)} >= {"registration"}


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["ab12cde", "AB12 CDE", "ab-12-cde", " Ab12 cDe "])
def test_lookup_matches_any_case_and_spacing(dealer, admin_user, typed):
    vehicle = _create(dealer, admin_user, registration="AB12 CDE")
    found = vehicle_lookup(dealer=dealer, registration=typed)
    assert found is not None
    assert found.vehicle.pk == vehicle.pk


@pytest.mark.django_db
def test_lookup_does_not_cross_dealers(dealer, other_dealer, admin_user):
    _create(dealer, admin_user, registration="AB12 CDE")
    assert vehicle_lookup(dealer=other_dealer, registration="AB12CDE") is None


@pytest.mark.django_db
def test_plate_change_keeps_old_plate_findable_with_notice(dealer, admin_user):
    vehicle = _create(dealer, admin_user, registration="AB12 CDE")
    services.vehicle_update(
        vehicle=vehicle,
        by=admin_user,
        channel=Channel.UI,
        changes={"registration": "K1 NGS"},
        expected_version=vehicle.version,
    )
    found = vehicle_lookup(dealer=dealer, registration="ab12cde")
    assert found.vehicle.pk == vehicle.pk
    assert found.matched_by == "previous_registration"
    assert found.notices[0].startswith("Registration changed from AB12 CDE to K1 NGS on ")


@pytest.mark.django_db
def test_north_american_vin_with_bad_check_digit_is_refused(dealer, admin_user):
    with pytest.raises(ValidationError) as exc:
        _create(dealer, admin_user, registration="AB12 CDE", vin="1HGCM82643A004352")
    assert "check digit" in exc.value.message_dict["vin"][0]
    assert not Vehicle.objects.exists()


@pytest.mark.django_db
def test_european_vin_with_bad_check_digit_is_accepted_with_warning(dealer, admin_user):
    vehicle = _create(dealer, admin_user, registration="AB12 CDE", vin="WVWZZZ1JZXW000001")
    assert vehicle.vin == "WVWZZZ1JZXW000001"
    assert "check digit" in vehicle.warnings[0]


@pytest.mark.django_db
def test_registration_and_vin_unique_per_dealer(dealer, other_dealer, admin_user, other_admin):
    _create(dealer, admin_user, registration="AB12 CDE", vin="1HGCM82633A004352")
    with pytest.raises(ValidationError) as exc:
        _create(dealer, admin_user, registration="ab-12-cde")
    assert "already on file" in exc.value.message_dict["registration"][0]
    with pytest.raises(ValidationError) as exc:
        _create(dealer, admin_user, registration="X1 ABC", vin="1hgcm82633a004352")
    assert "VIN" in exc.value.message_dict["vin"][0]
    assert _create(other_dealer, other_admin, registration="AB12CDE", vin="1HGCM82633A004352")


@pytest.mark.django_db
def test_partial_vin_lookup(dealer, admin_user):
    vehicle = _create(dealer, admin_user, registration="AB12 CDE", vin="1HGCM82633A004352")
    assert vehicle_lookup(dealer=dealer, vin="004352").vehicle.pk == vehicle.pk
    assert vehicle_lookup(dealer=dealer, vin="04352") is None


@pytest.mark.django_db
def test_transfer_keeps_past_ownership(dealer, admin_user):
    first, second = CustomerFactory.create_batch(2, dealer=dealer)
    vehicle = _create(dealer, admin_user, registration="AB12 CDE", customer=first)
    vehicle = services.vehicle_transfer(
        vehicle=vehicle, to_customer=second, by=admin_user, channel=Channel.UI
    )
    assert vehicle.customer == second
    periods = {(o.customer_id, o.ended_on is None) for o in Ownership.objects.all()}
    assert periods == {(first.pk, False), (second.pk, True)}
    assert vehicle.version == 2


@pytest.mark.django_db
def test_stale_version_refused(dealer, admin_user):
    vehicle = _create(dealer, admin_user, registration="AB12 CDE")
    services.vehicle_update(
        vehicle=vehicle,
        by=admin_user,
        channel=Channel.UI,
        changes={"make": "Ford"},
        expected_version=1,
    )
    with pytest.raises(StaleVersion):
        services.vehicle_update(
            vehicle=vehicle,
            by=admin_user,
            channel=Channel.UI,
            changes={"make": "Vauxhall"},
            expected_version=1,
        )


@pytest.mark.django_db
def test_filling_or_marking_unknown_removes_missing_field(dealer, admin_user):
    vehicle = _create(dealer, admin_user, registration="AB12 CDE")
    vehicle = services.vehicle_update(
        vehicle=vehicle,
        by=admin_user,
        channel=Channel.UI,
        changes={"make": "Ford"},
        expected_version=vehicle.version,
    )
    assert "make" not in vehicle.missing_fields
    vehicle = services.vehicle_mark_unknown(
        vehicle=vehicle, by=admin_user, channel=Channel.UI, fields=["vin"]
    )
    assert "vin" not in vehicle.missing_fields
    assert "model" in vehicle.missing_fields


@pytest.mark.django_db
def test_a_plate_saved_meanwhile_by_someone_else_is_a_field_error(dealer, admin_user, monkeypatch):
    from forecourt.vehicles.tests.factories import VehicleFactory

    def checked_before_the_colleague_saved(vehicle):
        vehicle.registration_normalised = "AB12CDE"
        return []

    # The check passed before a colleague's capture committed: the constraint catches it.
    monkeypatch.setattr(services, "vehicle_validate", checked_before_the_colleague_saved)
    VehicleFactory(dealer=dealer, registration="AB12 CDE")
    with pytest.raises(ValidationError) as exc:
        _create(dealer, admin_user, registration="AB12 CDE")
    assert "already on file" in exc.value.message_dict["registration"][0]
    assert Vehicle.objects.count() == 1
