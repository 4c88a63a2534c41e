"""forecourt lookup AB12CDE --dealer S prints the profile summary."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from forecourt.changes.models import Channel
from forecourt.customers.tests.factories import CustomerFactory
from forecourt.service import services as workshop
from forecourt.vehicles import services

pytestmark = pytest.mark.django_db


def _lookup(*args):
    out = StringIO()
    call_command("lookup", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def vehicle(dealer, admin_user, service_user):
    owner = CustomerFactory(
        dealer=dealer,
        first_name="Oliver",
        last_name="Smith",
        phone_mobile="+447911123456",
        email="oliver.smith@example.co.uk",
        account_number="NOR10001",
    )
    vehicle = services.vehicle_create(
        dealer=dealer,
        by=admin_user,
        channel=Channel.CLI,
        data={
            "registration": "AB12 CDE",
            "vin": "WF0AXXGC7C8R12345",
            "make": "Ford",
            "model": "Focus",
            "year": 2012,
            "mileage": 78450,
            "customer": owner,
        },
    )
    visit = workshop.visit_record(
        vehicle=vehicle,
        visited_on=dt.date(2026, 11, 5),
        advisor=service_user,
        summary="Front brakes",
        invoice_ref="NG-INV-2611586",
        lines=[{"kind": "labour", "description": "Pads and discs", "amount": Decimal("254.00")}],
    )
    workshop.recommendation_add(
        vehicle=vehicle, visit=visit, text="Wiper blades smearing", severity="info"
    )
    workshop.service_due_set(vehicle=vehicle, changes={"next_mot_date": dt.date(2027, 3, 1)})
    return vehicle


@pytest.mark.parametrize("typed", ["AB12CDE", "ab12 cde", "ab-12-cde"])
def test_lookup_prints_the_profile_summary(vehicle, typed):
    out = _lookup(typed, "--dealer", "northgate")
    assert "AB12 CDE  2012 Ford Focus" in out
    assert "Mr Oliver Smith (account NOR10001)" in out
    assert "07911 123456" in out
    assert "78,450 miles" in out
    assert "MOT due        1 Mar 2027" in out
    assert "Front brakes" in out and "NG-INV-2611586" in out and "£254.00" in out
    assert "Wiper blades smearing" in out
    assert "Still to capture: variant, colour, fuel, first_registration_date" in out


def test_lookup_by_previous_plate_prints_the_notice(vehicle, admin_user):
    services.vehicle_update(
        vehicle=vehicle,
        by=admin_user,
        channel=Channel.CLI,
        changes={"registration": "K1 NGS"},
        expected_version=vehicle.version,
    )
    out = _lookup("AB12CDE", "--dealer", "northgate")
    assert out.startswith("Registration changed from AB12 CDE to K1 NGS on ")
    assert "K1 NGS  2012 Ford Focus" in out


def test_lookup_by_partial_vin(vehicle):
    assert "AB12 CDE" in _lookup("R12345", "--dealer", "northgate")


def test_unknown_plate_and_other_dealer_fail_clearly(vehicle, other_dealer):
    with pytest.raises(CommandError, match="No vehicle “ZZ99ZZZ” at northgate"):
        _lookup("ZZ99ZZZ", "--dealer", "northgate")
    with pytest.raises(CommandError, match="No vehicle “AB12CDE” at sahyadri"):
        _lookup("AB12CDE", "--dealer", "sahyadri")
