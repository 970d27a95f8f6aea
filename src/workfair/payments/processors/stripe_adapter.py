"""The Stripe adapter behind the processor interface (the `stripe` SDK's `StripeClient`).

- Cards: the client's browser turns the card into a PaymentMethod with Stripe.js (the number never
  reaches us); `add_card` confirms an off-session SetupIntent on it (an authorisation), which may
  need 3-D Secure (`requires_action`), completed by `confirm_card`.
- Charges: an off-session, confirmed PaymentIntent on the saved method.
- Refunds: a Refund of the PaymentIntent. Payouts: a Transfer to the freelancer's Connect account.
- Every call carries our idempotency key; webhooks are verified with the endpoint's signing secret.
"""

from __future__ import annotations

import datetime
from typing import Any

import stripe

from workfair.payments.processors.base import (
    BankResult,
    CardResult,
    ChargeResult,
    Movement,
    PayoutResult,
    ProcessorError,
    WebhookEvent,
    WebhookRejected,
)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


class StripeProcessor:
    name = "stripe"

    def __init__(self, *, secret_key: str, webhook_secret: str, client: Any = None) -> None:
        self.webhook_secret = webhook_secret
        self.client: Any = client if client is not None else stripe.StripeClient(secret_key or "sk_test_unset")

    def add_card(
        self, *, customer_ref: str, card: str, exp_month: int, exp_year: int, cvc: str, idempotency_key: str
    ) -> CardResult:
        if not card.startswith("pm_"):
            return CardResult(status="failed", message="Enter the card in the secure card form.")
        try:
            intent = self.client.v1.setup_intents.create(
                params={
                    "payment_method": card,
                    "confirm": True,
                    "usage": "off_session",
                    "payment_method_types": ["card"],
                    "metadata": {"customer_ref": customer_ref},
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.CardError as exc:
            return CardResult(status="failed", message=str(exc.user_message or "Your card was declined."))
        except stripe.StripeError as exc:
            raise ProcessorError(str(exc)) from exc
        method = self.client.v1.payment_methods.retrieve(card)
        details = _get(method, "card", {}) or {}
        brand, last4 = str(_get(details, "brand", "card")).title(), str(_get(details, "last4", ""))
        status = _get(intent, "status")
        if status == "succeeded":
            return CardResult(status="verified", token=card, brand=brand, last4=last4)
        if status == "requires_action":
            return CardResult(
                status="requires_action", token=card, brand=brand, last4=last4, action_ref=str(_get(intent, "id"))
            )
        return CardResult(status="failed", brand=brand, last4=last4, message="Your card could not be verified.")

    def confirm_card(self, *, token: str, action_ref: str) -> CardResult:
        try:
            intent = self.client.v1.setup_intents.retrieve(action_ref)
        except stripe.StripeError as exc:
            raise ProcessorError(str(exc)) from exc
        if _get(intent, "status") == "succeeded":
            return CardResult(status="verified", token=token)
        return CardResult(status="failed", message="The 3-D Secure check was not completed.")

    def charge(self, *, token: str, amount: int, currency: str, idempotency_key: str, description: str) -> ChargeResult:
        try:
            intent = self.client.v1.payment_intents.create(
                params={
                    "amount": amount,
                    "currency": currency.lower(),
                    "payment_method": token,
                    "confirm": True,
                    "off_session": True,
                    "description": description[:300],
                    "metadata": {"workfair_key": idempotency_key},
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.CardError as exc:
            return ChargeResult(succeeded=False, message=str(exc.user_message or "Your card was declined."))
        except stripe.StripeError as exc:
            raise ProcessorError(str(exc)) from exc
        ok = _get(intent, "status") == "succeeded"
        return ChargeResult(
            succeeded=ok, ref=str(_get(intent, "id")), message="" if ok else "The charge did not go through."
        )

    def refund(self, *, charge_ref: str, amount: int, idempotency_key: str) -> str:
        try:
            refund = self.client.v1.refunds.create(
                params={"payment_intent": charge_ref, "amount": amount, "metadata": {"workfair_key": idempotency_key}},
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise ProcessorError(str(exc)) from exc
        return str(_get(refund, "id"))

    def add_bank_account(
        self, *, customer_ref: str, routing_number: str, account_number: str, currency: str
    ) -> BankResult:
        # With Stripe, payouts go to a Connect account the freelancer onboards to; `account_number`
        # carries its id (acct_...).
        if not account_number.startswith("acct_"):
            raise ProcessorError("Connect your payout account through Stripe first.")
        account = self.client.v1.accounts.retrieve(account_number)
        return BankResult(token=account_number, bank_name="Stripe", last4=str(_get(account, "id", ""))[-4:])

    def payout(self, *, destination: str, amount: int, currency: str, idempotency_key: str) -> PayoutResult:
        try:
            transfer = self.client.v1.transfers.create(
                params={
                    "amount": amount,
                    "currency": currency.lower(),
                    "destination": destination,
                    "metadata": {"workfair_key": idempotency_key},
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            return PayoutResult(succeeded=False, message=str(exc))
        return PayoutResult(succeeded=True, ref=str(_get(transfer, "id")))

    def parse_webhook(self, payload: bytes, signature: str) -> WebhookEvent:
        try:
            event = stripe.Webhook.construct_event(payload, signature, self.webhook_secret)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise WebhookRejected("The webhook signature does not verify.") from exc
        obj = _get(_get(event, "data", {}), "object", {}) or {}
        kind = str(_get(event, "type"))
        data: dict[str, Any] = {}
        if kind == "charge.dispute.created":
            kind = "charge.disputed"
        elif kind == "charge.dispute.closed":
            # status: won, lost, or warning_closed (an inquiry that never became a chargeback)
            kind = "charge.dispute_closed"
            data = {"status": str(_get(obj, "status", "")), "amount": _get(obj, "amount")}
        charge_ref = str(_get(obj, "payment_intent", "") or _get(obj, "id", ""))
        return WebhookEvent(id=str(_get(event, "id")), kind=kind, charge_ref=charge_ref, data=data)

    def movements(self, start: datetime.datetime, end: datetime.datetime) -> list[Movement]:
        """Succeeded PaymentIntents, Refunds and Transfers created from `start` to `end` (each carries
        our idempotency key in `metadata.workfair_key`), and lost disputes by their creation."""
        window = {"created": {"gte": int(start.timestamp()), "lt": int(end.timestamp())}, "limit": 100}
        found: list[Movement] = []

        def listed(service: Any) -> Any:
            try:
                return service.list(params=window).auto_paging_iter()
            except stripe.StripeError as exc:
                raise ProcessorError(str(exc)) from exc

        def add(kind: str, obj: Any, key: str, amount: Any) -> None:
            at = datetime.datetime.fromtimestamp(int(_get(obj, "created", 0)), tz=datetime.UTC)
            currency = str(_get(obj, "currency", "")).upper()
            found.append(
                Movement(kind=kind, key=key, ref=str(_get(obj, "id")), amount=int(amount), currency=currency, at=at)
            )

        def key_of(obj: Any) -> str:
            return str(_get(_get(obj, "metadata", {}) or {}, "workfair_key", ""))

        for intent in listed(self.client.v1.payment_intents):
            if _get(intent, "status") == "succeeded":
                add("charge", intent, key_of(intent), _get(intent, "amount_received") or _get(intent, "amount"))
        for refund in listed(self.client.v1.refunds):
            if _get(refund, "status") in {"succeeded", "pending"}:
                add("refund", refund, key_of(refund), _get(refund, "amount"))
        for transfer in listed(self.client.v1.transfers):
            add(
                "payout",
                transfer,
                key_of(transfer),
                int(_get(transfer, "amount")) - int(_get(transfer, "amount_reversed", 0) or 0),
            )
        for dispute in listed(self.client.v1.disputes):
            if _get(dispute, "status") == "lost":
                add("chargeback", dispute, f"chargeback:{_get(dispute, 'payment_intent')}", _get(dispute, "amount"))
        return found
