from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "workfair.profiles"
    label = "profiles"

    def ready(self) -> None:
        # Accounts stands below profiles and never imports it: when roles are set (sign-up, the
        # settings page), accounts calls this to create the profiles the roles need.
        from workfair.accounts import hooks as accounts_hooks
        from workfair.profiles.actions import do_create_missing_profiles

        accounts_hooks.register_roles_listener(do_create_missing_profiles)
