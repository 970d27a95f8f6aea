from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "workfair.notifications"
    label = "notifications"

    def ready(self) -> None:
        from . import trust_hooks

        trust_hooks.register()
