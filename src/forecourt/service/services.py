"""Writes for the workshop: visits with lines, recommendations, due dates, WIP jobs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from forecourt.core import clock
from forecourt.customers.models import Customer
from forecourt.service.models import (
    Job,
    JobKind,
    Recommendation,
    RecommendationStatus,
    ServiceDue,
    ServiceVisit,
    VisitLine,
)
from forecourt.staff.models import User
from forecourt.vehicles.models import Vehicle

VISIT_IN_FUTURE = "A visit cannot be dated in the future."
TEXT_REQUIRED = "Describe the recommended work."
JOB_NEEDS_SUBJECT = "A job needs a customer or a vehicle."
VEHICLE_NOT_CUSTOMERS = "That vehicle is not currently linked to this customer."


@transaction.atomic
def visit_record(
    *,
    vehicle: Vehicle,
    visited_on: date,
    by: User | None = None,
    mileage: int | None = None,
    advisor: User | None = None,
    summary: str = "",
    invoice_ref: str = "",
    lines: Iterable[Mapping[str, Any]] = (),
    recommendations: Iterable[Mapping[str, Any]] = (),
) -> ServiceVisit:
    """Record a workshop visit; its amount is the sum of its lines."""
    if visited_on > clock.today():
        raise ValidationError({"visited_on": VISIT_IN_FUTURE})
    visit = ServiceVisit.objects.create(
        dealer=vehicle.dealer,
        vehicle=vehicle,
        customer_id=vehicle.customer_id,
        visited_on=visited_on,
        mileage=mileage,
        advisor=advisor,
        summary=summary,
        invoice_ref=invoice_ref,
    )
    rows = [VisitLine(dealer=vehicle.dealer, visit=visit, **line) for line in lines]
    for row in rows:
        row.full_clean(exclude=["dealer", "visit"])
    VisitLine.objects.bulk_create(rows)
    visit.amount = sum((row.amount for row in rows), Decimal("0"))
    visit.save(update_fields=["amount"])
    for item in recommendations:
        recommendation_add(vehicle=vehicle, visit=visit, **item)
    return visit


def recommendation_add(
    *,
    vehicle: Vehicle,
    text: str,
    severity: str = "advisory",
    estimate: Decimal | None = None,
    visit: ServiceVisit | None = None,
) -> Recommendation:
    """Record advisory work for a vehicle; it stays outstanding until done or declined."""
    if not (text or "").strip():
        raise ValidationError({"text": TEXT_REQUIRED})
    recommendation = Recommendation(
        dealer=vehicle.dealer,
        vehicle=vehicle,
        visit=visit,
        text=text.strip(),
        severity=severity,
        estimate=estimate,
    )
    recommendation.full_clean(exclude=["dealer", "vehicle", "visit"])
    recommendation.save()
    return recommendation


def recommendation_resolve(*, recommendation: Recommendation, status: str) -> Recommendation:
    """Mark a recommendation done or declined (or outstanding again)."""
    if status not in RecommendationStatus.values:
        raise ValidationError(
            {"status": f"Choose one of {', '.join(RecommendationStatus.values)}."}
        )
    recommendation.status = status
    recommendation.resolved_on = (
        None if status == RecommendationStatus.OUTSTANDING else clock.today()
    )
    recommendation.save(update_fields=["status", "resolved_on", "updated_at"])
    return recommendation


def service_due_set(*, vehicle: Vehicle, changes: Mapping[str, Any]) -> ServiceDue:
    """Set the vehicle's next service date/mileage and next MOT date."""
    due, _ = ServiceDue.for_dealer(vehicle.dealer).get_or_create(
        dealer=vehicle.dealer, vehicle=vehicle
    )
    for name in ("next_service_date", "next_service_mileage", "next_mot_date"):
        if name in changes:
            setattr(due, name, changes[name])
    due.full_clean(exclude=["dealer", "vehicle"])
    due.save()
    return due


@transaction.atomic
def job_create(
    *,
    dealer: Any,
    by: User | None,
    kind: str,
    customer: Customer | None = None,
    vehicle: Vehicle | None = None,
    description: str = "",
) -> Job:
    """Open a Service WIP or Parts WIP job for a customer and/or vehicle."""
    if kind not in JobKind.values:
        raise ValidationError({"kind": f"Choose one of {', '.join(JobKind.values)}."})
    if customer is None and vehicle is None:
        raise ValidationError({"customer": JOB_NEEDS_SUBJECT})
    for other in (customer, vehicle):
        if other is not None and other.dealer_id != dealer.pk:
            raise ValidationError({"vehicle": VEHICLE_NOT_CUSTOMERS})
    if customer is None and vehicle is not None:
        customer = vehicle.customer
    last = Job.for_dealer(dealer).select_for_update().order_by("-number").first()
    sequence = int(last.number.split("-")[-1]) + 1 if last else 1
    prefix = "SW" if kind == JobKind.SERVICE_WIP else "PW"
    return Job.objects.create(
        dealer=dealer,
        number=f"{prefix}-{sequence:06d}",
        kind=kind,
        customer=customer,
        vehicle=vehicle,
        description=description.strip(),
        created_by=by,
    )
