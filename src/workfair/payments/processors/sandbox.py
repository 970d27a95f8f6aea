"""The sandbox processor: a card processor's test mode with no network, the default.

Test cards (any future expiry, any 3-digit CVC):

| number | what happens |
|---|---|
| 4242 4242 4242 4242 | verifies; charges succeed |
| 4000 0000 0000 0002 | declined when added |
| 4000 0000 0000 3220 | needs the 3-D Secure check; verified once confirmed |
| 4000 0000 0000 0259 | verifies; each charge is disputed later (a `charge.disputed` webhook) |
| 4000 0000 0000 2685 | as 0259, and the card holder then wins: `charge.dispute_closed`, lost for us |
| 4000 0000 0000 1976 | as 0259, and we then win: `charge.dispute_closed`, won |
| 4000 0000 0000 0341 | verifies; every charge is declined |

Other numbers that pass the Luhn check behave like 4242. What the card does is kept in its token;
the number itself is never kept. Webhooks are signed with HMAC-SHA256 of the body under
`SANDBOX_WEBHOOK_SECRET`.

The sandbox keeps its own books as a real processor does (`ProcessorRecord`, or any `store` with
the same methods, such as `MemoryBooks` for tests): one row per charge, refund, payout and lost
chargeback, keyed by the idempotency key it was sent. A call repeated with the same key finds its
row and moves nothing again; `movements()` lists a period's rows for reconciliation.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any, Protocol

from stdnum import luhn

from workfair.payments.config import setting
from workfair.payments.processors.base import (
    BankResult,
    CardResult,
    ChargeResult,
    Movement,
    PayoutResult,
    WebhookEvent,
    WebhookRejected,
)

DECLINE = "4000000000000002"
THREE_D_SECURE = "4000000000003220"
DISPUTED_LATER = "4000000000000259"
CHARGE_FAILS = "4000000000000341"
DISPUTE_LOST = "4000000000002685"
DISPUTE_WON = "4000000000001976"
BEHAVIOURS = {
    DECLINE: "decline",
    THREE_D_SECURE: "3ds",
    DISPUTED_LATER: "dispute",
    CHARGE_FAILS: "chargefail",
    DISPUTE_LOST: "disputelost",
    DISPUTE_WON: "disputewon",
}
DISPUTES = {"dispute": None, "disputelost": False, "disputewon": True}  # behaviour -> we win (None: stays open)


@dataclass(frozen=True)
class Booked:
    """One row of the sandbox's books."""

    kind: str
    key: str
    ref: str
    amount: int
    currency: str
    succeeded: bool
    at: datetime.datetime
    charge_ref: str = ""


class Books(Protocol):
    def find(self, kind: str, key: str) -> Booked | None: ...

    def add(self, row: Booked) -> Booked: ...

    def by_ref(self, kind: str, ref: str) -> Booked | None: ...

    def for_charge(self, kind: str, charge_ref: str) -> list[Booked]: ...

    def between(self, start: datetime.datetime, end: datetime.datetime) -> list[Booked]: ...


class DatabaseBooks:
    """The sandbox's books in `ProcessorRecord` (the default)."""

    @staticmethod
    def _row(record: Any) -> Booked:
        return Booked(
            kind=record.kind,
            key=record.idempotency_key,
            ref=record.ref,
            amount=record.amount,
            currency=record.currency,
            succeeded=record.succeeded,
            at=record.created_at,
            charge_ref=record.charge_ref,
        )

    def _records(self) -> Any:
        from workfair.payments.processor_records import ProcessorRecord

        return ProcessorRecord.objects.filter(processor="sandbox")

    def find(self, kind: str, key: str) -> Booked | None:
        record = self._records().filter(kind=kind, idempotency_key=key).first()
        return self._row(record) if record else None

    def add(self, row: Booked) -> Booked:
        from django.db import IntegrityError, transaction

        from workfair.payments.processor_records import ProcessorRecord

        try:
            with transaction.atomic():
                ProcessorRecord.objects.create(
                    processor="sandbox",
                    kind=row.kind,
                    idempotency_key=row.key,
                    ref=row.ref,
                    charge_ref=row.charge_ref,
                    amount=row.amount,
                    currency=row.currency,
                    succeeded=row.succeeded,
                    created_at=row.at,
                )
        except IntegrityError:  # the same call at once: the first one's row stands
            found = self.find(row.kind, row.key)
            assert found is not None
            return found
        return row

    def by_ref(self, kind: str, ref: str) -> Booked | None:
        record = self._records().filter(kind=kind, ref=ref).first()
        return self._row(record) if record else None

    def for_charge(self, kind: str, charge_ref: str) -> list[Booked]:
        return [self._row(r) for r in self._records().filter(kind=kind, charge_ref=charge_ref).order_by("pk")]

    def between(self, start: datetime.datetime, end: datetime.datetime) -> list[Booked]:
        rows = self._records().filter(created_at__gte=start, created_at__lt=end).order_by("pk")
        return [self._row(r) for r in rows]


