from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "workfair.notifications"
    label = "notifications"
