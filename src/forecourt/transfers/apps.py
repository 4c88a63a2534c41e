from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "forecourt.transfers"
    label = "transfers"
