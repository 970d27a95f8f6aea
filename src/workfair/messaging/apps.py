from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "workfair.messaging"
    label = "messaging"

    def ready(self) -> None:
        from . import trust_hooks

        trust_hooks.register()
