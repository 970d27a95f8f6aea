from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "workfair.demo"
    label = "demo"
    verbose_name = "Demo marketplace"
