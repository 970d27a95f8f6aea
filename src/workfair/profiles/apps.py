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

        # Identity stands below the marketplace: its step-up questions read the account's history
        # (contracts, and posts and freelancers as decoys) through this app, which can see all three.
        from workfair.profiles import identity_hooks

        identity_hooks.register()

        # Skills stand below profiles: an approved skill suggestion joins the profiles of the people
        # who suggested it through this handler.
        from workfair.profiles.actions import do_add_approved_skill
        from workfair.skills import hooks as skills_hooks

        skills_hooks.register_approval_handler(do_add_approved_skill)
        # Its part of "download my data" and of account erasure (core.personal_data).
        from . import personal_data

        personal_data.register()
