from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "forecourt.service"
    label = "service"
