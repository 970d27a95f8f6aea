from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "workfair.feedback"
    label = "feedback"

    def ready(self) -> None:
        # Reviews can be reported, and their text is screened, through the trust engine.
        from . import trust_hooks

        trust_hooks.register()
        # Contracts stand below feedback: the contract page shows the feedback section that
        # feedback registers here.
        from workfair.contracts.hooks import register_contract_section
        from workfair.feedback.views import contract_section

        register_contract_section(contract_section)
        # Its part of "download my data" and of account erasure (core.personal_data).
        from . import personal_data

        personal_data.register()
