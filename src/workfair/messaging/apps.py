from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "workfair.messaging"
    label = "messaging"

    def ready(self) -> None:
        from . import trust_hooks

        trust_hooks.register()
        # Its part of "download my data" and of account erasure (core.personal_data).
        from . import personal_data

        personal_data.register()
