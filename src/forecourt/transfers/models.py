"""Export and import jobs: what was asked, how far it got, where the file is."""

from django.conf import settings
from django.db import models

from forecourt.core import clock
from forecourt.core.models import TenantModel


class JobKind(models.TextChoices):
    EXPORT = "export", "Export"
    IMPORT = "import", "Import"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class JobFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class TransferJob(TenantModel):
    """One export or import run as a background task; the UI polls this row for progress."""

    kind = models.CharField(max_length=6, choices=JobKind.choices)
    status = models.CharField(max_length=7, choices=JobStatus.choices, default=JobStatus.QUEUED)
    file_format = models.CharField(max_length=4, choices=JobFormat.choices, default=JobFormat.CSV)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filters = models.JSONField(default=dict, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    # Imports: rows created / updated / refused; the error report lists each refused row.
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    failure = models.CharField(max_length=500, blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    file_path = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["dealer", "-created_at"], name="transferjob_dealer_created")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def file_available(self) -> bool:
        """Whether the job's file (export, or import error report) can still be downloaded."""
        fresh = self.expires_at is None or self.expires_at > clock.now()
        return self.status == JobStatus.DONE and bool(self.file_path) and fresh

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
