"""forecourt rotate_field_keys: re-encrypt national IDs under the first FORECOURT_FIELD_KEYS key.

Rotation: put a new key first in FORECOURT_FIELD_KEYS (keep the old ones after it), run this
command, then drop the old keys once it has finished.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeElapsedColumn

from forecourt.changes.change_requests import change_requests_rotate_keys
from forecourt.core.cli import dealer_by_slug
from forecourt.customers.identity import identity_rotate_keys
from forecourt.tenancy.models import Dealer


def _advance(progress: Progress, bar: TaskID, done: int) -> None:
    progress.update(bar, completed=done)


class Command(BaseCommand):
    help = "Re-encrypt stored PAN/Aadhaar values and open change requests under the current key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dealer", help="only this dealer (slug); default: every dealer")

    def handle(self, *args: Any, **options: Any) -> None:
        dealers = (
            [dealer_by_slug(options["dealer"])] if options["dealer"] else list(Dealer.objects.all())
        )
        customers = requests = 0
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        ) as progress:
            for dealer in dealers:
                bar = progress.add_task(f"{dealer.slug}: customers", total=None)
                customers += identity_rotate_keys(
                    dealer=dealer,
                    on_progress=partial(_advance, progress, bar),
                )
                requests += change_requests_rotate_keys(dealer=dealer)
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {customers:,} customers and {requests:,} open change requests."
            )
        )
