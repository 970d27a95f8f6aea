from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "workfair.identity"
    label = "identity"
    verbose_name = "Identity and verification"

    def ready(self) -> None:
        # The phone and step-up areas register their capability check and effect handler with the
        # trust engine when imported (explicit registration, like trust's own effect handlers).
        # `sealing.checks` registers its system checks (keys, where sealed files live).
        from workfair.accounts import hooks as accounts_hooks
        from workfair.identity.devices.actions import do_note_login
        from workfair.identity.graph.actions import screen_signup
        from workfair.identity.phone import actions as phone_actions  # noqa: F401
        from workfair.identity.sealing import checks as sealing_checks  # noqa: F401
        from workfair.identity.stepup import actions as stepup_actions  # noqa: F401

        # Accounts stands below identity and never imports it: identity adds its checks to
        # sign-up (the identity graph) and log-in (devices and alerts) here.
        accounts_hooks.register_signup_check(screen_signup)
        accounts_hooks.register_login_listener(do_note_login)
        # Its part of "download my data" and of account erasure (core.personal_data).
        from . import personal_data

        personal_data.register()
