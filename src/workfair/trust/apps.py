from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "workfair.trust"
    label = "trust"
    verbose_name = "Trust and safety"
