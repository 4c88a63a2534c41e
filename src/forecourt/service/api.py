"""Workshop REST API under each vehicle, plus WIP jobs. Thin views over services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from forecourt.changes.models import Channel
from forecourt.core.api import IsDealerStaff, StaffViewMixin, TenantScopedViewMixin, requires
from forecourt.service import selectors, services
from forecourt.service.models import Job, Recommendation, ServiceDue, ServiceVisit
from forecourt.service.serializers import (
    JobSerializer,
    RecommendationInputSerializer,
    RecommendationSerializer,
    RecommendationStatusSerializer,
    ServiceDueSerializer,
    ServiceVisitSerializer,
)
from forecourt.staff.permissions import Action
from forecourt.vehicles.api import uuid_param
from forecourt.vehicles.models import Vehicle


class VehicleScopedMixin(StaffViewMixin, APIView):
    """Resolve the URL's vehicle among the caller's dealer's vehicles (404 otherwise)."""

    permission_classes = [IsAuthenticated, IsDealerStaff]

    def vehicle(self) -> Vehicle:
        cached = getattr(self, "_vehicle", None)
        if cached is not None:
            return cached
        try:
            self._vehicle = (
                Vehicle.for_dealer(self.dealer)
                .select_related("dealer")
                .get(pk=self.kwargs["vehicle_id"])
            )
        except (Vehicle.DoesNotExist, ValidationError) as exc:
            raise Http404 from exc
        return self._vehicle


@extend_schema(tags=["service"])
class VisitListView(VehicleScopedMixin, generics.ListCreateAPIView):
    """A vehicle's service visits, newest first, paginated; POST records one."""

    serializer_class = ServiceVisitSerializer
    required_actions = requires(get=Action.VEHICLE_VIEW, post=Action.SERVICE_MANAGE)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ServiceVisit.objects.none()
        return selectors.visits_for(vehicle=self.vehicle())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        advisor = data.pop("advisor", None) or self.staff
        visit = services.visit_record(
            vehicle=self.vehicle(),
            by=self.staff,
            channel=Channel.API,
            advisor=advisor,
            lines=data.pop("lines", []),
            recommendations=data.pop("recommendations", []),
            **data,
        )
        visit = selectors.visits_for(vehicle=self.vehicle()).get(pk=visit.pk)
        return Response(self.get_serializer(visit).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["service"])
class VisitDetailView(VehicleScopedMixin, generics.RetrieveAPIView):
    """One service visit of the vehicle, with its lines."""

    serializer_class = ServiceVisitSerializer
    required_actions = requires(get=Action.VEHICLE_VIEW)
    lookup_url_kwarg = "pk"

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ServiceVisit.objects.none()
        return selectors.visits_for(vehicle=self.vehicle())


@extend_schema(tags=["service"])
class RecommendationListView(VehicleScopedMixin, generics.ListCreateAPIView):
    """A vehicle's recommendations (?status=outstanding|done|declined); POST adds one."""

    serializer_class = RecommendationSerializer
    pagination_class = None
    required_actions = requires(get=Action.VEHICLE_VIEW, post=Action.SERVICE_MANAGE)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Recommendation.objects.none()
        wanted = self.request.query_params.get("status")
        queryset = selectors.recommendations_for(vehicles=[self.vehicle()], outstanding_only=False)
        return queryset.filter(status=wanted) if wanted else queryset

    @extend_schema(request=RecommendationInputSerializer, responses=RecommendationSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = RecommendationInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.recommendation_add(vehicle=self.vehicle(), **body.validated_data)
        return Response(RecommendationSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["service"])
class RecommendationDetailView(VehicleScopedMixin, APIView):
    """Mark a recommendation done, declined or outstanding again."""

    required_actions = requires(patch=Action.SERVICE_MANAGE)

    @extend_schema(request=RecommendationStatusSerializer, responses=RecommendationSerializer)
    def patch(self, request: Request, vehicle_id: Any, pk: Any) -> Response:
        try:
            item = Recommendation.for_dealer(self.dealer).get(pk=pk, vehicle=self.vehicle())
        except (Recommendation.DoesNotExist, ValidationError) as exc:
            raise Http404 from exc
        body = RecommendationStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.recommendation_resolve(
            recommendation=item, by=self.staff, **body.validated_data
        )
        return Response(RecommendationSerializer(item).data)


@extend_schema(tags=["service"])
class ServiceDueView(VehicleScopedMixin, APIView):
    """A vehicle's next service and MOT due dates with overdue / due-soon flags."""

    required_actions = requires(get=Action.VEHICLE_VIEW, patch=Action.SERVICE_MANAGE)

    def _answer(self, due: ServiceDue) -> Response:
        return Response(ServiceDueSerializer(due, context={"vehicle": self.vehicle()}).data)

    @extend_schema(responses=ServiceDueSerializer)
    def get(self, request: Request, vehicle_id: Any) -> Response:
        due = selectors.service_due_of(self.vehicle()) or ServiceDue(vehicle=self.vehicle())
        return self._answer(due)

    @extend_schema(request=ServiceDueSerializer, responses=ServiceDueSerializer)
    def patch(self, request: Request, vehicle_id: Any) -> Response:
        body = ServiceDueSerializer(data=request.data, partial=True, context={"vehicle": None})
        body.is_valid(raise_exception=True)
        due = services.service_due_set(vehicle=self.vehicle(), changes=body.validated_data)
        return self._answer(due)


@extend_schema(tags=["service"])
class JobViewSet(TenantScopedViewMixin, viewsets.ModelViewSet):
    """Service WIP and Parts WIP jobs; filter with ?customer= or ?vehicle=."""

    queryset_model = Job
    serializer_class = JobSerializer
    permission_classes = [IsAuthenticated, IsDealerStaff]
    http_method_names = ["get", "post", "head", "options"]
    required_actions = requires(
        list=Action.VEHICLE_VIEW, retrieve=Action.VEHICLE_VIEW, create=Action.SERVICE_MANAGE
    )

    def get_dealer_queryset(self) -> Any:
        queryset = Job.for_dealer(self.dealer).select_related("customer", "vehicle")
        for name in ("customer", "vehicle"):
            value = self.request.query_params.get(name)
            if value:
                queryset = queryset.filter(**{f"{name}_id": uuid_param(name, value)})
        wanted = self.request.query_params.get("status")
        if wanted:
            queryset = queryset.filter(status=wanted)
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("customer", str, description="Customer id"),
            OpenApiParameter("vehicle", str, description="Vehicle id"),
            OpenApiParameter("status", str, enum=["open", "closed"]),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        job = services.job_create(dealer=self.dealer, by=self.staff, **body.validated_data)
        return Response(self.get_serializer(job).data, status=status.HTTP_201_CREATED)
