"""forecourt generate_data --dealer S --customers N --vehicles N: bulk load test data fast."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from forecourt.core.cli import dealer_by_slug
from forecourt.transfers.generate import generate


class Command(BaseCommand):
    help = "Insert N realistic GB customers and vehicles (with their search index) in bulk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dealer", required=True, help="dealer slug")
        parser.add_argument("--customers", type=int, default=10_000)
        parser.add_argument("--vehicles", type=int, default=0)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        dealer = dealer_by_slug(options["dealer"])
        start = time.perf_counter()

        def step(name: str, count: int) -> None:
            elapsed = time.perf_counter() - start
            self.stdout.write(f"{name}: {count:,} rows · {elapsed:,.1f} s")

        result = generate(
            dealer=dealer,
            customers=options["customers"],
            vehicles=options["vehicles"],
            seed=options["seed"],
            progress=step,
        )
        total = time.perf_counter() - start
        phases = ", ".join(f"{name} {s:,.1f} s" for name, s in result["timings"].items())
        self.stdout.write(self.style.SUCCESS(f"Generated in {total:,.1f} s ({phases})."))
