from django.urls import path

from forecourt.sales import views

app_name = "sales"
urlpatterns = [
    path("", views.worksheet, name="worksheet"),
    path("new/", views.booking_create, name="create"),
    path("<uuid:booking_id>/", views.booking_detail, name="booking"),
    path("<uuid:booking_id>/customer/", views.booking_customer_edit, name="customer_edit"),
    path("<uuid:booking_id>/invoice/", views.booking_invoice, name="invoice"),
    path("<uuid:booking_id>/deliver/", views.booking_deliver, name="deliver"),
]
