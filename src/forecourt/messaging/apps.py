from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "forecourt.messaging"
    label = "messaging"
