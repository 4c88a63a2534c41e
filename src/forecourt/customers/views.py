"""Staff UI for customers: list, detail, create, edit. Thin: parse, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forecourt.changes.models import Channel
from forecourt.core.errors import StaleVersion
from forecourt.core.forms import add_service_errors
from forecourt.core.htmx import htmx_redirect, is_htmx_partial
from forecourt.core.views import staff_view
from forecourt.customers import profile_views, selectors, services
from forecourt.customers.forms import CustomerForm
from forecourt.customers.list_view import customer_list_context
from forecourt.customers.models import Customer
from forecourt.staff.permissions import Action


def _customer_or_404(request: HttpRequest, customer_id: object) -> Customer:
    try:
        return selectors.customer_get(dealer=request.dealer, customer_id=customer_id)
    except (Customer.DoesNotExist, ValidationError) as exc:
        raise Http404("No such customer.") from exc


@staff_view(Action.CUSTOMER_VIEW)
def customer_list(request: HttpRequest) -> HttpResponse:
    """List customers (SPEC E1): timeframe, status, search box, sortable columns, fast pages."""
    context = customer_list_context(request)
    template = "customers/_list_results.html" if is_htmx_partial(request) else "customers/list.html"
    return render(request, template, context)


@staff_view(Action.CUSTOMER_VIEW)
def customer_detail(request: HttpRequest, customer_id: object) -> HttpResponse:
    """Show one customer's 360° profile (rendered by customers.profile_views)."""
    return profile_views.profile_page(request, customer_id)


@staff_view(Action.CUSTOMER_CREATE)
def customer_create(request: HttpRequest) -> HttpResponse:
    """Create a customer from the form."""
    form = CustomerForm(request.POST or None, dealer=request.dealer)
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.customer_create(
                dealer=request.dealer,
                by=request.user,
                channel=Channel.UI,
                data=form.service_data(),
                assigned_staff=list(form.cleaned_data.get("assigned_staff") or []),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Customer {customer.display_name} created.")
            return htmx_redirect(request, customer.get_absolute_url()) or redirect(customer)
    return render(request, "customers/form.html", {"form": form, "customer": None})


@staff_view(Action.CUSTOMER_EDIT)
def customer_edit(request: HttpRequest, customer_id: object) -> HttpResponse:
    """Edit a customer; a stale version is refused with who changed it and when."""
    customer = _customer_or_404(request, customer_id)
    form = CustomerForm(request.POST or None, instance=customer, dealer=request.dealer)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.customer_update(
                customer=customer,
                by=request.user,
                channel=Channel.UI,
                changes=form.service_data(),
                expected_version=form.cleaned_data.get("version") or 0,
                assigned_staff=list(form.cleaned_data.get("assigned_staff") or []),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, "Customer saved.")
            return htmx_redirect(request, customer.get_absolute_url()) or redirect(customer)
    return render(
        request, "customers/form.html", {"form": form, "customer": customer}, status=status
    )


@require_POST
@staff_view(Action.CUSTOMER_DELETE)
def customer_erase(request: HttpRequest, customer_id: object) -> HttpResponse:
    """Delete (anonymise) a customer after confirmation, with a reason."""
    customer = _customer_or_404(request, customer_id)
    reason = request.POST.get("reason", "").strip()
    if not reason or request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the confirmation and give a reason to delete a customer.")
        return redirect(customer)
    services.customer_erase(customer=customer, by=request.user, channel=Channel.UI, reason=reason)
    messages.success(request, "Customer deleted: personal data has been erased.")
    return redirect("customers:list")
