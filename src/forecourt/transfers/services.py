"""Export and import jobs: create them, run them (from the task worker), expire their files."""

from __future__ import annotations

import csv
import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from forecourt.audit.services import audit_record
from forecourt.core import clock
from forecourt.customers.listing import CustomerFilter, customer_filtered
from forecourt.customers.models import Customer, CustomerStatus
from forecourt.tenancy.models import Dealer
from forecourt.transfers.exporting import WRITERS, export_rows
from forecourt.transfers.importing import import_file
from forecourt.transfers.models import JobFormat, JobKind, JobStatus, TransferJob

logger = logging.getLogger(__name__)

FILE_LIFETIME = dt.timedelta(hours=24)
UNKNOWN_FORMAT = "Choose csv or xlsx."
UNKNOWN_STATUS = "Choose active or inactive."
IMPORT_FORMAT = "Upload a .csv or .xlsx file."
MAX_STORED_ERRORS = 1000


def export_dir() -> Path:
    path = Path(settings.FORECOURT_EXPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _set(job: TransferJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    TransferJob.objects.filter(pk=job.pk).update(**fields)  # tenant-ok: job already scoped


class _ProgressWriter:
    """Write a running export's progress, on a connection of its own where that matters.

    An SQLite connection reading the export holds one snapshot for the whole run; once
    anyone else commits (a session save, an edit), that connection can no longer write, so
    progress would freeze. A helper thread writes it through its own connection instead.
    PostgreSQL (and a run inside a transaction, as in tests) write on the same connection.
    """

    def __init__(self, job: TransferJob):
        self.job = job
        separate = connection.vendor == "sqlite" and not connection.in_atomic_block
        self.pool = ThreadPoolExecutor(max_workers=1) if separate else None

    def write(self, **fields: Any) -> None:
        for name, value in fields.items():
            setattr(self.job, name, value)
        if self.pool is None:
            _set(self.job, **fields)
        else:
            self.pool.submit(self._write_elsewhere, fields).result()

    def _write_elsewhere(self, fields: dict[str, Any]) -> None:
        try:
            _set(self.job, **fields)
        except DatabaseError:
            logger.warning("progress of job %s not saved (database busy)", self.job.pk)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.submit(connection.close)  # the helper thread's own connection
            self.pool.shutdown(wait=True)


def _failed(job: TransferJob, exc: Exception) -> None:
    # The exception's class, never its text: messages can carry personal data.
    now = clock.now()
    _set(
        job,
        status=JobStatus.FAILED,
        failure=type(exc).__name__,
        finished_at=now,
        expires_at=now + FILE_LIFETIME,
    )


def _job_for_worker(job_id: Any) -> TransferJob:
    """Load the job a task was handed; the job row itself says which dealer it serves."""
    jobs = TransferJob.objects.select_related("dealer", "requested_by")  # tenant-ok: by job id
    return jobs.get(pk=job_id)


def export_filters_validate(data: dict[str, Any]) -> CustomerFilter:
    """Parse the list's filter names; raise ValidationError by field."""
    try:
        flt = CustomerFilter.from_dict(data)
    except ValueError as exc:
        raise ValidationError({"registered_after": "Enter dates as YYYY-MM-DD."}) from exc
    if flt.status and flt.status not in CustomerStatus.values:
        raise ValidationError({"status": UNKNOWN_STATUS})
    return flt


def export_request(
    *, dealer: Dealer, by: Any, file_format: str, filters: dict[str, Any], enqueue: bool = True
) -> TransferJob:
    """Queue an export of the filtered customer list; the worker runs `export_run`.

    The CLI passes enqueue=False and runs `export_run` itself, with a progress bar.
    """
    from forecourt.transfers.tasks import enqueue_transfer

    if file_format not in JobFormat.values:
        raise ValidationError({"format": UNKNOWN_FORMAT})
    flt = export_filters_validate(filters)
    transfers_purge_expired()
    job = TransferJob.objects.create(
        dealer=dealer,
        kind=JobKind.EXPORT,
        file_format=file_format,
        requested_by=by,
        filters=flt.as_dict(),
    )
    if enqueue:
        enqueue_transfer(job)
    return job


def export_queryset(*, dealer: Dealer, flt: CustomerFilter) -> QuerySet[Customer]:
    """Return the customers an export of the list filtered by `flt` writes, in file order.

    A search exports in rank order; a plain list in storage order (about the order the
    customers were created): reading a million rows in list order means a random row read
    for each, two to three times slower than one pass over the table.
    """
    queryset, result = customer_filtered(dealer=dealer, flt=flt)
    return queryset if result is not None else queryset.order_by()


def export_run(
    *, job_id: Any, on_progress: Callable[[int, int | None], None] | None = None
) -> None:
    """Write the export file, updating progress on the job row; audit it when done."""
    job = _job_for_worker(job_id)
    if job.status != JobStatus.QUEUED:
        return
    path = export_dir() / f"{job.pk}.{job.file_format}"
    # The path is recorded from the start, so a failed run's partial file is purged too.
    _set(job, status=JobStatus.RUNNING, started_at=clock.now(), file_path=str(path))
    writer = _ProgressWriter(job)
    try:
        queryset = export_queryset(dealer=job.dealer, flt=CustomerFilter.from_dict(job.filters))
        _set(job, progress_total=queryset.count())

        def progress(done: int) -> None:
            writer.write(progress_done=done)
            if on_progress:
                on_progress(done, job.progress_total)

        try:
            WRITERS[job.file_format](path, export_rows(queryset), progress)
        finally:
            writer.close()
    except Exception as exc:
        logger.error("export %s failed: %s", job.pk, type(exc).__name__)
        _failed(job, exc)
        raise
    _set(
        job,
        status=JobStatus.DONE,
        finished_at=clock.now(),
        expires_at=clock.now() + FILE_LIFETIME,
        progress_total=job.progress_done,
    )
    audit_record(
        action="customer.export",
        actor=job.requested_by,
        dealer=job.dealer,
        target=job,
        details={
            "format": job.file_format,
            "rows": job.progress_done,
            # The search text may be a name or phone: only whether one was used is recorded.
            "filters": {k: v for k, v in job.filters.items() if k != "q" and v},
            "searched": bool(job.filters.get("q")),
        },
    )


def import_request(*, dealer: Dealer, by: Any, upload: Any, enqueue: bool = True) -> TransferJob:
    """Store an uploaded feed and queue its import; the worker runs `import_run`."""
    from forecourt.transfers.tasks import enqueue_transfer

    name = Path(getattr(upload, "name", "") or "upload.csv").name
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError({"file": IMPORT_FORMAT})
    job = TransferJob.objects.create(
        dealer=dealer,
        kind=JobKind.IMPORT,
        file_format=suffix[1:],
        requested_by=by,
        source_name=name[:255],
    )
    path = export_dir() / f"{job.pk}-source{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
            handle.write(chunk)
    _set(job, file_path=str(path))
    if enqueue:
        enqueue_transfer(job)
    return job


def import_run(
    *, job_id: Any, on_progress: Callable[[int, int | None], None] | None = None
) -> None:
    """Apply the feed row by row; failed rows go to the error report, good rows are kept."""
    from forecourt.transfers.importing import count_rows

    job = _job_for_worker(job_id)
    if job.status != JobStatus.QUEUED:
        return
    path = Path(job.file_path)
    _set(job, status=JobStatus.RUNNING, started_at=clock.now(), progress_total=count_rows(path))

    def progress(done: int, counts: dict[str, int], errors: list[list[Any]]) -> None:
        _set(
            job,
            progress_done=done,
            created_count=counts["created"],
            updated_count=counts["updated"],
            error_count=counts["failed"],
        )
        if on_progress:
            on_progress(done, job.progress_total)

    try:
        counts, errors = import_file(
            dealer=job.dealer,
            by=job.requested_by,
            path=path,
            source_name=job.source_name,
            progress=progress,
        )
    except Exception as exc:
        logger.error("import %s failed: %s", job.pk, type(exc).__name__)
        _failed(job, exc)
        raise
    report = export_dir() / f"{job.pk}-errors.csv"
    with report.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "column", "message"])
        writer.writerows(errors)
    done = sum(counts.values())
    _set(
        job,
        status=JobStatus.DONE,
        progress_done=done,
        progress_total=done,
        created_count=counts["created"],
        updated_count=counts["updated"],
        error_count=counts["failed"],
        errors=errors[:MAX_STORED_ERRORS],
        finished_at=clock.now(),
        expires_at=clock.now() + FILE_LIFETIME,
    )
    audit_record(
        action="customer.import",
        actor=job.requested_by,
        dealer=job.dealer,
        target=job,
        details={k: counts[k] for k in counts},
    )


