from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "forecourt.customers"
    label = "customers"
