from django.apps import AppConfig


class PostcodesConfig(AppConfig):
    name = "forecourt.postcodes"
    label = "postcodes"
