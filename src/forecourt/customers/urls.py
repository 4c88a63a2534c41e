from django.urls import path

from forecourt.changes import views as change_views
from forecourt.customers import history_views, views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("<uuid:customer_id>/", views.customer_detail, name="detail"),
    path("<uuid:customer_id>/edit/", views.customer_edit, name="edit"),
    path("<uuid:customer_id>/delete/", views.customer_erase, name="erase"),
    path("<uuid:customer_id>/verify-info/", views.customer_verify_info, name="verify_info"),
    path("<uuid:customer_id>/reveal/<str:field>/", views.customer_reveal, name="reveal"),
    path("<uuid:customer_id>/history/", history_views.customer_history, name="history"),
    path(
        "<uuid:customer_id>/change-requests/<uuid:change_request_id>/",
        change_views.change_request_page,
        name="change_request",
    ),
    path(
        "<uuid:customer_id>/change-requests/<uuid:change_request_id>/<str:step>/",
        change_views.change_request_step,
        name="change_request_step",
    ),
]
