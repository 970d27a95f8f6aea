from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "workfair.console"
    label = "console"
    verbose_name = "Staff console"
