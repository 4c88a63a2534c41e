from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "forecourt.search"
    label = "search"
