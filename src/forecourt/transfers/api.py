"""Exports and imports over the API: start a job (202), poll it, download its file."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from forecourt.core.api import StrictInputMixin, TenantScopedViewMixin, requires
from forecourt.customers.models import CustomerStatus
from forecourt.staff.login import client_ip
from forecourt.staff.permissions import Action
from forecourt.transfers import services
from forecourt.transfers.importing import CUSTOMER_COLUMNS, VEHICLE_COLUMNS
from forecourt.transfers.models import JobFormat, JobKind, TransferJob


class TransferJobSerializer(serializers.ModelSerializer):
    """A job as the API shows it; `download_url` appears once the file is ready."""

    progress = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    format = serializers.CharField(source="file_format", read_only=True)

    class Meta:
        model = TransferJob
        fields = [
            "id",
            "kind",
            "status",
            "format",
            "progress",
            "filters",
            "source_name",
            "created_count",
            "updated_count",
            "error_count",
            "errors",
            "download_url",
            "expires_at",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_progress(self, job: TransferJob) -> dict[str, Any]:
        return {"done": job.progress_done, "total": job.progress_total, "percent": job.percent}

    def get_download_url(self, job: TransferJob) -> str | None:
        if services.job_download_path(job) is None:
            return None
        request = self.context.get("request")
        basename = "export" if job.kind == JobKind.EXPORT else "import"
        url = reverse(f"{basename}-download", args=[job.pk])
        return request.build_absolute_uri(url) if request else url


class ExportRequestSerializer(StrictInputMixin, serializers.Serializer):
    """What to export: the customer list's own filter names."""

    format = serializers.ChoiceField(choices=JobFormat.choices, default=JobFormat.CSV)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    registered_after = serializers.DateField(required=False, allow_null=True)
    registered_before = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=CustomerStatus.choices, required=False, allow_blank=True
    )


class ImportRequestSerializer(StrictInputMixin, serializers.Serializer):
    """A CSV or XLSX feed of customers (and their vehicles)."""

    file = serializers.FileField(
        help_text=(
            "A .csv or .xlsx with a header row of these columns (any subset; external_id "
            "required): customer "
            + ", ".join(CUSTOMER_COLUMNS)
            + "; vehicle (optional, owned by the row's customer) "
            + ", ".join(VEHICLE_COLUMNS)
            + ". Rows are matched on external_id: importing again updates, never duplicates."
        )
    )


class _JobViewSet(TenantScopedViewMixin, viewsets.GenericViewSet):
    queryset_model = TransferJob
    serializer_class = TransferJobSerializer
    kind = JobKind.EXPORT

    def get_dealer_queryset(self) -> Any:
        return TransferJob.for_dealer(self.dealer).filter(kind=self.kind)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _accepted(self, job: TransferJob) -> Response:
        job.refresh_from_db()
        body = self.get_serializer(job).data
        response = Response(body, status=status.HTTP_202_ACCEPTED)
        response["Location"] = reverse(f"{self.basename}-detail", args=[job.pk])
        return response

    def get_object(self) -> TransferJob:
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (TransferJob.DoesNotExist, ValueError, DjangoValidationError) as exc:
            raise Http404 from exc

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> FileResponse:
        """The export file (or an import's error report), for 24 hours after it finished."""
        job = self.get_object()
        path = services.job_download(job=job, by=request.user, ip=client_ip(request))
        if path is None:
            raise Http404("No such file, or it has expired.")
        return FileResponse(
            path.open("rb"), as_attachment=True, filename=services.job_download_name(job)
        )


@extend_schema(tags=["transfers"])
class ExportViewSet(_JobViewSet):
    """Exports of the customer list (CSV/XLSX), run in the background."""

    kind = JobKind.EXPORT
    required_actions = requires(
        list=Action.EXPORT, retrieve=Action.EXPORT, create=Action.EXPORT, download=Action.EXPORT
    )

    @extend_schema(request=ExportRequestSerializer, responses={202: TransferJobSerializer})
    def create(self, request: Request) -> Response:
        serializer = ExportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        job = services.export_request(
            dealer=self.dealer, by=request.user, file_format=data.pop("format"), filters=data
        )
        return self._accepted(job)


@extend_schema(tags=["transfers"])
class ImportViewSet(_JobViewSet):
    """Imports of a DMS customer/vehicle feed, run in the background."""

    kind = JobKind.IMPORT
    parser_classes = [MultiPartParser]
    required_actions = requires(
        list=Action.IMPORT, retrieve=Action.IMPORT, create=Action.IMPORT, download=Action.IMPORT
    )

    @extend_schema(request=ImportRequestSerializer, responses={202: TransferJobSerializer})
    def create(self, request: Request) -> Response:
        serializer = ImportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.import_request(
            dealer=self.dealer, by=request.user, upload=serializer.validated_data["file"]
        )
        return self._accepted(job)
