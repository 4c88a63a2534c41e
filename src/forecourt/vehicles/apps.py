from django.apps import AppConfig


class VehiclesConfig(AppConfig):
    name = "forecourt.vehicles"
    label = "vehicles"
