import datetime as dt
from decimal import Decimal

import factory

from forecourt.service.models import Recommendation, ServiceVisit, VisitLine
from forecourt.vehicles.tests.factories import VehicleFactory


class ServiceVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceVisit

    vehicle = factory.SubFactory(VehicleFactory)
    dealer = factory.SelfAttribute("vehicle.dealer")
    customer = factory.SelfAttribute("vehicle.customer")
    # The sequence runs on across the whole test session, so steps stay small enough
    # that thousands of visits still have plausible dates and positive mileages.
    visited_on = factory.Sequence(lambda n: dt.date(2026, 10, 1) - dt.timedelta(days=n))
    mileage = factory.LazyAttribute(lambda visit: (visit.visited_on - dt.date(1990, 1, 1)).days * 3)
    summary = "Full service"
    invoice_ref = factory.Sequence(lambda n: f"NG-INV-{24000 + n}")
    amount = Decimal("145.50")


class VisitLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitLine

    visit = factory.SubFactory(ServiceVisitFactory)
    dealer = factory.SelfAttribute("visit.dealer")
    description = "Oil filter"
    kind = "part"
    amount = Decimal("12.50")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    vehicle = factory.SubFactory(VehicleFactory)
    dealer = factory.SelfAttribute("vehicle.dealer")
    text = "Front tyres at 3 mm: replace within three months"
    severity = "advisory"
    estimate = Decimal("180.00")
