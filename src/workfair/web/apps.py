from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "workfair.web"
    label = "web"
