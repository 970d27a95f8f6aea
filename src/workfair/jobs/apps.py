from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "workfair.jobs"
    label = "jobs"

    def ready(self) -> None:
        from . import trust_hooks

        trust_hooks.register()
