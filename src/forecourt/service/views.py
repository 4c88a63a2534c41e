"""Staff UI for the workshop: full service history, invoices, opening a WIP job."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render

from forecourt.core.forms import add_service_errors
from forecourt.core.http import StaffRequest
from forecourt.core.views import found_or_404, staff_view
from forecourt.customers.models import Customer
from forecourt.customers.selectors import customer_get
from forecourt.service import selectors, services
from forecourt.service.models import JobKind, ServiceVisit
from forecourt.service.services import JOB_DESCRIPTION_MAX, JOB_NEEDS_SUBJECT
from forecourt.staff.permissions import Action
from forecourt.vehicles.models import Vehicle
from forecourt.vehicles.selectors import vehicle_get, vehicle_list
from forecourt.vehicles.views import profile_url


class JobForm(forms.Form):
    """Open a Service WIP or Parts WIP job; the vehicle is one of the customer's own."""

    kind = forms.ChoiceField(choices=JobKind.choices, widget=forms.RadioSelect, label="Job type")
    vehicle_choice = forms.ChoiceField(required=False, label="Vehicle")
    description = forms.CharField(
        required=False,
        max_length=JOB_DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the customer asked for, e.g. “Annual service; squeaky front brakes”.",
    )

    def __init__(self, *args: Any, vehicles: list[Vehicle] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if vehicles is None:
            self.fields.pop("vehicle_choice")
        else:
            cast("forms.ChoiceField", self.fields["vehicle_choice"]).choices = [
                ("", "No vehicle (counter sale)"),
                *((str(v.pk), f"{v.registration} · {v.description}") for v in vehicles),
            ]


@staff_view(Action.VEHICLE_VIEW)
def service_history(request: StaffRequest, vehicle_id: Any) -> HttpResponse:
    """A vehicle's visits with their lines, newest first, paginated."""
    vehicle = found_or_404(vehicle_get, dealer=request.dealer, vehicle_id=vehicle_id)
    page = Paginator(selectors.visits_for(vehicle=vehicle), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "service/history.html",
        {"vehicle": vehicle, "page": page, "visits": page.object_list},
    )


@staff_view(Action.CUSTOMER_VIEW)
def invoices(request: StaffRequest, customer_id: Any) -> HttpResponse:
    """The invoices of a customer's workshop visits, newest first, paginated."""
    customer = found_or_404(customer_get, dealer=request.dealer, customer_id=customer_id)
    queryset = (
        ServiceVisit.for_dealer(request.dealer)
        .filter(customer=customer)
        .exclude(invoice_ref="")
        .select_related("vehicle", "advisor")
        .order_by("-visited_on", "-created_at")
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    total = queryset.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return render(
        request,
        "service/invoices.html",
        {"customer": customer, "page": page, "visits": page.object_list, "total": total},
    )


@staff_view(Action.SERVICE_MANAGE)
def job_create(request: StaffRequest) -> HttpResponse:
    """Open a Service WIP or Parts WIP job for a customer and vehicle (a profile quick action)."""
    source = request.POST if request.method == "POST" else request.GET
    vehicle = customer = None
    if source.get("customer"):
        customer = found_or_404(customer_get, dealer=request.dealer, customer_id=source["customer"])
    if source.get("vehicle"):
        vehicle = found_or_404(vehicle_get, dealer=request.dealer, vehicle_id=source["vehicle"])
    if customer is None and vehicle is None:
        messages.error(request, JOB_NEEDS_SUBJECT + " Open the job from a profile.")
        return redirect("vehicles:lookup")
    # From a customer's profile without a chosen vehicle, offer the customer's vehicles.
    choices = None
    if customer is not None and vehicle is None:
        choices = list(vehicle_list(dealer=request.dealer, customer_id=customer.pk))
    initial = {"kind": source.get("kind", JobKind.SERVICE_WIP)}
    form = JobForm(request.POST or None, initial=initial, vehicles=choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("vehicle_choice", "")
        if chosen:
            vehicle = next((v for v in choices or [] if str(v.pk) == chosen), None)
        try:
            job = services.job_create(
                dealer=request.dealer, by=request.user, customer=customer, vehicle=vehicle, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Job {job.number} ({job.get_kind_display()}) opened.")
            if job.vehicle is not None:
                return redirect(profile_url(job.vehicle))
            # job_create refuses a job with neither a vehicle nor a customer.
            return redirect(cast("Customer", job.customer).get_absolute_url())
    return render(
        request, "service/job_form.html", {"form": form, "vehicle": vehicle, "customer": customer}
    )
