"""forecourt lookup AB12CDE --dealer S: print the vehicle and customer profile summary."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forecourt.core.cli import dealer_by_slug
from forecourt.core.errors import BusinessRuleViolation
from forecourt.customers.contact import phone_display
from forecourt.sales.templatetags.money import money
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
            matches = ", ".join(exc.extra.get("matches", []))
            raise CommandError(
                f"{exc.message} Matching: {matches}" if matches else exc.message
            ) from exc
        if found is None:
            raise CommandError(
                f"No vehicle “{options['query']}” at {dealer.slug}. Capture it in the web UI "
                "(/lookup/capture/) or with POST /api/v1/vehicles/."
            )
        vehicle = found.vehicle
        unit = vehicle.get_mileage_unit_display()
        currency = dealer.currency
        out = self.stdout.write
        for notice in found.notices:
            out(self.style.WARNING(notice))
        out(self.style.SUCCESS(f"{vehicle.registration}  {vehicle.description}"))
        row = "  {:<15}{}".format
        out(row("VIN", vehicle.vin or "—"))
        details = ", ".join(x for x in (vehicle.colour, vehicle.get_fuel_display()) if x)
        out(row("Details", details or "—"))
        if vehicle.mileage is not None:
            reading = f"{vehicle.mileage:,} {unit}"
            if vehicle.mileage_date:
                reading += f" on {_day(vehicle.mileage_date)}"
            out(row("Mileage", reading))
        customer = vehicle.customer
        if customer:
            out(row("Owner", f"{customer.display_name} (account {customer.account_number or '—'})"))
            phone = phone_display(
                customer.phone_mobile or customer.phone_home or customer.phone_work,
                region=dealer.country,
            )
            out(row("Contact", f"{phone or '—'} · {customer.email or '—'}"))
            out(row("Postcode", customer.postal_code or "—"))
        else:
            out(row("Owner", "not recorded"))
        for item in due_items(vehicle=vehicle, due=service_due_of(vehicle)):
            parts = [_day(item.due_on) if item.due_on else "", ""]
            if item.due_mileage:
                parts[1] = f"{item.due_mileage:,} {unit}"
            when = " or ".join(p for p in parts if p)
            flag = {"overdue": self.style.ERROR(" OVERDUE"), "due_soon": " (due soon)"}
            out(row(f"{item.label} due", when + flag.get(item.state, "")))
        visits = list(visits_for(vehicle=vehicle)[:3])
        if visits:
            out("  Last visits:")
            for visit in visits:
                out(
                    f"    {_day(visit.visited_on):<12} {visit.summary or 'Visit':<30} "
                    f"{visit.invoice_ref or '—':<16} {money(visit.amount, currency):>12}"
                )
        recommendations = list(recommendations_for(vehicles=[vehicle]))
        if recommendations:
            out("  Outstanding recommendations:")
        for rec in recommendations:
            estimate = (
                f" (est. {money(rec.estimate, currency)})" if rec.estimate is not None else ""
            )
            out(f"    [{rec.get_severity_display()}] {rec.text}{estimate}")
        if vehicle.missing_fields:
            out(self.style.WARNING(f"  Still to capture: {', '.join(vehicle.missing_fields)}"))


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"