def job_download_path(job: TransferJob) -> Path | None:
    """Return the file staff may download for a finished job (export file or error report)."""
    if job.status != JobStatus.DONE or (job.expires_at and job.expires_at <= clock.now()):
        return None
    if job.kind == JobKind.EXPORT:
        path = Path(job.file_path)
    else:
        path = export_dir() / f"{job.pk}-errors.csv"
    return path if path.exists() else None


def job_download(*, job: TransferJob, by: Any, ip: str = "") -> Path | None:
    """Return the file of a finished job for `by` to download, and audit the download.

    None when the job is not done, its 24 hours are over or the file is gone.
    """
    path = job_download_path(job)
    if path is None:
        return None
    audit_record(
        action=f"customer.{job.kind}.download",
        actor=by,
        dealer=job.dealer,
        target=job,
        ip=ip or None,
        details={"format": job.file_format if job.kind == JobKind.EXPORT else "csv"},
    )
    return path


def job_download_name(job: TransferJob) -> str:
    """Return the file name a download of the job is saved as."""
    if job.kind == JobKind.EXPORT:
        return f"customers-{job.created_at:%Y%m%d-%H%M}.{job.file_format}"
    return f"import-errors-{job.created_at:%Y%m%d-%H%M}.csv"


@transaction.atomic
def transfers_purge_expired() -> int:
    """Delete files of jobs past their 24 hours; the job rows stay as a record."""
    purged = 0
    jobs = TransferJob.objects.exclude(file_path="")  # tenant-ok: housekeeping over all dealers
    expired = jobs.filter(expires_at__lte=clock.now())
    for job in expired:
        for path in (Path(job.file_path), export_dir() / f"{job.pk}-errors.csv"):
            path.unlink(missing_ok=True)
        purged += 1
    expired.update(file_path="")
    return purged
