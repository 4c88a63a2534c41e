from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "forecourt.changes"
    label = "changes"
    verbose_name = "Change control and history"
