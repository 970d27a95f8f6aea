from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "workfair.contracts"
    label = "contracts"
