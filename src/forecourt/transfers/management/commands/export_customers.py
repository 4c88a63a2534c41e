"""forecourt export_customers --dealer S --format csv -o FILE [filters], with a progress bar."""

from __future__ import annotations

import shutil
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import pluralize
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from forecourt.core.cli import command_error, dealer_by_slug
from forecourt.transfers import services
from forecourt.transfers.models import JobStatus


class Command(BaseCommand):
    help = "Export a dealer's customers (the customer list's filters) to CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dealer", required=True, help="dealer slug")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--q", default="", help="search text")
        parser.add_argument("--registered-after", default="", help="YYYY-MM-DD")
        parser.add_argument("--registered-before", default="", help="YYYY-MM-DD")
        parser.add_argument("--status", default="", choices=["", "active", "inactive"])

    def handle(self, *args: Any, **options: Any) -> None:
        dealer = dealer_by_slug(options["dealer"])
        filters = {
            "q": options["q"],
            "registered_after": options["registered_after"],
            "registered_before": options["registered_before"],
            "status": options["status"],
        }
        try:
            job = services.export_request(
                dealer=dealer,
                by=None,
                file_format=options["format"],
                filters=filters,
                enqueue=False,
            )
        except ValidationError as exc:
            raise command_error(exc) from exc
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=False,
        ) as progress:
            bar = progress.add_task("Exporting customers", total=None)

            def update(done: int, total: int | None) -> None:
                progress.update(bar, completed=done, total=total)

            services.export_run(job_id=job.pk, on_progress=update)
        job.refresh_from_db()
        if job.status != JobStatus.DONE:
            raise CommandError(f"Export failed: {job.failure}")
        shutil.copyfile(job.file_path, options["output"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {job.progress_done:,} customer{pluralize(job.progress_done)} to "
                f"{options['output']}."
            )
        )
