from django.urls import path

from forecourt.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("<uuid:customer_id>/", views.customer_detail, name="detail"),
    path("<uuid:customer_id>/edit/", views.customer_edit, name="edit"),
    path("<uuid:customer_id>/delete/", views.customer_erase, name="erase"),
]
