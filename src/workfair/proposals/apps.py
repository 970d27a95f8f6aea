from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "workfair.proposals"
    label = "proposals"

    def ready(self) -> None:
        from . import trust_hooks

        trust_hooks.register()
