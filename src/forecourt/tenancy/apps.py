from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "forecourt.tenancy"
    label = "tenancy"
    verbose_name = "Dealers and sites"