class MemoryBooks:
    """Books outside the database, as a real processor's are: a rollback on our side leaves them
    as they are (the failure-injection tests use it)."""

    def __init__(self) -> None:
        self.rows: list[Booked] = []

    def find(self, kind: str, key: str) -> Booked | None:
        return next((r for r in self.rows if (r.kind, r.key) == (kind, key)), None)

    def add(self, row: Booked) -> Booked:
        found = self.find(row.kind, row.key)
        if found is not None:
            return found
        self.rows.append(row)
        return row

    def by_ref(self, kind: str, ref: str) -> Booked | None:
        return next((r for r in self.rows if (r.kind, r.ref) == (kind, ref)), None)

    def for_charge(self, kind: str, charge_ref: str) -> list[Booked]:
        return [r for r in self.rows if r.kind == kind and r.charge_ref == charge_ref]

    def between(self, start: datetime.datetime, end: datetime.datetime) -> list[Booked]:
        return [r for r in self.rows if start <= r.at < end]


def _now() -> datetime.datetime:
    from workfair.core import clock

    return clock.now()


def _ref(prefix: str, key: str) -> str:
    return prefix + hashlib.sha256(key.encode()).hexdigest()[:20]


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

    def __init__(self, books: Books | None = None) -> None:
        self.books: Books = books if books is not None else DatabaseBooks()

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
        booked = self.books.find("charge", idempotency_key)
        if booked is None:
            ok = behaviour_of(token) not in {"chargefail", "decline"}
            booked = self.books.add(
                Booked("charge", idempotency_key, _ref("ch_sbx_", idempotency_key), amount, currency, ok, _now())
            )
        if not booked.succeeded:
            return ChargeResult(succeeded=False, ref=booked.ref, message="Your card was declined.")
        return ChargeResult(succeeded=True, ref=booked.ref)

    def dispute_expected(self, token: str) -> bool:
        """Whether a charge on this test card is disputed later (the sandbox then sends the webhook)."""
        return behaviour_of(token) in DISPUTES

    def dispute_outcome(self, token: str) -> bool | None:
        """For a disputed test card: whether we win the dispute (None: it stays open)."""
        return DISPUTES.get(behaviour_of(token))

    def refund(self, *, charge_ref: str, amount: int, idempotency_key: str) -> str:
        booked = self.books.find("refund", idempotency_key)
        if booked is None:
            charge = self.books.by_ref("charge", charge_ref)
            booked = self.books.add(
                Booked(
                    "refund",
                    idempotency_key,
                    _ref("re_sbx_", idempotency_key),
                    amount,
                    charge.currency if charge else "USD",
                    True,
                    _now(),
                    charge_ref=charge_ref,
                )
            )
        return booked.ref

    def add_bank_account(
        self, *, customer_ref: str, routing_number: str, account_number: str, currency: str
    ) -> BankResult:
        token = f"ba_sbx_{secrets.token_hex(8)}"
        return BankResult(token=token, bank_name="Sandbox Bank", last4=account_number[-4:])

    def payout(self, *, destination: str, amount: int, currency: str, idempotency_key: str) -> PayoutResult:
        booked = self.books.find("payout", idempotency_key)
        if booked is None:
            booked = self.books.add(
                Booked("payout", idempotency_key, _ref("po_sbx_", idempotency_key), amount, currency, True, _now())
            )
        return PayoutResult(succeeded=True, ref=booked.ref)

    def disputed_amount(self, charge_ref: str) -> int:
        """What a lost dispute takes back: the charge less what was refunded on it."""
        charge = self.books.by_ref("charge", charge_ref)
        if charge is None:
            return 0
        return charge.amount - sum(r.amount for r in self.books.for_charge("refund", charge_ref))

    def dispute_closed_event(self, charge_ref: str, *, won: bool) -> tuple[bytes, str]:
        """Close the dispute of a charge and the signed body of its `charge.dispute_closed` webhook.
        Lost: the processor takes the disputed amount back (a `chargeback` row in its books)."""
        amount = self.disputed_amount(charge_ref)
        if not won and amount > 0:
            charge = self.books.by_ref("charge", charge_ref)
            key = f"chargeback:{charge_ref}"
            if self.books.find("chargeback", key) is None and charge is not None:
                self.books.add(
                    Booked("chargeback", key, _ref("dp_sbx_", key), amount, charge.currency, True, _now(), charge_ref)
                )
        body = json.dumps(
            {
                "id": f"evt_sbx_dispute_closed_{charge_ref}",
                "type": "charge.dispute_closed",
                "data": {"charge": charge_ref, "status": "won" if won else "lost", "amount": amount},
            }
        ).encode()
        return body, sign(body)

    def movements(self, start: datetime.datetime, end: datetime.datetime) -> list[Movement]:
        return [
            Movement(kind=r.kind, key=r.key, ref=r.ref, amount=r.amount, currency=r.currency, at=r.at)
            for r in self.books.between(start, end)
            if r.succeeded
        ]

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
