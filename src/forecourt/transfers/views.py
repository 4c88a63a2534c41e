"""The "Exports & imports" page: job list with live progress, downloads, the upload form."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qsl

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forecourt.core.htmx import is_htmx_partial
from forecourt.core.http import StaffRequest
from forecourt.core.views import staff_view
from forecourt.staff.login import client_ip
from forecourt.staff.permissions import Action, can
from forecourt.transfers import services
from forecourt.transfers.importing import CUSTOMER_COLUMNS, VEHICLE_COLUMNS
from forecourt.transfers.models import JobKind, TransferJob

JOBS_SHOWN = 30


def _jobs_context(request: StaffRequest) -> dict:
    jobs = list(TransferJob.for_dealer(request.dealer).select_related("requested_by")[:JOBS_SHOWN])
    return {
        "jobs": jobs,
        "polling": any(job.is_active for job in jobs),
        "can_import": can(request.user, Action.IMPORT),
        "customer_columns": CUSTOMER_COLUMNS,
        "vehicle_columns": VEHICLE_COLUMNS,
    }


@staff_view(Action.EXPORT)
def jobs(request: StaffRequest) -> HttpResponse:
    """List recent jobs; the table re-polls itself while any job is queued or running."""
    context = _jobs_context(request)
    if is_htmx_partial(request):
        return render(request, "transfers/_jobs_table.html", context)
    return render(request, "transfers/jobs.html", context)


@require_POST
@staff_view(Action.EXPORT)
def export_start(request: StaffRequest) -> HttpResponse:
    """Start an export of the customer list with the filters it was showing."""
    filters = dict(parse_qsl(request.POST.get("filters", "")))
    try:
        services.export_request(
            dealer=request.dealer,
            by=request.user,
            file_format=request.POST.get("format", "csv"),
            filters=filters,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("customers:list")
    messages.success(request, "Export started: it appears below and downloads when done.")
    return redirect("transfers:jobs")


@require_POST
@staff_view(Action.IMPORT)
def import_start(request: StaffRequest) -> HttpResponse:
    """Upload a feed and start importing it."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose a .csv or .xlsx file to import.")
        return redirect("transfers:jobs")
    try:
        services.import_request(dealer=request.dealer, by=request.user, upload=upload)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Import of {upload.name} started.")
    return redirect("transfers:jobs")


@staff_view(Action.EXPORT)
def download(request: StaffRequest, job_id: uuid.UUID) -> FileResponse:
    """Send a finished job's file: only to staff of the dealer that ran it, for 24 hours."""
    job = TransferJob.for_dealer(request.dealer).filter(pk=job_id).first()
    if job is None or (job.kind == JobKind.IMPORT and not can(request.user, Action.IMPORT)):
        raise Http404("No such file.")
    path = services.job_download(job=job, by=request.user, ip=client_ip(request))
    if path is None:
        raise Http404("No such file, or it has expired.")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=services.job_download_name(job)
    )
