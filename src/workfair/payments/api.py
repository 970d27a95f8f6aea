"""JSON API for payments (thin): cards, balances, history, payouts, fee quotes, processor webhooks.

Money-moving endpoints honour an `Idempotency-Key` header: a retried request with the same key
gets the first answer back and moves no money again."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from workfair.core.errors import InvalidInput
from workfair.core.money import MINOR_UNITS
from workfair.core.pagination import PageRequest
from workfair.payments import actions, queries
from workfair.payments.idempotency import idempotent_response
from workfair.payments.models import JournalLine, PaymentMethod, Payout
from workfair.payments.schemas import (
    BalancesOut,
    BankIn,
    BankOut,
    CardIn,
    HistoryPage,
    MethodOut,
    PayoutIn,
    PayoutOut,
    QuoteOut,
    VerifiedOut,
)

router = Router(tags=["payments"])


def method_out(method: PaymentMethod) -> dict[str, Any]:
    return {
        "id": method.pk,
        "brand": method.brand,
        "last4": method.last4,
        "exp_month": method.exp_month,
        "exp_year": method.exp_year,
        "status": method.status,
        "failure_message": method.failure_message,
        "verified_at": method.verified_at,
    }


def payout_out(payout: Payout) -> dict[str, Any]:
    return {
        "id": payout.pk,
        "amount": payout.amount,
        "currency": payout.currency,
        "status": payout.status,
        "hold_until": payout.hold_until,
        "created_at": payout.created_at,
    }


def line_out(line: JournalLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "entry_id": line.entry_id,
        "kind": line.entry.kind,
        "account": line.account.kind,
        "amount": line.amount,
        "currency": line.currency,
        "description": line.entry.description,
        "target_type": line.entry.target_type,
        "target_id": line.entry.target_id,
        "created_at": line.entry.created_at,
    }


@router.get("/methods", response=VerifiedOut)
def list_methods(request: HttpRequest) -> dict[str, Any]:
    """Your cards and whether you are "Payment verified"."""
    actor = request.auth  # type: ignore[attr-defined]
    return {
        "payment_verified": queries.payment_verified(actor.pk),
        "methods": [method_out(m) for m in queries.methods_of(actor)],
    }


@router.post("/methods", response={201: MethodOut, 402: dict})
def add_card(request: HttpRequest, payload: CardIn) -> Status[Any]:
    """Add a card; the processor verifies it. 201 with `status` verified or requires_action (then
    `POST /methods/{id}/confirm`); 402 when the card is declined."""
    actor = request.auth  # type: ignore[attr-defined]
    method = actions.do_add_card(
        actor=actor, card=payload.card_number, exp_month=payload.exp_month, exp_year=payload.exp_year, cvc=payload.cvc
    )
    if method.status == "failed":
        raise actions.PaymentFailed(method.failure_message or "Your card was declined.", code="card_declined")
    return Status(201, method_out(method))


@router.post("/methods/{method_id}/confirm", response=MethodOut)
def confirm_card(request: HttpRequest, method_id: int) -> dict[str, Any]:
    """Complete the 3-D Secure check of a card that asked for it."""
    actor = request.auth  # type: ignore[attr-defined]
    method = actions.do_confirm_card(actor=actor, method=queries.access_method_by_id(actor, method_id))
    return method_out(method)


@router.delete("/methods/{method_id}", response=MethodOut)
def remove_card(request: HttpRequest, method_id: int) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    return method_out(actions.do_remove_card(actor=actor, method=queries.access_method_by_id(actor, method_id)))


@router.get("/quote", response=QuoteOut)
def quote(request: HttpRequest, amount: int, currency: str = "USD") -> dict[str, Any]:
    """What each side sees before committing: for `amount` in escrow, the client pays and the
    freelancer receives."""
    if amount <= 0 or amount > actions.MAX_AMOUNT:
        raise InvalidInput("The amount must be a positive number of minor units.")
    if currency.upper() not in MINOR_UNITS:
        raise InvalidInput(f"Unknown currency {currency!r}.")
    pays, gets = actions.quote_funding(amount), actions.quote_release(amount)
    return {
        "amount": amount,
        "client_fee": pays["client_fee"],
        "client_pays": pays["total"],
        "freelancer_fee": gets["freelancer_fee"],
        "freelancer_receives": gets["net"],
        "currency": currency.upper(),
    }


@router.get("/balances", response=BalancesOut)
def balances(request: HttpRequest, currency: str = "USD") -> dict[str, Any]:
    b = queries.balances_of(request.auth, currency.upper())  # type: ignore[attr-defined]
    return {
        "currency": b.currency,
        "pending": b.pending,
        "available": b.available,
        "in_escrow": b.in_escrow,
        "frozen": b.frozen,
    }


@router.get("/history", response=HistoryPage)
def history(request: HttpRequest, kind: str = "", page: int = 1, size: int = 50) -> dict[str, Any]:
    """Your ledger lines, newest first; `kind` filters by entry kind (fund, release, payout, ...)."""
    lines = queries.history_of(request.auth, kind=kind)  # type: ignore[attr-defined]
    req = PageRequest.parse(page, size)
    rows = list(lines[req.offset : req.offset + req.size])
    return {"items": [line_out(line) for line in rows], "page": req.page, "size": req.size, "count": lines.count()}


@router.post("/bank-accounts", response={201: BankOut})
def add_bank_account(request: HttpRequest, payload: BankIn) -> Status[dict[str, Any]]:
    actor = request.auth  # type: ignore[attr-defined]
    method = actions.do_add_payout_method(
        actor=actor,
        routing_number=payload.routing_number,
        account_number=payload.account_number,
        currency=payload.currency,
    )
    return Status(
        201, {"id": method.pk, "bank_name": method.bank_name, "last4": method.last4, "currency": method.currency}
    )


@router.post("/payouts", response={201: PayoutOut})
def request_payout(request: HttpRequest, payload: PayoutIn) -> Status[Any]:
    """Withdraw available money to your bank account (Idempotency-Key honoured)."""
    actor = request.auth  # type: ignore[attr-defined]
    key = (request.headers.get("Idempotency-Key") or "").strip()[:120]

    def run() -> tuple[int, Any]:
        payout = actions.do_request_payout(
            actor=actor, amount=payload.amount, currency=payload.currency, idempotency_key=key
        )
        payout.refresh_from_db()
        return 201, payout_out(payout)

    return idempotent_response(request, "payments.payouts", run)


@router.get("/payouts", response=list[PayoutOut])
def list_payouts(request: HttpRequest) -> list[dict[str, Any]]:
    return [payout_out(p) for p in queries.payouts_of(request.auth)[:100]]  # type: ignore[attr-defined]


@router.post("/webhooks/{processor}", auth=None, response={200: dict})
def webhook(request: HttpRequest, processor: str) -> dict[str, Any]:
    """Processor events (signed). The same event twice is handled once."""
    signature = request.headers.get("Stripe-Signature") or request.headers.get("Workfair-Signature") or ""
    event = actions.do_handle_webhook(processor_name=processor, payload=request.body, signature=signature)
    return {"received": event.event_id, "kind": event.kind}
