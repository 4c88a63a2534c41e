"""API routes of the profiles area: vehicles, lookup, workshop, jobs, postcodes (under /api/v1/)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from forecourt.postcodes.api import PostcodeView
from forecourt.service import api as service_api
from forecourt.vehicles.api import LookupView, VehicleViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("vehicles", VehicleViewSet, basename="vehicle")
router.register("jobs", service_api.JobViewSet, basename="job")

urlpatterns = [
    path("lookup/", LookupView.as_view(), name="api-lookup"),
    path("postcodes/<str:country>/<str:code>/", PostcodeView.as_view(), name="api-postcode"),
    path(
        "vehicles/<uuid:vehicle_id>/visits/",
        service_api.VisitListView.as_view(),
        name="api-vehicle-visits",
    ),
    path(
        "vehicles/<uuid:vehicle_id>/recommendations/",
        service_api.RecommendationListView.as_view(),
        name="api-vehicle-recommendations",
    ),
    path(
        "vehicles/<uuid:vehicle_id>/recommendations/<uuid:pk>/",
        service_api.RecommendationDetailView.as_view(),
        name="api-vehicle-recommendation",
    ),
    path(
        "vehicles/<uuid:vehicle_id>/due/",
        service_api.ServiceDueView.as_view(),
        name="api-vehicle-due",
    ),
    *router.urls,
]
