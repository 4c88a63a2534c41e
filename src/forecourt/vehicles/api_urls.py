"""API routes of the profiles area (under /api/v1/): vehicles, lookup, workshop, jobs,
postcodes, and the customer's 360° profile, notes and associations."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from forecourt.customers import profile_api
from forecourt.postcodes.api import PostcodeView
from forecourt.service import api as service_api
from forecourt.vehicles.api import LookupView, VehicleContactPreferencesView, VehicleViewSet

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
        "vehicles/<uuid:vehicle_id>/visits/<uuid:pk>/",
        service_api.VisitDetailView.as_view(),
        name="api-vehicle-visit",
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
        "vehicles/<uuid:vehicle_id>/contact-preferences/",
        VehicleContactPreferencesView.as_view(),
        name="api-vehicle-contact-preferences",
    ),
    path(
        "vehicles/<uuid:vehicle_id>/due/",
        service_api.ServiceDueView.as_view(),
        name="api-vehicle-due",
    ),
    path(
        "customers/<uuid:customer_id>/profile/",
        profile_api.ProfileView.as_view(),
        name="api-customer-profile",
    ),
    path(
        "customers/<uuid:customer_id>/notes/",
        profile_api.CustomerNotesView.as_view(),
        name="api-customer-notes",
    ),
    path(
        "customers/<uuid:customer_id>/notes/<uuid:note_id>/",
        profile_api.CustomerNoteDetailView.as_view(),
        name="api-customer-note",
    ),
    path(
        "customers/<uuid:customer_id>/associations/",
        profile_api.CustomerAssociationsView.as_view(),
        name="api-customer-associations",
    ),
    *router.urls,
]
