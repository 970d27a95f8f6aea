from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "workfair.contracts"
    label = "contracts"

    def ready(self) -> None:
        # Messaging stands below contracts: it asks through its hook whether a contract is active
        # (contact details are allowed between the two only then).
        from workfair.contracts.queries import active_contract_between
        from workfair.messaging.hooks import register_contract_lookup

        register_contract_lookup(active_contract_between)
        # Payments stands below contracts too: it reports funded, released and refunded money back
        # through the handlers registered here.
        from . import payment_hooks

        payment_hooks.register()
        # Its part of "download my data" and of account erasure (core.personal_data).
        from . import personal_data

        personal_data.register()
