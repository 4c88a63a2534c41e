from django.urls import path

from forecourt.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("exports/new/", views.export_start, name="export_start"),
    path("imports/new/", views.import_start, name="import_start"),
    path("<uuid:job_id>/download/", views.download, name="download"),
]
