from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "workfair.identity"
    label = "identity"
    verbose_name = "Identity and verification"
