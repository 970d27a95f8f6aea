from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "workfair.support"
    label = "support"
    verbose_name = "Support"
