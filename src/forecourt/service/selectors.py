"""Reads for the workshop: visit history, due-date flags, outstanding recommendations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Prefetch, QuerySet, Value, When

from forecourt.core import clock
from forecourt.service.models import (
    Recommendation,
    RecommendationStatus,
    ServiceDue,
    ServiceVisit,
    Severity,
    VisitLine,
)
from forecourt.vehicles.models import Vehicle

DUE_SOON_DAYS = 30
DUE_SOON_MILES = 1000


def visits_for(*, vehicle: Vehicle) -> QuerySet[ServiceVisit]:
    """Return a vehicle's visits newest first, with lines and advisor loaded."""
    return (
        ServiceVisit.for_dealer(vehicle.dealer)
        .filter(vehicle=vehicle)
        .select_related("advisor", "vehicle")
        .prefetch_related(
            Prefetch("lines", queryset=VisitLine.for_dealer(vehicle.dealer).order_by("created_at"))
        )
        .order_by("-visited_on", "-created_at")
    )


def recommendations_for(
    *, vehicles: list[Vehicle], outstanding_only: bool = True
) -> QuerySet[Recommendation]:
    """Return recommendations for `vehicles`, worst first."""
    if not vehicles:
        return Recommendation.objects.none()
    queryset = Recommendation.for_dealer(vehicles[0].dealer).filter(vehicle__in=vehicles)
    if outstanding_only:
        queryset = queryset.filter(status=RecommendationStatus.OUTSTANDING)
    rank = Case(
        *(When(severity=value, then=Value(i)) for i, value in enumerate(Severity.values)),
        default=Value(9),
    )
    # Outstanding work first, then done/declined; worst severity first within each.
    status_rank = Case(
        *(When(status=value, then=Value(i)) for i, value in enumerate(RecommendationStatus.values)),
        default=Value(9),
    )
    return (
        queryset.select_related("vehicle", "visit")
        .annotate(status_rank=status_rank, severity_rank=rank)
        .order_by("status_rank", "severity_rank", "-created_at")
    )


@dataclass(frozen=True)
class DueItem:
    """One due date (or mileage) and whether it is overdue or due soon."""

    label: str
    due_on: date | None = None
    due_mileage: int | None = None
    overdue: bool = False
    due_soon: bool = False

    @property
    def state(self) -> str:
        """Return 'overdue', 'due_soon' or 'ok'."""
        return "overdue" if self.overdue else "due_soon" if self.due_soon else "ok"


def _date_flags(due_on: date | None, today: date) -> tuple[bool, bool]:
    if due_on is None:
        return False, False
    return due_on < today, today <= due_on <= today + timedelta(days=DUE_SOON_DAYS)


def due_items(*, vehicle: Vehicle, due: ServiceDue | None) -> list[DueItem]:
    """Return the service and MOT due items with their flags (no queries)."""
    if due is None:
        return []
    today = clock.today()
    items = []
    if due.next_service_date or due.next_service_mileage:
        overdue, soon = _date_flags(due.next_service_date, today)
        if due.next_service_mileage and vehicle.mileage is not None:
            left = due.next_service_mileage - vehicle.mileage
            overdue = overdue or left <= 0
            soon = soon or 0 < left <= DUE_SOON_MILES
        items.append(
            DueItem(
                "Service",
                due.next_service_date,
                due.next_service_mileage,
                overdue,
                soon and not overdue,
            )
        )
    if due.next_mot_date:
        overdue, soon = _date_flags(due.next_mot_date, today)
        label = "MOT" if vehicle.dealer.country == "GB" else "Inspection"
        items.append(DueItem(label, due.next_mot_date, None, overdue, soon and not overdue))
    return items


def service_due_of(vehicle: Vehicle) -> ServiceDue | None:
    """Return the vehicle's due dates if set (uses a select_related cache when present)."""
    try:
        return vehicle.service_due
    except ServiceDue.DoesNotExist:
        return None
