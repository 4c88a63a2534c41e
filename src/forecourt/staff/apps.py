from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "forecourt.staff"
    label = "staff"
    verbose_name = "Staff and roles"
