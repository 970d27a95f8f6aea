from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "workfair.accounts"
    label = "accounts"
