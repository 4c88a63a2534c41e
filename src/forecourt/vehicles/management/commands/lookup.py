"""forecourt lookup AB12CDE --dealer S: print the vehicle and customer profile summary."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forecourt.core.cli import dealer_by_slug
from forecourt.core.errors import BusinessRuleViolation
from forecourt.customers.contact import phone_display
from forecourt.service.selectors import (
    due_items,
    recommendations_for,
    service_due_of,
    visits_for,
)
from forecourt.vehicles.lookup import vehicle_lookup


class Command(BaseCommand):
    help = "Look a vehicle up by registration (any spacing) or VIN and print its profile summary."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", help="Registration, VIN or the last 6+ characters of a VIN")
        parser.add_argument("--dealer", required=True, help="Dealer slug")

    def handle(self, *args: Any, **options: Any) -> None:
        dealer = dealer_by_slug(options["dealer"])
        try:
            found = vehicle_lookup(dealer=dealer, query=options["query"])
        except BusinessRuleViolation as exc:
            raise CommandError(exc.message) from exc
        if found is None:
            raise CommandError(
                f"No vehicle “{options['query']}” at {dealer.slug}. Capture it in the web UI "
                "(/lookup/capture/) or with POST /api/v1/vehicles/."
            )
        vehicle = found.vehicle
        out = self.stdout.write
        for notice in found.notices:
            out(self.style.WARNING(notice))
        out(self.style.SUCCESS(f"{vehicle.registration}  {vehicle.description}"))
        out(f"  VIN        {vehicle.vin or '—'}")
        details = ", ".join(x for x in (vehicle.colour, vehicle.get_fuel_display()) if x)
        out(f"  Details    {details or '—'}")
        if vehicle.mileage is not None:
            out(f"  Mileage    {vehicle.mileage} {vehicle.mileage_unit} ({vehicle.mileage_date})")
        customer = vehicle.customer
        if customer:
            out(f"  Owner      {customer.display_name} (account {customer.account_number or '—'})")
            phone = phone_display(
                customer.phone_mobile or customer.phone_work, region=dealer.country
            )
            out(f"  Contact    {phone or '—'} · {customer.email or '—'}")
            out(f"  Postcode   {customer.postal_code or '—'}")
        else:
            out("  Owner      not recorded")
        for item in due_items(vehicle=vehicle, due=service_due_of(vehicle)):
            when = " or ".join(
                str(x)
                for x in (
                    item.due_on,
                    item.due_mileage and f"{item.due_mileage} {vehicle.mileage_unit}",
                )
                if x
            )
            flag = {"overdue": " OVERDUE", "due_soon": " due soon"}.get(item.state, "")
            out(f"  {item.label + ' due':<10} {when}{flag}")
        visits = list(visits_for(vehicle=vehicle)[:3])
        if visits:
            out("  Last visits:")
            for visit in visits:
                summary = visit.summary or "Visit"
                out(f"    {visit.visited_on}  {summary}  {visit.invoice_ref}  {visit.amount}")
        for rec in recommendations_for(vehicles=[vehicle]):
            out(f"  Recommended [{rec.severity}] {rec.text}")
        if vehicle.missing_fields:
            out(self.style.WARNING(f"  Still to capture: {', '.join(vehicle.missing_fields)}"))
