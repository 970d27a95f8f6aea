from django.apps import AppConfig


class MindingConfig(AppConfig):
    name = "workfair.minding"
    label = "minding"

    def ready(self) -> None:
        from . import proposal_hooks

        proposal_hooks.register()
