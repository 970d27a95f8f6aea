from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "workfair.identity"
    label = "identity"
    verbose_name = "Identity and verification"

    def ready(self) -> None:
        # The phone and step-up areas register their capability check and effect handler with the
        # trust engine when imported (explicit registration, like trust's own effect handlers).
        # `sealing` registers its system checks (keys, where sealed files live).
        from workfair.identity import phone, sealing, stepup  # noqa: F401
