"""Demo vehicles, ownership, a plate change, visits, due dates and recommendations (GB, IN)."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from forecourt.changes.models import Channel
from forecourt.core import clock
from forecourt.customers.models import Customer
from forecourt.customers.relations import customer_associate, customer_note_add
from forecourt.service.services import (
    job_create,
    recommendation_add,
    recommendation_resolve,
    service_due_set,
    visit_record,
)
from forecourt.staff.models import User
from forecourt.tenancy.models import Dealer
from forecourt.vehicles.models import Ownership, PlateChange, Vehicle
from forecourt.vehicles.services import (
    vehicle_contact_preferences_set,
    vehicle_create,
    vehicle_transfer,
    vehicle_update,
)

# (registration, VIN with a valid ISO 3779 check digit, make, model, variant, year, colour,
#  fuel, mileage, owner index into the dealer's demo customers or None)
GB_VEHICLES = [
    (
        "AB12 CDE",
        "WF0AXXGC7C8R12345",
        "Ford",
        "Focus",
        "1.0 EcoBoost Titanium",
        2012,
        "Blue",
        "petrol",
        78450,
        0,
    ),
    (
        "BD67 XKP",
        "SAJAA06E6HA123457",
        "Jaguar",
        "XE",
        "2.0d R-Sport",
        2017,
        "Black",
        "diesel",
        52310,
        0,
    ),
    (
        "YK17 RTV",
        "WVWZZZAU9HP512345",
        "Volkswagen",
        "Golf",
        "1.4 TSI Match",
        2017,
        "Silver",
        "petrol",
        48900,
        1,
    ),
    (
        "LR66 EVO",
        "SALGA2EF3GA223456",
        "Land Rover",
        "Range Rover Evoque",
        "2.0 TD4 HSE",
        2016,
        "White",
        "diesel",
        61200,
        2,
    ),
    (
        "MA19 BMW",
        "WBA8E9C53KK123456",
        "BMW",
        "3 Series",
        "320d M Sport",
        2019,
        "Grey",
        "diesel",
        39870,
        3,
    ),
    (
        "SK68 TYR",
        "SB1KZ28E5JE123456",
        "Toyota",
        "Auris",
        "1.8 Hybrid Icon",
        2018,
        "Red",
        "hybrid",
        35400,
        4,
    ),
    (
        "FE20 CLI",
        "VF1RFB000LA123456",
        "Renault",
        "Clio",
        "1.0 TCe Iconic",
        2020,
        "Orange",
        "petrol",
        18650,
        5,
    ),
    (
        "EV21 TES",
        "5YJ3E1EA2MF123456",
        "Tesla",
        "Model 3",
        "Long Range AWD",
        2021,
        "White",
        "electric",
        27800,
        6,
    ),
    (
        "NG69 SKD",
        "TMBJJ7NE7K0123456",
        "Skoda",
        "Octavia",
        "1.6 TDI SE Estate",
        2019,
        "Green",
        "diesel",
        88120,
        -1,
    ),
    ("NG15 VAN", None, "Skoda", "Octavia", None, None, None, None, None, -1),
]
IN_VEHICLES = [
    (
        "MH12AB1234",
        "MA3EWDE1XLS234567",
        "Maruti Suzuki",
        "Swift",
        "VXi",
        2020,
        "Pearl White",
        "petrol",
        38450,
        0,
    ),
    (
        "MH14CD5678",
        "MALB741C8MM345678",
        "Hyundai",
        "Creta",
        "1.5 SX Diesel",
        2021,
        "Titan Grey",
        "diesel",
        42100,
        1,
    ),
    (
        "MH12XY9087",
        "MAT612344N4456789",
        "Tata",
        "Nexon",
        "XZ+ EV",
        2022,
        "Teal Blue",
        "electric",
        21600,
        2,
    ),
    (
        "KA05MN4321",
        "MA1TA2YB8K2567890",
        "Mahindra",
        "XUV500",
        "W10",
        2019,
        "Red",
        "diesel",
        71300,
        3,
    ),
    (
        "MH01EF2468",
        "MAJAXXMR2JJ678901",
        "Ford",
        "EcoSport",
        "1.5 Titanium",
        2018,
        "Silver",
        "petrol",
        64800,
        4,
    ),
    (
        "MH12QR1357",
        "MBJB29BT5M1789012",
        "Toyota",
        "Innova Crysta",
        "2.4 VX",
        2021,
        "Grey",
        "diesel",
        55200,
        -1,
    ),
]

GB_WORK = [
    (
        "Full service",
        [
            ("labour", "Full service labour", "95.00"),
            ("part", "Oil filter", "12.50"),
            ("part", "Engine oil 5W-30 (4.5 l)", "38.00"),
        ],
    ),
    ("MOT test", [("labour", "MOT test class 4", "54.85")]),
    (
        "Interim service",
        [("labour", "Interim service labour", "65.00"), ("part", "Oil filter", "12.50")],
    ),
    (
        "Front brakes",
        [
            ("labour", "Replace front pads and discs", "110.00"),
            ("part", "Front brake discs (pair)", "96.00"),
            ("part", "Front brake pads", "48.00"),
        ],
    ),
    ("Air conditioning regas", [("labour", "Air con regas", "69.00")]),
]
IN_WORK = [
    (
        "Periodic maintenance service",
        [
            ("labour", "Periodic maintenance labour", "1850.00"),
            ("part", "Engine oil (3.5 l)", "2100.00"),
            ("part", "Oil filter", "340.00"),
        ],
    ),
    (
        "Wheel alignment and balancing",
        [("labour", "Wheel alignment", "650.00"), ("labour", "Wheel balancing (4)", "400.00")],
    ),
    (
        "Brake service",
        [
            ("labour", "Brake cleaning and adjustment", "750.00"),
            ("part", "Front brake pads", "2450.00"),
        ],
    ),
    ("AC service", [("labour", "AC gas top-up", "1500.00")]),
]
RECOMMENDATIONS = {
    "GB": [
        ("Front tyres at 3 mm: replace within three months", "advisory", "180.00"),
        ("Rear brake discs corroded: replace", "urgent", "210.00"),
        ("Wiper blades smearing", "info", "24.00"),
    ],
    "IN": [
        ("Rear tyres worn: replace before monsoon", "urgent", "9800.00"),
        ("Battery 4 years old: test at next visit", "advisory", "5200.00"),
        ("Cabin air filter due", "info", "650.00"),
    ],
}


def _vehicle_data(row: tuple[Any, ...], country: str) -> dict[str, Any]:
    reg, vin, make, model, variant, year, colour, fuel, mileage, _owner = row
    data = {"registration": reg, "make": make, "model": model}
    for name, value in (
        ("vin", vin),
        ("variant", variant),
        ("year", year),
        ("colour", colour),
        ("fuel", fuel),
        ("mileage", mileage),
    ):
        if value is not None:
            data[name] = value
    if year:
        data["first_registration_date"] = _first_registered(reg, year, country)
    data["mileage_unit"] = "km" if country == "IN" else "mi"
    return data


_GB_AGE_PLATE = re.compile(r"^[A-Z]{2}(\d{2}) ?[A-Z]{3}$")


def _first_registered(registration: str, year: int, country: str) -> date:
    # A current GB plate dates itself: "12" is March 2012, "62" September 2012.
    match = _GB_AGE_PLATE.match(registration) if country == "GB" else None
    if match:
        age = int(match.group(1))
        return date(2000 + age, 3, 1) if age < 50 else date(2000 + age - 50, 9, 1)
    return date(year, 4, 1)


def _visits(
    vehicle: Vehicle, advisor: User, rng: random.Random, country: str, count: int
) -> tuple[date, int]:
    """Record up to `count` visits back in time from last month; return (earliest, recorded)."""
    work = GB_WORK if country == "GB" else IN_WORK
    per_day = (8000 if country == "GB" else 10000) / 365
    prefix = "NG" if country == "GB" else "SM"
    when = clock.today() - timedelta(days=rng.randint(12, 40))
    mileage = vehicle.mileage or 10000
    first_registered = vehicle.first_registration_date or date(2000, 1, 1)
    earliest, recorded = when, 0
    for index in range(count):
        if when <= first_registered or mileage < 500:
            break
        summary, lines = work[(index + len(vehicle.registration)) % len(work)]
        visit = visit_record(
            vehicle=vehicle,
            visited_on=when,
            mileage=mileage,
            advisor=advisor,
            summary=summary,
            invoice_ref=f"{prefix}-INV-{when:%y%m}{rng.randint(100, 999)}",
            lines=[
                {"kind": kind, "description": text, "amount": Decimal(amount)}
                for kind, text, amount in lines
            ],
        )
        earliest, recorded = when, recorded + 1
        if index == 0:
            for text, severity, estimate in RECOMMENDATIONS[country][
                : 1 + (len(vehicle.registration) % 3)
            ]:
                recommendation_add(
                    vehicle=vehicle,
                    visit=visit,
                    text=text,
                    severity=severity,
                    estimate=Decimal(estimate),
                )
        gap = rng.randint(150, 330)
        when -= timedelta(days=gap)
        mileage -= int(gap * per_day * rng.uniform(0.7, 1.2))
    return earliest, recorded


def demo_vehicles(*, dealer: Dealer, customers: list[Customer], users: dict[str, User]) -> str:
    """Create the dealer's demo vehicles with history; return a one-line summary."""
    rng = random.Random(f"{dealer.slug}-vehicles")
    by, advisor = users["admin"], users["service"]
    rows = GB_VEHICLES if dealer.country == "GB" else IN_VEHICLES
    today = clock.today()
    vehicles = []
    for row in rows:
        owner = customers[row[-1]] if row[-1] is not None else None
        data = {**_vehicle_data(row, dealer.country), "customer": owner}
        vehicles.append(vehicle_create(dealer=dealer, by=by, channel=Channel.SYSTEM, data=data))
    visits = 0
    for position, vehicle in enumerate(vehicles):
        bought = today - timedelta(days=rng.randint(400, 1800))
        if vehicle.make and vehicle.year is not None:
            earliest, recorded = _visits(
                vehicle, advisor, rng, dealer.country, 6 if position == 0 else 2 + position % 3
            )
            visits += recorded
            bought = min(bought, earliest - timedelta(days=rng.randint(30, 400)))
            offsets = [(-12, -5), (14, 40), (120, 200), (25, -3)][position % 4]
            service_due_set(
                vehicle=vehicle,
                changes={
                    "next_service_date": today + timedelta(days=offsets[0]),
                    "next_service_mileage": (vehicle.mileage or 0)
                    + (8000 if position % 2 else 600),
                    "next_mot_date": today + timedelta(days=offsets[1]),
                },
            )
        # The owner had the car before its first visit here, never before it was registered.
        if vehicle.first_registration_date:
            bought = max(bought, vehicle.first_registration_date)
        Ownership.for_dealer(dealer).filter(vehicle=vehicle).update(started_on=bought)
    first = vehicles[0]
    recs = list(first.recommendations.all())
    if len(recs) > 1:
        recommendation_resolve(recommendation=recs[-1], status="declined", by=advisor)
    second = vehicles[1]
    if dealer.country == "GB":
        # A private plate moved onto the second vehicle: the old plate still finds it.
        second = vehicle_update(
            vehicle=second,
            by=by,
            channel=Channel.SYSTEM,
            changes={"registration": "K1 NGS"},
            expected_version=second.version,
            reason="Private plate transferred",
        )
        PlateChange.for_dealer(dealer).filter(vehicle=second).update(
            changed_on=today - timedelta(days=200)
        )
    # The customer takes no texts about their second car (a company car).
    vehicle_contact_preferences_set(
        vehicle=second,
        by=by,
        channel=Channel.SYSTEM,
        preferences={"contact_sms": False},
        reason="Company car: the fleet manager handles bookings",
    )
    # The third vehicle was sold privately after its last visit: the seller keeps a past
    # ownership and its invoices; the buyer's profile shows the car from today on.
    third = vehicles[2]
    previous_owner = third.customer
    vehicle_transfer(
        vehicle=third,
        to_customer=customers[7],
        by=by,
        channel=Channel.SYSTEM,
        reason="Sold privately",
    )
    sold = today - timedelta(days=8)
    Ownership.for_dealer(dealer).filter(vehicle=third, customer=previous_owner).update(
        ended_on=sold
    )
    Ownership.for_dealer(dealer).filter(vehicle=third, customer=customers[7]).update(
        started_on=sold
    )
    customer_note_add(
        customer=customers[0],
        by=advisor,
        pinned=True,
        body="Prefers a text before 5pm; usually waits for the car.",
    )
    customer_note_add(
        customer=customers[0],
        by=by,
        body="Asked about trading in the older car next spring.",
    )
    customer_associate(customer=customers[1], related=customers[2], kind="household")
    customer_associate(customer=customers[0], related=customers[-1], kind="employer")
    job_create(
        dealer=dealer,
        by=advisor,
        kind="service_wip",
        customer=first.customer,
        vehicle=first,
        description=(
            "Annual service and MOT; customer reports a squeak from the front brakes."
            if dealer.country == "GB"
            else "Periodic maintenance service; customer reports a squeak from the front brakes."
        ),
    )
    return f"{len(vehicles)} vehicles, {visits} service visits"
