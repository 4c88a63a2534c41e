from django.urls import path

from forecourt.customers import profile_views
from forecourt.service import views as service_views
from forecourt.vehicles import views

app_name = "vehicles"
urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("lookup/capture/", views.capture, name="capture"),
    path("vehicles/", views.vehicle_list, name="list"),
    path("vehicles/new/", views.capture, name="create"),
    path("vehicles/<uuid:vehicle_id>/", views.vehicle_detail, name="detail"),
    path("vehicles/<uuid:vehicle_id>/edit/", views.vehicle_edit, name="edit"),
    path("vehicles/<uuid:vehicle_id>/missing/", views.vehicle_missing, name="missing"),
    path("vehicles/<uuid:vehicle_id>/transfer/", views.vehicle_transfer, name="transfer"),
    path("vehicles/<uuid:vehicle_id>/notes/", views.vehicle_note_add, name="note_add"),
    path(
        "vehicles/<uuid:vehicle_id>/contact-preferences/",
        views.vehicle_contact_preferences,
        name="contact_preferences",
    ),
    path("vehicles/<uuid:vehicle_id>/history/", service_views.service_history, name="history"),
    path("jobs/new/", service_views.job_create, name="job_create"),
    path("profile/<uuid:customer_id>/invoices/", service_views.invoices, name="invoices"),
    path("profile/<uuid:customer_id>/notes/", profile_views.note_add, name="customer_note_add"),
    path(
        "profile/<uuid:customer_id>/notes/<uuid:note_id>/pin/",
        profile_views.note_pin,
        name="customer_note_pin",
    ),
    path(
        "profile/<uuid:customer_id>/communicate/",
        profile_views.communicate,
        name="customer_communicate",
    ),
    path(
        "profile/<uuid:customer_id>/associations/",
        profile_views.associate,
        name="customer_associate",
    ),
]
