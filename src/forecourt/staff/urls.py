from django.urls import path

from forecourt.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.staff_admin, name="admin"),
]
