from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "workfair.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import trust_hooks

        trust_hooks.register()
