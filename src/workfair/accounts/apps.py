from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "workfair.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import trust_hooks

        trust_hooks.register()
        # Its own part of "download my data" and of account erasure (core.personal_data).
        from . import personal_data

        personal_data.register()
