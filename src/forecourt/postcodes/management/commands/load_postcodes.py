"""forecourt load_postcodes [--country GB ...] [--replace]: load offline postal-code places."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from forecourt.postcodes.loader import DEMO_COUNTRIES, postcodes_load


class Command(BaseCommand):
    help = "Load GeoNames postal-code places (CC-BY 4.0) for GB, US, CA, IN; idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", action="append", choices=DEMO_COUNTRIES)
        parser.add_argument(
            "--replace", action="store_true", help="Reload countries already loaded."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        countries = tuple(options["country"] or DEMO_COUNTRIES)
        started = time.perf_counter()
        loaded = postcodes_load(countries=countries, replace=options["replace"])
        for country, count in loaded.items():
            state = f"{count} places" if count else "already loaded"
            self.stdout.write(f"{country}: {state}")
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")
