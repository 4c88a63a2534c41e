from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "forecourt.core"
    label = "core"

    def ready(self) -> None:
        from forecourt.core import schema  # noqa: F401 - registers the schema extensions
