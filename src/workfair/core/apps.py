from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "workfair.core"
    label = "core"
    verbose_name = "Core"
