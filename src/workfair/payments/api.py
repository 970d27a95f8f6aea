"""JSON API for payments (thin): cards, balances, history, payouts, fee quotes, processor webhooks.

Money-moving endpoints honour an `Idempotency-Key` header: a retried request with the same key
gets the first answer back and moves no money again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from workfair.core import clock
from workfair.core.errors import InvalidInput
from workfair.core.money import MINOR_UNITS
from workfair.core.pagination import PageRequest
from workfair.payments import actions, queries
from workfair.payments.idempotency import idempotent_response
from workfair.payments.models import HourlyWeek, JournalLine, PaymentMethod, Payout, TimeEntry
from workfair.payments.schemas import (
    BalancesOut,
    BankIn,
    BankOut,
    CardIn,
    DisputeIn,
    HistoryPage,
    HourlyWeekOut,
    MethodOut,
    PayoutIn,
    PayoutOut,
    QuoteOut,
    SettleIn,
    TimeEntryIn,
    TimeEntryOut,
    TimeEntryPatch,
    VerifiedOut,
)
from workfair.payments.states import HourlyWeekStatus

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


# --- hourly billing -----------------------------------------------------------------------------

HOURLY_CONTRACT = "contracts.contract"


def entry_out(entry: TimeEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "week_id": entry.week_id,
        "date": entry.date,
        "minutes": entry.minutes,
        "memo": entry.memo,
        "source": entry.source,
    }


def week_out(actor: Any, week: HourlyWeek, entries: list[TimeEntry] | None = None) -> dict[str, Any]:
    is_client = week.client_id == actor.pk
    is_freelancer = week.freelancer_id == actor.pk
    return {
        "id": week.pk,
        "contract_id": week.contract_id,
        "title": week.title,
        "week_start": week.week_start,
        "status": week.status,
        "status_label": week.get_status_display(),
        "logged_minutes": week.logged_minutes,
        "billed_minutes": week.billed_minutes,
        "limit_minutes": week.limit_minutes,
        "rate": week.rate,
        "amount": week.amount,
        "client_fee": week.client_fee,
        "freelancer_fee": week.freelancer_fee,
        "you_pay": week.client_total if is_client else 0,
        "you_receive": week.freelancer_net if is_freelancer else 0,
        "currency": week.currency,
        "editable": week.status == HourlyWeekStatus.OPEN and clock.now() < actions.week_locks_at(week.week_start),
        "review_ends_at": week.review_ends_at,
        "dispute_reason": week.dispute_reason,
        "charge_attempts": week.charge_attempts,
        "next_charge_at": week.next_charge_at,
        "charged_at": week.charged_at,
        "available_at": week.available_at,
        "entries": [entry_out(e) for e in entries or []],
    }


@router.get("/hourly/contracts/{contract_id}/time", response=HourlyWeekOut)
def contract_week(request: HttpRequest, contract_id: int, week: dt.date | None = None) -> dict[str, Any]:
    """One week of an hourly contract (default: this week): its time entries and totals; what
    you'll pay (client) or receive (freelancer) for it, so far or as invoiced."""
    actor = request.auth  # type: ignore[attr-defined]
    terms = queries.access_hourly_contract(actor, HOURLY_CONTRACT, contract_id)
    view = queries.hourly_week_view(terms, week or actions.current_week_start())
    is_client = terms.client_id == actor.pk
    quote = view.quote
    status = view.week.status if view.week else HourlyWeekStatus.OPEN
    return {
        "id": view.week.pk if view.week else None,
        "contract_id": contract_id,
        "title": terms.title,
        "week_start": view.week_start,
        "status": status,
        "status_label": HourlyWeekStatus(status).label,
        "logged_minutes": view.logged_minutes,
        "billed_minutes": quote["minutes"],
        "limit_minutes": view.limit_minutes,
        "rate": view.week.rate if view.week else terms.rate,
        "amount": quote["amount"],
        "client_fee": quote["client_fee"],
        "freelancer_fee": quote["freelancer_fee"],
        "you_pay": quote["client_total"] if is_client else 0,
        "you_receive": 0 if is_client else quote["freelancer_net"],
        "currency": terms.currency,
        "editable": view.editable,
        "review_ends_at": view.week.review_ends_at if view.week else None,
        "dispute_reason": view.week.dispute_reason if view.week else "",
        "charge_attempts": view.week.charge_attempts if view.week else 0,
        "next_charge_at": view.week.next_charge_at if view.week else None,
        "charged_at": view.week.charged_at if view.week else None,
        "available_at": view.week.available_at if view.week else None,
        "entries": [entry_out(e) for e in view.entries],
    }


