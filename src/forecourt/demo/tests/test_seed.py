"""The demo data `make run` loads: realistic, valid through the services, loaded once."""

import pytest

from forecourt.customers.contact import POSTAL_CODE_PATTERNS
from forecourt.customers.models import Customer
from forecourt.demo import services as demo
from forecourt.service.demo import GB_VEHICLES, IN_VEHICLES
from forecourt.service.models import ServiceVisit
from forecourt.vehicles.lookup import vehicle_lookup
from forecourt.vehicles.models import Vehicle
from forecourt.vehicles.vin import vin_check_digit, vin_hints

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    # The offline postcode files take seconds to load; the seed itself is what is tested.
    monkeypatch.setattr(demo, "postcodes_load", lambda: {})
    return demo.demo_seed()


def test_seed_loads_both_dealers_once(seeded):
    assert any("Northgate Motors (GB)" in line for line in seeded)
    assert any("Sahyadri Motors (IN)" in line for line in seeded)
    counts = (Customer.objects.count(), Vehicle.objects.count(), ServiceVisit.objects.count())
    assert demo.demo_seed() == []
    assert (Customer.objects.count(), Vehicle.objects.count(), ServiceVisit.objects.count()) == (
        counts
    )


def test_demo_vehicles_are_realistic(seeded):
    for row in (*GB_VEHICLES, *IN_VEHICLES):
        registration, vin, year = row[0], row[1], row[5]
        if vin and year:
            assert year in vin_hints(vin)["years"], f"{registration}: model-year code of {vin}"
    for vehicle in Vehicle.objects.select_related("dealer"):
        if vehicle.vin:
            assert vin_check_digit(vehicle.vin) == vehicle.vin[8], vehicle.vin
        if vehicle.dealer.country == "IN":
            assert vehicle.mileage_unit == "km"
    visits = ServiceVisit.objects.order_by("vehicle_id", "visited_on")
    by_vehicle: dict = {}
    for visit in visits:
        by_vehicle.setdefault(visit.vehicle_id, []).append(visit.mileage)
    for readings in by_vehicle.values():
        assert readings == sorted(readings), "odometer readings rise with the visit dates"

    for customer in Customer.objects.select_related("dealer"):
        assert POSTAL_CODE_PATTERNS[customer.country].match(customer.postal_code)
        assert (customer.phone_mobile or customer.phone_work).startswith(
            "+44" if customer.country == "GB" else "+91"
        )


def test_demo_plates_are_found_any_spacing(seeded):
    from forecourt.tenancy.models import Dealer

    for slug, typed, expected in [
        ("northgate", "ab12cde", "AB12 CDE"),
        ("northgate", "bd67 xkp", "K1 NGS"),
        ("sahyadri", "mh-12-ab-1234", "MH12AB1234"),
    ]:
        dealer = Dealer.objects.get(slug=slug)
        found = vehicle_lookup(dealer=dealer, registration=typed)
        assert found.vehicle.registration == expected
