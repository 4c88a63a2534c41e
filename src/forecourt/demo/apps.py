from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "forecourt.demo"
    label = "demo"
    verbose_name = "Demo data"
