"""forecourt import_customers --dealer S FILE: import a DMS feed with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from forecourt.core.cli import command_error, dealer_by_slug
from forecourt.transfers import services
from forecourt.transfers.models import JobStatus


class Command(BaseCommand):
    help = "Import customers (and their vehicles) from a CSV or XLSX feed, matched on external_id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dealer", required=True, help="dealer slug")
        parser.add_argument("file", help=".csv or .xlsx file")
        parser.add_argument("--errors", default="", help="write the error report to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        dealer = dealer_by_slug(options["dealer"])
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as handle:
                upload = File(handle, name=path.name)
                job = services.import_request(dealer=dealer, by=None, upload=upload, enqueue=False)
        except ValidationError as exc:
            raise command_error(exc) from exc
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        ) as progress:
            bar = progress.add_task(f"Importing {path.name}", total=None)
            services.import_run(
                job_id=job.pk,
                on_progress=lambda done, total: progress.update(bar, completed=done, total=total),
            )
        job.refresh_from_db()
        if job.status != JobStatus.DONE:
            raise CommandError(f"Import failed: {job.failure}")
        unchanged = job.progress_done - job.created_count - job.updated_count - job.error_count
        self.stdout.write(
            f"{job.created_count:,} created, {job.updated_count:,} updated, "
            f"{unchanged:,} unchanged, {job.error_count:,} refused "
            f"(of {job.progress_done:,} rows)."
        )
        for row, column, message in job.errors[:20]:
            self.stdout.write(f"  row {row} · {column}: {message}")
        if options["errors"] and job.error_count:
            report = services.job_download_path(job)
            if report:
                Path(options["errors"]).write_bytes(report.read_bytes())
                self.stdout.write(f"Error report written to {options['errors']}.")
