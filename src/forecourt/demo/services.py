"""Load the demo dealers, staff and customers once (idempotent)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from forecourt.changes.models import Channel
from forecourt.core import clock
from forecourt.customers.models import Customer
from forecourt.customers.services import customer_create
from forecourt.demo import data
from forecourt.postcodes.loader import postcodes_load
from forecourt.postcodes.selectors import postcode_lookup
from forecourt.sales.demo import demo_sales
from forecourt.service.demo import demo_vehicles
from forecourt.staff.models import User
from forecourt.staff.services import staff_create
from forecourt.tenancy.models import Dealer
from forecourt.tenancy.services import dealer_create


def _address(dealer: Dealer, line1: str, city: str, area: str, postcode: str) -> dict[str, str]:
    """Return an address as the postcode autofill would complete it (offline data)."""
    place = postcode_lookup(country=dealer.country, code=postcode)
    address = {"address_line1": line1, "city": city, "postal_code": postcode}
    if dealer.country == "IN":
        # The district is the county; left out where it only repeats the city (Pune, Pune).
        district = place.county if place else ""
        address.update(region=area, county="" if district == city else district)
    else:
        address.update(county=area, region=place.region if place else "")
    return {**address, "country": dealer.country}


def _customers_for(dealer: Dealer, users: dict[str, User]) -> list[Customer]:
    people = data.GB_CUSTOMERS if dealer.country == "GB" else data.IN_CUSTOMERS
    companies = data.GB_COMPANIES if dealer.country == "GB" else data.IN_COMPANIES
    rng = random.Random(f"{dealer.slug}-customers")
    by, advisor, salesperson = users["admin"], users["service"], users["sales"]
    created = []
    for index, (title, first, last, mobile, email, line1, city, area, postcode) in enumerate(
        people
    ):
        age = rng.randint(24, 71)
        created.append(
            customer_create(
                dealer=dealer,
                by=by,
                channel=Channel.SYSTEM,
                data={
                    "title": title,
                    "first_name": first,
                    "last_name": last,
                    "birth_date": date(clock.today().year - age, rng.randint(1, 12), 14),
                    "gender": "male" if title == "Mr" else "female" if title != "Dr" else "",
                    "phone_mobile": mobile,
                    "email": email,
                    "default_email": index % 3 == 0,
                    **_address(dealer, line1, city, area, postcode),
                    "account_number": f"{dealer.slug[:3].upper()}{10001 + index}",
                    "payment_terms": "cash",
                    "language": "en" if dealer.country == "GB" else rng.choice(["en", "hi", "mr"]),
                    "day_night": rng.choice(["any", "any", "day", "night"]),
                    "contact_post": index % 4 != 1,
                    "preferred_advisor": advisor if index % 2 == 0 else None,
                    **({"aadhaar": data.IN_AADHAARS[index]} if dealer.country == "IN" else {}),
                },
                assigned_staff=[salesperson, advisor] if index % 3 == 0 else [advisor],
                reason="Demo data",
            )
        )
    for index, (company, contact_name, phone, email, line1, city, region, postcode) in enumerate(
        companies
    ):
        created.append(
            customer_create(
                dealer=dealer,
                by=by,
                channel=Channel.SYSTEM,
                data={
                    "kind": "fleet",
                    "category": "corporate",
                    "company_name": company,
                    "contact_name": contact_name,
                    "phone_work": phone,
                    "email": email,
                    **_address(dealer, line1, city, region, postcode),
                    "account_number": f"{dealer.slug[:3].upper()}{20001 + index}",
                    "payment_terms": "30_days",
                    "credit_limit": 25000,
                    "fleet": True,
                },
                reason="Demo data",
            )
        )
    return created


@transaction.atomic
def demo_seed() -> list[str]:
    """Create the demo dealers with one staff user per role and their customers.

    Returns lines describing what was created; an empty list when the demo is already loaded.
    """
    postcodes_load()  # offline postal-code places for address autofill; loads once
    if Dealer.objects.filter(slug=data.DEALERS[0]["slug"]).exists():
        return []
    rng = random.Random(2026)
    lines = []
    for spec in data.DEALERS:
        dealer = dealer_create(**spec)
        users = {}
        for role in data.ROLES:
            first, last = data.STAFF_NAMES[dealer.slug][role]
            users[role] = staff_create(
                dealer=dealer,
                username=f"{dealer.slug}-{role}",
                password=data.DEMO_PASSWORD,
                role=role,
                first_name=first,
                last_name=last,
                check_password_strength=False,
            )
        customers = _customers_for(dealer, users)
        now = clock.now()
        for customer in customers:
            # Spread registration dates so the list's timeframes have something to show.
            registered = now - timedelta(days=rng.choice([2, 5, 12, 20, 45, 80, 200, 400, 700]))
            Customer.for_dealer(dealer).filter(pk=customer.pk).update(created_at=registered)
        lines.append(f"{dealer.name} ({dealer.country}): {len(customers)} customers")
        lines.append(
            f"{dealer.name}: {demo_vehicles(dealer=dealer, customers=customers, users=users)}"
        )
        lines.append(
            f"{dealer.name}: {demo_sales(dealer=dealer, customers=customers, users=users)}"
        )
    return lines
