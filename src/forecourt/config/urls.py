"""URL map: staff UI under /, REST API under /api/v1/, schema and docs, health."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from forecourt.changes.api import ChangeRequestViewSet
from forecourt.core import views as core_views
from forecourt.customers.api import CustomerViewSet
from forecourt.sales.api import BookingViewSet
from forecourt.staff import views as staff_views
from forecourt.staff.api import MeView, TokenView
from forecourt.transfers.api import ExportViewSet, ImportViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("customers", CustomerViewSet, basename="customer")
router.register(
    r"customers/(?P<customer_id>[0-9a-f-]{36})/change-requests",
    ChangeRequestViewSet,
    basename="change-request",
)
router.register("bookings", BookingViewSet, basename="booking")
router.register("exports", ExportViewSet, basename="export")
router.register("imports", ImportViewSet, basename="import")

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("", include("forecourt.vehicles.api_urls")),
    *router.urls,
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", staff_views.login_view, name="login"),
    path("accounts/logout/", staff_views.logout_view, name="logout"),
    path("customers/", include("forecourt.customers.urls")),
    path("manage/", include("forecourt.staff.urls")),
    path("transfers/", include("forecourt.transfers.urls")),
    path("sales/", include("forecourt.sales.urls")),
    path("", include("forecourt.vehicles.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]
