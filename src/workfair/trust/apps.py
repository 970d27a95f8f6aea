from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "workfair.trust"
    label = "trust"
    verbose_name = "Trust and safety"

    def ready(self) -> None:
        # Its part of "download my data" (core.personal_data); decisions are kept on erasure.
        from . import personal_data

        personal_data.register()
