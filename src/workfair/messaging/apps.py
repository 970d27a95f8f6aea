from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "workfair.messaging"
    label = "messaging"
