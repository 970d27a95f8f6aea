"""The sandbox processor: a card processor's test mode with no network, the default.

Test cards (any future expiry, any 3-digit CVC):

| number | what happens |
|---|---|
| 4242 4242 4242 4242 | verifies; charges succeed |
| 4000 0000 0000 0002 | declined when added |
| 4000 0000 0000 3220 | needs the 3-D Secure check; verified once confirmed |
| 4000 0000 0000 0259 | verifies; each charge is disputed later (a `charge.disputed` webhook) |
| 4000 0000 0000 0341 | verifies; every charge is declined |

Other numbers that pass the Luhn check behave like 4242. What the card does is kept in its token
(the sandbox's stand-in for the processor's own records); the number itself is never kept.
Webhooks are signed with HMAC-SHA256 of the body under `SANDBOX_WEBHOOK_SECRET`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from stdnum import luhn

from workfair.payments.config import setting
from workfair.payments.processors.base import (
    BankResult,
    CardResult,
    ChargeResult,
    PayoutResult,
    WebhookEvent,
    WebhookRejected,
)

DECLINE = "4000000000000002"
THREE_D_SECURE = "4000000000003220"
DISPUTED_LATER = "4000000000000259"
CHARGE_FAILS = "4000000000000341"
BEHAVIOURS = {DECLINE: "decline", THREE_D_SECURE: "3ds", DISPUTED_LATER: "dispute", CHARGE_FAILS: "chargefail"}


def brand_of(number: str) -> str:
    if number.startswith("4"):
        return "Visa"
    if number[:2] in {"51", "52", "53", "54", "55"} or (number[:4].isdigit() and 2221 <= int(number[:4]) <= 2720):
        return "Mastercard"
    if number[:2] in {"34", "37"}:
        return "American Express"
    return "Card"


def behaviour_of(token: str) -> str:
    """The test behaviour stored in a sandbox token: pm_sbx_<behaviour>_<random>."""
    parts = token.split("_")
    return parts[2] if len(parts) >= 4 and parts[:2] == ["pm", "sbx"] else "ok"


def sign(payload: bytes) -> str:
    return hmac.new(str(setting("SANDBOX_WEBHOOK_SECRET")).encode(), payload, hashlib.sha256).hexdigest()


class SandboxProcessor:
    name = "sandbox"

    def add_card(
        self, *, customer_ref: str, card: str, exp_month: int, exp_year: int, cvc: str, idempotency_key: str
    ) -> CardResult:
        number = "".join(ch for ch in card if ch.isdigit())
        if not 12 <= len(number) <= 19 or not luhn.is_valid(number):
            return CardResult(status="failed", message="That card number is not valid.")
        if not (cvc.isdigit() and len(cvc) in (3, 4)):
            return CardResult(status="failed", message="The security code (CVC) is 3 or 4 digits.")
        behaviour = BEHAVIOURS.get(number, "ok")
        brand, last4 = brand_of(number), number[-4:]
        if behaviour == "decline":
            return CardResult(status="failed", brand=brand, last4=last4, message="Your card was declined.")
        token = f"pm_sbx_{behaviour}_{secrets.token_hex(8)}"
        if behaviour == "3ds":
            return CardResult(
                status="requires_action",
                token=token,
                brand=brand,
                last4=last4,
                action_ref=f"seti_sbx_{secrets.token_hex(8)}",
            )
        return CardResult(status="verified", token=token, brand=brand, last4=last4)

    def confirm_card(self, *, token: str, action_ref: str) -> CardResult:
        if not action_ref.startswith("seti_sbx_"):
            return CardResult(status="failed", message="The 3-D Secure check could not be completed.")
        return CardResult(status="verified", token=token)

    def charge(self, *, token: str, amount: int, currency: str, idempotency_key: str, description: str) -> ChargeResult:
        behaviour = behaviour_of(token)
        ref = "ch_sbx_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:20]
        if behaviour in {"chargefail", "decline"}:
            return ChargeResult(succeeded=False, ref=ref, message="Your card was declined.")
        return ChargeResult(succeeded=True, ref=ref)

    def dispute_expected(self, token: str) -> bool:
        """Whether a charge on this test card is disputed later (the sandbox then sends the webhook)."""
        return behaviour_of(token) == "dispute"

    def refund(self, *, charge_ref: str, amount: int, idempotency_key: str) -> str:
        return "re_sbx_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:20]

    def add_bank_account(
        self, *, customer_ref: str, routing_number: str, account_number: str, currency: str
    ) -> BankResult:
        token = f"ba_sbx_{secrets.token_hex(8)}"
        return BankResult(token=token, bank_name="Sandbox Bank", last4=account_number[-4:])

    def payout(self, *, destination: str, amount: int, currency: str, idempotency_key: str) -> PayoutResult:
        return PayoutResult(succeeded=True, ref="po_sbx_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:20])

    def dispute_event(self, charge_ref: str) -> tuple[bytes, str]:
        """The signed body of the `charge.disputed` webhook for a charge."""
        body = json.dumps(
            {"id": f"evt_sbx_dispute_{charge_ref}", "type": "charge.disputed", "data": {"charge": charge_ref}}
        ).encode()
        return body, sign(body)

    def parse_webhook(self, payload: bytes, signature: str) -> WebhookEvent:
        if not hmac.compare_digest(sign(payload), signature or ""):
            raise WebhookRejected("The webhook signature does not verify.")
        try:
            body = json.loads(payload)
            return WebhookEvent(
                id=str(body["id"]),
                kind=str(body["type"]),
                charge_ref=str(body.get("data", {}).get("charge", "")),
                data=body.get("data", {}),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise WebhookRejected("The webhook body is not a sandbox event.") from exc
