import factory

from forecourt.tenancy.tests.factories import DealerFactory
from forecourt.vehicles.models import Vehicle
from forecourt.vehicles.registration import registration_normalise

# Real-shaped VINs with valid ISO 3779 check digits.
VALID_VINS = [
    "1HGCM82633A004352",
    "1M8GDM9AXKP042788",
    "5YJSA1E27HF000337",
    "2T1BURHE3JC012345",
    "WVWZZZ1K69W000001",
    "SALGA2EF7GA123456",
    "WF0AXXGC1A1234567",
    "MA3EWDE1600123456",
    "MALA851C0DM123456",
    "MBHCZC639KF123456",
]


class VehicleFactory(factory.django.DjangoModelFactory):
    """A GB car; build through vehicle_create in tests that care about history."""

    class Meta:
        model = Vehicle

    dealer = factory.SubFactory(DealerFactory)
    registration = factory.Sequence(lambda n: f"AB{10 + n % 90} {chr(65 + n % 26)}DE")
    registration_normalised = factory.LazyAttribute(
        lambda o: registration_normalise(o.registration)
    )
    make = "Ford"
    model = "Focus"
    year = 2019
    colour = "Blue"
    fuel = "petrol"
    mileage = 42000
