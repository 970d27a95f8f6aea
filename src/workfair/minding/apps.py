from django.apps import AppConfig


class MindingConfig(AppConfig):
    name = "workfair.minding"
    label = "minding"

    def ready(self) -> None:
        from workfair.minding import copies, proposal_hooks
        from workfair.profiles import hooks as profile_hooks
        from workfair.trust import interface as trust

        proposal_hooks.register()
        profile_hooks.register_text_written(copies.do_check_copied_text)
        trust.register_target_view(copies.COPY_TYPE, copies.finding_view)
