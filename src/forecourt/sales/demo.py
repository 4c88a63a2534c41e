"""Demo sales: stock vehicles, bookings at every stage and Indian KYC identifiers."""

from __future__ import annotations

from decimal import Decimal

from forecourt.changes.models import Channel
from forecourt.customers.models import Customer
from forecourt.customers.services import customer_update
from forecourt.sales.services import booking_create, booking_deliver, booking_invoice
from forecourt.staff.models import User
from forecourt.tenancy.models import Dealer
from forecourt.vehicles.services import vehicle_create
from forecourt.vehicles.vin import vin_check_digit

# PANs with individual ("P") holder types.
DEMO_PANS = ["BNZPM2501F", "AFZPK7190K", "ABCPE1234F"]
# Rupee threshold above which a PAN is required on a sale at the Indian demo dealer.
IN_PAN_REQUIRED_ABOVE = Decimal("200000")

# (registration, VIN (check digit computed; S = model year 2025), make, model, variant,
# colour, fuel, value)
GB_STOCK = [
    (
        "YB74 KHT",
        "WF0FXXGCHSR123456",
        "Ford",
        "Puma",
        "ST-Line 1.0 EcoBoost",
        "Grey",
        "petrol",
        "24495",
    ),
    (
        "YC74 LMV",
        "SALGA2EF0SA654321",
        "Land Rover",
        "Defender",
        "110 D250 SE",
        "Green",
        "diesel",
        "61950",
    ),
    (
        "YD74 PRS",
        "WVWZZZAWZSU456789",
        "Volkswagen",
        "Polo",
        "Life 1.0 TSI",
        "White",
        "petrol",
        "19850",
    ),
]
IN_STOCK = [
    (
        "MH12 XY 4821",
        "MA3EWDE1XS0234567",
        "Maruti Suzuki",
        "Brezza",
        "ZXi AT",
        "Pearl White",
        "petrol",
        "1185000",
    ),
    (
        "MH14 KL 7302",
        "MAT612345S0765432",
        "Tata",
        "Nexon",
        "Creative+ S",
        "Flame Red",
        "diesel",
        "1320000",
    ),
    (
        "MH12 RT 1199",
        "MALC381CLSM112233",
        "Hyundai",
        "Creta",
        "SX(O) 1.5",
        "Titan Grey",
        "petrol",
        "1790000",
    ),
    ("MH12 AB 5501", "MBJB29BT3S0445566", "Toyota", "Glanza", "G", "Silver", "petrol", "182000"),
]


def _with_check_digit(vin: str) -> str:
    return vin[:8] + vin_check_digit(vin[:8] + "0" + vin[9:]) + vin[9:]


def _kyc(customers: list[Customer], by: User) -> None:
    """Record the PAN seen at booking for the first Indian individuals (Aadhaar came at sign-up)."""
    individuals = [c for c in customers if c.kind == "individual"]
    for pan, customer in zip(DEMO_PANS, individuals, strict=False):
        customer_update(
            customer=customer,
            by=by,
            channel=Channel.SYSTEM,
            changes={"pan": pan},
            expected_version=customer.version,
            reason="Demo data: PAN card seen at booking",
        )


def demo_sales(*, dealer: Dealer, customers: list[Customer], users: dict[str, User]) -> str:
    """Create stock vehicles and bookings (booked, invoiced, delivered); return a summary."""
    salesperson, admin = users["sales"], users["admin"]
    if dealer.country == "IN":
        dealer.pan_required_above = IN_PAN_REQUIRED_ABOVE
        dealer.save(update_fields=["pan_required_above"])
        _kyc(customers, admin)
    stock = GB_STOCK if dealer.country == "GB" else IN_STOCK
    vehicles = [
        vehicle_create(
            dealer=dealer,
            by=salesperson,
            channel=Channel.SYSTEM,
            data={
                "registration": registration,
                "vin": _with_check_digit(vin),
                "make": make,
                "model": model,
                "variant": variant,
                "colour": colour,
                "fuel": fuel,
                "year": 2025,
                "mileage": 12,
            },
            reason="Demo data: new stock",
        )
        for registration, vin, make, model, variant, colour, fuel, _ in stock
    ]
    individuals = [
        Customer.for_dealer(dealer).get(pk=c.pk) for c in customers if c.kind == "individual"
    ]
    stages = ["delivered", "invoiced", "booked", "booked"]
    for index, (vehicle, spec) in enumerate(zip(vehicles, stock, strict=True)):
        booking = booking_create(
            dealer=dealer,
            by=salesperson,
            channel=Channel.SYSTEM,
            customer=individuals[index],
            vehicle=vehicle,
            sale_value=Decimal(spec[-1]),
        )
        if stages[index] in ("invoiced", "delivered"):
            booking = booking_invoice(booking=booking, by=salesperson, channel=Channel.SYSTEM)
        if stages[index] == "delivered":
            booking_deliver(booking=booking, by=salesperson, channel=Channel.SYSTEM)
    return f"{len(vehicles)} bookings ({', '.join(stages[: len(vehicles)])})"
