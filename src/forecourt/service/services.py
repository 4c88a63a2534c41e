"""Writes for the workshop: visits with lines, recommendations, due dates, WIP jobs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from forecourt.changes.models import Channel
from forecourt.core import clock
from forecourt.core.errors import CrossDealerReference
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
from forecourt.vehicles.models import Ownership, Vehicle
from forecourt.vehicles.services import vehicle_update

VISIT_IN_FUTURE = "A visit cannot be dated in the future."
TEXT_REQUIRED = "Describe the recommended work."
JOB_NEEDS_SUBJECT = "A job needs a customer or a vehicle."
VEHICLE_NOT_CUSTOMERS = "That vehicle is not currently linked to this customer."
ODOMETER_BACKWARDS = (
    "The odometer read {known:,} on {on:%-d %b %Y}, so {mileage:,} on {visit:%-d %b %Y} would"
    " run it backwards. Check the reading, or record that the odometer was replaced."
)
JOB_DESCRIPTION_MAX = 300
JOB_DESCRIPTION_LONG = f"Keep the description to {JOB_DESCRIPTION_MAX} characters."


@transaction.atomic
def visit_record(
    *,
    vehicle: Vehicle,
    visited_on: date,
    by: User | None = None,
    channel: Channel | str = Channel.SYSTEM,
    mileage: int | None = None,
    advisor: User | None = None,
    summary: str = "",
    invoice_ref: str = "",
    lines: Iterable[Mapping[str, Any]] = (),
    recommendations: Iterable[Mapping[str, Any]] = (),
    odometer_replaced: bool = False,
) -> ServiceVisit:
    """Record a workshop visit; its amount is the sum of its lines.

    A reading higher than the vehicle's last one becomes its current mileage. A reading
    that would run the odometer backwards against another visit is refused unless the
    odometer was replaced (then it becomes the current mileage whatever its size).
    """
    if visited_on > clock.today():
        raise ValidationError({"visited_on": VISIT_IN_FUTURE})
    if mileage is not None and not odometer_replaced:
        _check_odometer(vehicle=vehicle, visited_on=visited_on, mileage=mileage)
    visit = ServiceVisit(
        dealer=vehicle.dealer,
        vehicle=vehicle,
        customer_id=vehicle.customer_id,
        visited_on=visited_on,
        mileage=mileage,
        advisor=advisor,
        summary=(summary or "").strip(),
        invoice_ref=(invoice_ref or "").strip(),
    )
    visit.full_clean(exclude=["dealer", "vehicle", "customer", "advisor"])
    rows = [VisitLine(dealer=vehicle.dealer, visit=visit, **line) for line in lines]
    line_errors = {}
    for index, row in enumerate(rows):
        try:
            row.full_clean(exclude=["dealer", "visit"])
        except ValidationError as exc:
            line_errors[f"lines[{index}]"] = [
                f"{field}: {message}"
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
    if line_errors:
        raise ValidationError(line_errors)
    visit.amount = sum((row.amount for row in rows), Decimal("0"))
    visit.save()
    VisitLine.objects.bulk_create(rows)
    for item in recommendations:
        recommendation_add(vehicle=vehicle, visit=visit, **item)
    if mileage is not None and (
        vehicle.mileage is None or mileage > vehicle.mileage or odometer_replaced
    ):
        vehicle_update(
            vehicle=vehicle,
            by=by,
            channel=channel,
            changes={"mileage": mileage, "mileage_date": visited_on},
            expected_version=Vehicle.for_dealer(vehicle.dealer)
            .values_list("version", flat=True)
            .get(pk=vehicle.pk),
            reason=f"Odometer reading at the visit of {visited_on:%d %b %Y}",
        )
    return visit


def _check_odometer(*, vehicle: Vehicle, visited_on: date, mileage: int) -> None:
    """Refuse a reading below an earlier visit's or above a later visit's."""
    visits = ServiceVisit.for_dealer(vehicle.dealer).filter(vehicle=vehicle)
    earlier_higher = (
        visits.filter(visited_on__lte=visited_on, mileage__gt=mileage)
        .order_by("-mileage")
        .values_list("mileage", "visited_on")
        .first()
    )
    later_lower = (
        visits.filter(visited_on__gt=visited_on, mileage__lt=mileage)
        .order_by("mileage")
        .values_list("mileage", "visited_on")
        .first()
    )
    if earlier_higher:
        known, on = earlier_higher
    elif later_lower:
        known, on = later_lower
    else:
        return
    raise ValidationError(
        {
            "mileage": ODOMETER_BACKWARDS.format(
                known=known, on=on, mileage=mileage, visit=visited_on
            )
        }
    )


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


def recommendation_resolve(
    *, recommendation: Recommendation, status: str, by: User | None = None
) -> Recommendation:
    """Mark a recommendation done or declined (stamped with who and when), or outstanding again."""
    if status not in RecommendationStatus.values:
        raise ValidationError(
            {"status": f"Choose one of {', '.join(RecommendationStatus.values)}."}
        )
    outstanding = status == RecommendationStatus.OUTSTANDING
    recommendation.status = status
    recommendation.resolved_on = None if outstanding else clock.today()
    recommendation.resolved_by = None if outstanding else by
    recommendation.save(update_fields=["status", "resolved_on", "resolved_by", "updated_at"])
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


JOB_PREFIXES = {JobKind.SERVICE_WIP: "SW", JobKind.PARTS_WIP: "PW"}


def _next_job_number(dealer: Any, kind: str) -> str:
    prefix = JOB_PREFIXES[JobKind(kind)]
    # Lock the dealer's jobs of this kind so two advisors never draw the same number.
    last = (
        Job.for_dealer(dealer)
        .select_for_update()
        .filter(number__startswith=f"{prefix}-")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[-1]) + 1 if last else 1
    return f"{prefix}-{sequence:06d}"


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
    """Open a Service WIP or Parts WIP job for a customer and/or vehicle.

    With only a vehicle, the job goes to its current owner; a customer and a vehicle must
    belong together (current owner, driver or lessee).
    """
    if kind not in JobKind.values:
        raise ValidationError({"kind": f"Choose one of {', '.join(JobKind.labels)}."})
    if customer is None and vehicle is None:
        raise ValidationError({"customer": JOB_NEEDS_SUBJECT})
    for other in (customer, vehicle):
        if other is not None and other.dealer_id != dealer.pk:
            raise CrossDealerReference()
    if customer is None and vehicle is not None:
        customer = vehicle.customer
    elif customer is not None and vehicle is not None and vehicle.customer_id != customer.pk:
        linked = (
            Ownership.for_dealer(dealer)
            .filter(vehicle=vehicle, customer=customer, ended_on__isnull=True)
            .exists()
        )
        if not linked:
            raise ValidationError({"vehicle": VEHICLE_NOT_CUSTOMERS})
    description = (description or "").strip()
    if len(description) > JOB_DESCRIPTION_MAX:
        raise ValidationError({"description": JOB_DESCRIPTION_LONG})
    return Job.objects.create(
        dealer=dealer,
        number=_next_job_number(dealer, kind),
        kind=kind,
        customer=customer,
        vehicle=vehicle,
        description=description,
        created_by=by,
    )
