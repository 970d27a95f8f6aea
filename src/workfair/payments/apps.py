from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "workfair.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from . import trust_hooks

        trust_hooks.register()
