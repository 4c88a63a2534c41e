"""Service visits, recommendations, due dates and open jobs (SPEC C5–C8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from forecourt.core.models import TenantModel


class ServiceVisit(TenantModel):
    """One workshop visit of a vehicle, with its invoice."""

    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.CASCADE, related_name="visits")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    visited_on = models.DateField()
    mileage = models.PositiveIntegerField(null=True, blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(max_length=200, blank=True)
    invoice_ref = models.CharField(max_length=40, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["-visited_on", "-created_at"]
        indexes = [
            models.Index(fields=["vehicle", "-visited_on"], name="visit_vehicle_date"),
            models.Index(fields=["dealer", "customer", "-visited_on"], name="visit_customer_date"),
        ]

    def __str__(self) -> str:
        return f"Visit {self.visited_on} ({self.invoice_ref or 'no invoice'})"


class LineKind(models.TextChoices):
    LABOUR = "labour", "Labour"
    PART = "part", "Part"


class VisitLine(TenantModel):
    """A job, labour or part line of a visit."""

    visit = models.ForeignKey(ServiceVisit, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=10, choices=LineKind.choices, default=LineKind.LABOUR)
    description = models.CharField(max_length=200)
    quantity = models.DecimalField(max_digits=8, decimal_places=2, default=1)
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description


class Severity(models.TextChoices):
    URGENT = "urgent", "Urgent (red)"
    ADVISORY = "advisory", "Advisory (amber)"
    INFO = "info", "For information (green)"


class RecommendationStatus(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


class Recommendation(TenantModel):
    """Advisory work recommended on a visit; outstanding until done or declined."""

    vehicle = models.ForeignKey(
        "vehicles.Vehicle", on_delete=models.CASCADE, related_name="recommendations"
    )
    visit = models.ForeignKey(
        ServiceVisit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    text = models.CharField(max_length=300)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.ADVISORY)
    estimate = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=12,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OUTSTANDING,
    )
    resolved_on = models.DateField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["status", "severity", "-created_at"]
        indexes = [models.Index(fields=["vehicle", "status"], name="recommendation_vehicle")]

    def __str__(self) -> str:
        return self.text


class ServiceDue(TenantModel):
    """When a vehicle is next due for service and MOT (or the local inspection)."""

    vehicle = models.OneToOneField(
        "vehicles.Vehicle", on_delete=models.CASCADE, related_name="service_due"
    )
    next_service_date = models.DateField(null=True, blank=True)
    next_service_mileage = models.PositiveIntegerField(null=True, blank=True)
    next_mot_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Due dates for {self.vehicle_id}"


class JobKind(models.TextChoices):
    SERVICE_WIP = "service_wip", "Service WIP"
    PARTS_WIP = "parts_wip", "Parts WIP"


class JobStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Job(TenantModel):
    """A work-in-progress job card for a customer's vehicle (service or parts counter)."""

    number = models.CharField(max_length=20)
    kind = models.CharField(max_length=12, choices=JobKind.choices)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.OPEN)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="jobs"
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle", on_delete=models.PROTECT, null=True, blank=True, related_name="jobs"
    )
    description = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "number"], name="job_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"
