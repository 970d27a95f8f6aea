from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "workfair.proposals"
    label = "proposals"