@router.post("/hourly/contracts/{contract_id}/time", response={201: TimeEntryOut})
def log_time(request: HttpRequest, contract_id: int, payload: TimeEntryIn) -> Status[Any]:
    """The freelancer logs time (manual) on an active hourly contract, within the weekly limit."""
    actor = request.auth  # type: ignore[attr-defined]
    entry = actions.do_log_time(
        actor=actor,
        contract_type=HOURLY_CONTRACT,
        contract_id=contract_id,
        date=payload.date,
        minutes=payload.minutes,
        memo=payload.memo,
    )
    return Status(201, entry_out(entry))


@router.patch("/hourly/time/{entry_id}", response=TimeEntryOut)
def edit_time(request: HttpRequest, entry_id: int, payload: TimeEntryPatch) -> dict[str, Any]:
    """Change a time entry while its week is open."""
    actor = request.auth  # type: ignore[attr-defined]
    entry = actions.do_edit_time_entry(
        actor=actor,
        entry=queries.access_time_entry_by_id(actor, entry_id),
        date=payload.date,
        minutes=payload.minutes,
        memo=payload.memo,
    )
    return entry_out(entry)


@router.delete("/hourly/time/{entry_id}", response={204: None})
def delete_time(request: HttpRequest, entry_id: int) -> Status[None]:
    """Delete a time entry while its week is open."""
    actor = request.auth  # type: ignore[attr-defined]
    actions.do_delete_time_entry(actor=actor, entry=queries.access_time_entry_by_id(actor, entry_id))
    return Status(204, None)


@router.get("/hourly/invoices", response=list[HourlyWeekOut])
def hourly_invoices(request: HttpRequest) -> list[dict[str, Any]]:
    """The invoiced weeks of your hourly contracts, as client or freelancer, newest first."""
    actor = request.auth  # type: ignore[attr-defined]
    return [week_out(actor, w) for w in queries.hourly_weeks_of(actor)[:100]]


@router.get("/hourly/invoices/{week_id}", response=HourlyWeekOut)
def hourly_invoice(request: HttpRequest, week_id: int) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    week = queries.access_hourly_week_by_id(actor, week_id)
    return week_out(actor, week, list(week.entries.order_by("date", "pk")))


@router.post("/hourly/invoices/{week_id}/dispute", response=HourlyWeekOut)
def dispute_hours(request: HttpRequest, week_id: int, payload: DisputeIn) -> dict[str, Any]:
    """The client disputes the week's hours in the review window: the charge waits for staff."""
    actor = request.auth  # type: ignore[attr-defined]
    week = actions.do_dispute_hourly_week(
        actor=actor, week=queries.access_hourly_week_by_id(actor, week_id), reason=payload.reason
    )
    return week_out(actor, week)


@router.post("/hourly/invoices/{week_id}/pay", response={200: HourlyWeekOut})
def pay_week(request: HttpRequest, week_id: int) -> Status[Any]:
    """The client pays a week whose charge was declined, now, with the newest verified card
    (Idempotency-Key honoured). 402 when the card declines again."""
    actor = request.auth  # type: ignore[attr-defined]
    week = queries.access_hourly_week_by_id(actor, week_id)

    def run() -> tuple[int, Any]:
        paid = actions.do_charge_hourly_week(week.pk, actor=actor)
        if paid.status != HourlyWeekStatus.CHARGED:
            raise actions.PaymentFailed("Your card was declined; nothing was charged. Try another card.")
        return 200, week_out(actor, paid)

    return idempotent_response(request, "payments.hourly.pay", run)


@router.post("/hourly/invoices/{week_id}/settle", response=HourlyWeekOut)
def settle_dispute(request: HttpRequest, week_id: int, payload: SettleIn) -> dict[str, Any]:
    """Staff settle disputed hours: how many minutes are billed (0: none)."""
    actor = request.auth  # type: ignore[attr-defined]
    week = actions.do_settle_hourly_dispute(
        actor=actor,
        week=queries.access_hourly_week_by_id(actor, week_id),
        billed_minutes=payload.billed_minutes,
        note=payload.note,
    )
    return week_out(actor, week)
