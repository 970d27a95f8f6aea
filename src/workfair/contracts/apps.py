from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "workfair.contracts"
    label = "contracts"

    def ready(self) -> None:
        from . import payment_hooks

        payment_hooks.register()
