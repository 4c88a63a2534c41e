from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "forecourt.sales"
    label = "sales"
