"""Every write about money: cards, escrow, refunds, payouts, processor webhooks.

Each action runs in one transaction (or inside the caller's), moves money only through
`ledger.post` with an idempotency key derived from what it is about, writes its audit row, and
reports back to the owner of the target through `registry.notify_settlement`. Postings
(docs/subsystems/payments.md has the table):

    charge       processor clearing -total          client funding(client) +total
    fund         client funding(client) -total       escrow(target) +amount, platform fees +client fee
    release      escrow(target) -amount              freelancer pending +net, platform fees +freelancer fee
    mature       freelancer pending -net             freelancer available +net
    refund       escrow(target) -x, fees -fee share  refunds +(x + fee share)
    refund_paid  refunds -(x + fee share)            processor clearing +(x + fee share)
    payout       freelancer available -x             payouts +x
    payout_paid  payouts -x                          processor clearing +x
    freeze       escrow(target) -x                   reserves(target) +x
    unfreeze     reserves(target) -x                 escrow(target) +x              (dispute won)
    chargeback   reserves, fees, freelancer -...     processor clearing +disputed   (dispute lost)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from stdnum.us import rtn

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, RateLimited, WorkfairError
from workfair.core.money import MINOR_UNITS, format_money
from workfair.core.tasks import enqueue
from workfair.core.transitions import transition
from workfair.identity.interface import require_step_up_for
from workfair.notifications.actions import do_notify
from workfair.payments import ledger
from workfair.payments.config import client_fee, freelancer_fee, setting
from workfair.payments.ledger import Line
from workfair.payments.models import (
    Charge,
    EscrowHold,
    HourlyWeek,
    PaymentMethod,
    Payout,
    PayoutMethod,
    TimeEntry,
    WebhookEvent,
)
from workfair.payments.processors import get_processor
from workfair.payments.processors.base import ProcessorError, WebhookRejected
from workfair.payments.registry import HourlyTerms, hourly_terms, notify_settlement
from workfair.payments.states import (
    ESCROW_TRANSITIONS,
    HOURLY_WEEK_TRANSITIONS,
    METHOD_TRANSITIONS,
    PAYOUT_TRANSITIONS,
    AccountKind,
    ChargeStatus,
    EntryKind,
    EscrowStatus,
    HourlyWeekStatus,
    MethodStatus,
    PayoutStatus,
    TimeSource,
)
from workfair.trust.interface import Queue, do_record_signal, open_case, require_capability

K = AccountKind
MAX_AMOUNT = 100_000_000


class PaymentFailed(WorkfairError):
    """The processor declined: the attempt is recorded, nothing moved."""

    status_code = 402
    code = "payment_failed"


Target = tuple[str, int]


def _label(target: Target) -> str:
    return f"{target[0]}:{target[1]}"


def _user_id(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


def _is_staff(actor: Any) -> bool:
    return bool(getattr(actor, "is_staff", False))


def _check_amount(amount: Any, what: str = "The amount") -> int:
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise InvalidInput(f"{what} is a whole number of minor units (cents).")
    if amount <= 0:
        raise InvalidInput(f"{what} must be more than zero.")
    if amount > MAX_AMOUNT:
        raise InvalidInput(f"{what} is too large.")
    return amount


# --- cards --------------------------------------------------------------------------------------


def _failed_cards_today(user_id: int) -> int:
    since = clock.now() - dt.timedelta(days=1)
    return PaymentMethod.objects.filter(user_id=user_id, status=MethodStatus.FAILED, created_at__gte=since).count()


def do_add_card(*, actor: Any, card: str, exp_month: int, exp_year: int, cvc: str) -> PaymentMethod:
    """A client adds a card: the processor verifies it (an authorisation) and gives a token; only
    the token, brand and last four digits are kept. The result's status is `verified`,
    `requires_action` (the 3-D Secure step: `do_confirm_card`) or `failed` (declined: the attempt
    is kept and a trust signal recorded; after `MAX_FAILED_CARDS_PER_DAY` declines in a day more
    attempts are refused, 429: the card-testing defence)."""
    if not getattr(actor, "is_client", False):
        raise PermissionDenied("Only clients add payment cards.")
    card = "".join(ch for ch in str(card or "") if ch not in " -")
    if not card:
        raise InvalidInput("Enter a card number.")
    if not isinstance(exp_month, int) or not 1 <= exp_month <= 12:
        raise InvalidInput("The expiry month is 1 to 12.")
    if not isinstance(exp_year, int) or not 2000 <= exp_year <= 2100:
        raise InvalidInput("The expiry year has four digits.")
    today = clock.today()
    if (exp_year, exp_month) < (today.year, today.month):
        raise InvalidInput("This card has expired.")
    if _failed_cards_today(actor.pk) >= int(setting("MAX_FAILED_CARDS_PER_DAY")):
        raise RateLimited("Too many declined cards today. Try again tomorrow or contact support.")
    processor = get_processor()
    try:
        result = processor.add_card(
            customer_ref=f"user-{actor.pk}",
            card=card,
            exp_month=exp_month,
            exp_year=exp_year,
            cvc=str(cvc or ""),
            idempotency_key=f"card:{actor.pk}:{clock.now().timestamp()}",
        )
    except ProcessorError as exc:
        raise Conflict(
            "The payment processor did not answer; nothing was saved. Try again.", code="processor_unavailable"
        ) from exc
    now = clock.now()
    with transaction.atomic():
        method = PaymentMethod.objects.create(
            user=actor,
            processor=processor.name,
            token=result.token,
            brand=result.brand or "Card",
            last4=result.last4 or (card[-4:] if card[-4:].isdigit() else ""),
            exp_month=exp_month,
            exp_year=exp_year,
            status={"verified": MethodStatus.VERIFIED, "requires_action": MethodStatus.REQUIRES_ACTION}.get(
                result.status, MethodStatus.FAILED
            ),
            action_ref=result.action_ref,
            failure_message=result.message[:300],
            verified_at=now if result.status == "verified" else None,
            created_at=now,
            updated_at=now,
        )
        record_audit(
            actor=actor,
            action=f"payment_method.{method.status}",
            target=method,
            data={"brand": method.brand, "last4": method.last4},
        )
        if method.status == MethodStatus.VERIFIED:
            do_record_signal(
                actor=actor, kind="payment.verified", target_type="payments.paymentmethod", target_id=method.pk
            )
        elif method.status == MethodStatus.FAILED:
            do_record_signal(
                actor=actor,
                kind="payment.failed",
                target_type="payments.paymentmethod",
                target_id=method.pk,
                context={"stage": "verification"},
            )
    return method


@transaction.atomic
def do_confirm_card(*, actor: Any, method: PaymentMethod) -> PaymentMethod:
    """The client completes the 3-D Secure check of a card that asked for it."""
    if method.user_id != _user_id(actor):
        raise NotFound("Payment method not found.")
    if method.status != MethodStatus.REQUIRES_ACTION:
        raise Conflict(
            f"This card is {method.get_status_display().lower()}; there is nothing to confirm.", code="invalid_state"
        )
    try:
        result = get_processor(method.processor).confirm_card(token=method.token, action_ref=method.action_ref)
    except ProcessorError as exc:
        raise Conflict("The payment processor did not answer. Try again.", code="processor_unavailable") from exc
    if result.status == "verified":
        transition(
            method,
            MethodStatus.VERIFIED,
            table=METHOD_TRANSITIONS,
            actor=actor,
            extra_updates={"verified_at": clock.now()},
        )
        do_record_signal(
            actor=actor, kind="payment.verified", target_type="payments.paymentmethod", target_id=method.pk
        )
    else:
        transition(
            method,
            MethodStatus.FAILED,
            table=METHOD_TRANSITIONS,
            actor=actor,
            extra_updates={"failure_message": result.message[:300]},
        )
    return method


@transaction.atomic
def do_remove_card(*, actor: Any, method: PaymentMethod) -> PaymentMethod:
    if method.user_id != _user_id(actor):
        raise NotFound("Payment method not found.")
    transition(
        method,
        MethodStatus.REMOVED,
        table=METHOD_TRANSITIONS,
        actor=actor,
        error_message="This card is already removed.",
    )
    return method


def default_method(user_id: int) -> PaymentMethod | None:
    return (
        PaymentMethod.objects.filter(user_id=user_id, status=MethodStatus.VERIFIED)
        .order_by("-verified_at", "-id")
        .first()
    )


# --- escrow -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundResult:
    ok: bool
    hold: EscrowHold | None = None
    message: str = ""


def quote_funding(amount: int) -> dict[str, int]:
    """What the client pays to fund `amount` into escrow: {"amount", "client_fee", "total"}."""
    fee = client_fee(amount)
    return {"amount": amount, "client_fee": fee, "total": amount + fee}


def quote_release(amount: int) -> dict[str, int]:
    """What the freelancer receives when `amount` is released: {"amount", "freelancer_fee", "net"}."""
    fee = freelancer_fee(amount)
    return {"amount": amount, "freelancer_fee": fee, "net": amount - fee}


def do_fund_escrow(
    *,
    actor: Any,
    target: Target,
    group: Target,
    freelancer_id: int,
    amount: int,
    currency: str,
    description: str,
) -> FundResult:
    """Charge the client's verified card `amount` plus the client fee and hold `amount` in escrow
    for `target`. The caller holds the lock on the target row. Returns `FundResult(ok=False)` when
    the card is declined: the failed charge and its trust signal are kept, no money moved (the
    caller commits and then refuses with `PaymentFailed`). Refused: an existing hold (409), no
    verified card (403), an amount under the escrow minimum (400)."""
    _check_amount(amount)
    currency = currency.upper()
    if currency not in MINOR_UNITS:
        raise InvalidInput(f"Unknown currency {currency!r}.")
    if amount < int(setting("MIN_ESCROW")):
        raise InvalidInput(f"Escrow takes at least {format_money(int(setting('MIN_ESCROW')), currency)}.")
    with transaction.atomic():
        if EscrowHold.objects.filter(target_type=target[0], target_id=str(target[1])).exists():
            raise Conflict("This is already funded; nothing was charged again.", code="already_funded")
        method = default_method(actor.pk)
        if method is None:
            raise PermissionDenied("Add and verify a payment method first.", code="payment_method_required")
        quote = quote_funding(amount)
        attempt = Charge.objects.filter(target_type=target[0], target_id=str(target[1])).count() + 1
        key = f"charge:{_label(target)}:{attempt}"
        processor = get_processor(method.processor)
        try:
            result = processor.charge(
                token=method.token,
                amount=quote["total"],
                currency=currency,
                idempotency_key=key,
                description=description,
            )
        except ProcessorError as exc:
            raise Conflict(
                "The payment processor did not answer; nothing was charged. Try again.", code="processor_unavailable"
            ) from exc
        now = clock.now()
        charge = Charge.objects.create(
            user=actor,
            method=method,
            processor=processor.name,
            processor_ref=result.ref,
            idempotency_key=key,
            amount=quote["total"],
            currency=currency,
            status=ChargeStatus.SUCCEEDED if result.succeeded else ChargeStatus.FAILED,
            failure_message=result.message[:300],
            target_type=target[0],
            target_id=str(target[1]),
            created_at=now,
            updated_at=now,
        )
        record_audit(
            actor=actor,
            action=f"charge.{charge.status}",
            target=charge,
            data={"amount": charge.amount, "currency": currency, "target": _label(target)},
        )
        if not result.succeeded:
            do_record_signal(
                actor=actor,
                kind="payment.failed",
                target_type="payments.charge",
                target_id=charge.pk,
                context={"stage": "charge", "amount": charge.amount},
            )
            return FundResult(ok=False, message=result.message or "Your card was declined.")
        ledger.post(
            f"{key}:captured",
            EntryKind.CHARGE,
            [
                Line(ledger.platform(K.PROCESSOR_CLEARING, currency), -quote["total"]),
                Line(ledger.account(K.CLIENT_FUNDING, currency, owner_id=actor.pk), quote["total"]),
            ],
            description=f"Card {method} charged for {description}",
            target=target,
            actor_id=actor.pk,
        )
        escrow = ledger.account(K.ESCROW, currency, owner_id=actor.pk, target=target)
        fee_lines = (
            [Line(ledger.platform(K.PLATFORM_FEES, currency), quote["client_fee"])] if quote["client_fee"] else []
        )
        ledger.post(
            f"fund:{_label(target)}",
            EntryKind.FUND,
            [
                Line(ledger.account(K.CLIENT_FUNDING, currency, owner_id=actor.pk), -quote["total"]),
                Line(escrow, amount),
                *fee_lines,
            ],
            description=f"Escrow for {description}",
            target=target,
            actor_id=actor.pk,
        )
        hold = EscrowHold.objects.create(
            target_type=target[0],
            target_id=str(target[1]),
            group_type=group[0],
            group_id=str(group[1]),
            client=actor,
            freelancer_id=freelancer_id,
            charge=charge,
            currency=currency,
            amount=amount,
            client_fee=quote["client_fee"],
            created_at=now,
            updated_at=now,
        )
        record_audit(
            actor=actor, action="escrow.fund", target=hold, data={"amount": amount, "fee": quote["client_fee"]}
        )
        notify_settlement("funded", target[0], target[1])
        if getattr(processor, "dispute_expected", lambda token: False)(method.token):
            enqueue("payments.deliver_sandbox_dispute", charge.pk)
    return FundResult(ok=True, hold=hold)


def _locked_hold(target: Target) -> EscrowHold:
    hold = EscrowHold.objects.select_for_update().filter(target_type=target[0], target_id=str(target[1])).first()
    if hold is None:
        raise Conflict("Nothing is in escrow for this.", code="not_funded")
    return hold


def escrow_of(target: Target) -> EscrowHold | None:
    return EscrowHold.objects.filter(target_type=target[0], target_id=str(target[1])).first()


def do_release_escrow(*, actor: Any, target: Target) -> EscrowHold:
    """Release what is in escrow for `target` to the freelancer: pending now, available after
    `PENDING_DAYS`, less the freelancer service fee. Once: a second release is refused (409)."""
    with transaction.atomic():
        hold = _locked_hold(target)
        if hold.status != EscrowStatus.FUNDED:
            raise Conflict(
                f"This escrow is {hold.get_status_display().lower()}; it cannot be released.", code="invalid_state"
            )
        amount = hold.in_escrow
        quote = quote_release(amount)
        fee_lines = (
            [Line(ledger.platform(K.PLATFORM_FEES, hold.currency), quote["freelancer_fee"])]
            if quote["freelancer_fee"]
            else []
        )
        ledger.post(
            f"release:{_label(target)}",
            EntryKind.RELEASE,
            [
                Line(ledger.account(K.ESCROW, hold.currency, owner_id=hold.client_id, target=target), -amount),
                Line(ledger.account(K.FREELANCER_PENDING, hold.currency, owner_id=hold.freelancer_id), quote["net"]),
                *fee_lines,
            ],
            description="Released from escrow",
            target=target,
            actor_id=_user_id(actor),
        )
        now = clock.now()
        transition(
            hold,
            EscrowStatus.RELEASED,
            table=ESCROW_TRANSITIONS,
            actor=actor,
            extra_updates={
                "released": hold.released + amount,
                "freelancer_fee": quote["freelancer_fee"],
                "released_at": now,
                "auto_release_at": None,
                "available_at": now + dt.timedelta(days=int(setting("PENDING_DAYS"))),
            },
        )
    return hold


def do_schedule_auto_release(*, target: Target, submitted_at: dt.datetime) -> None:
    """The freelancer submitted work: release automatically `AUTO_RELEASE_DAYS` after `submitted_at`."""
    at = submitted_at + dt.timedelta(days=int(setting("AUTO_RELEASE_DAYS")))
    EscrowHold.objects.filter(target_type=target[0], target_id=str(target[1]), status=EscrowStatus.FUNDED).update(
        auto_release_at=at, updated_at=clock.now()
    )


def do_cancel_auto_release(*, target: Target) -> None:
    """The client asked for changes: no automatic release until the next submission."""
    EscrowHold.objects.filter(target_type=target[0], target_id=str(target[1])).update(
        auto_release_at=None, updated_at=clock.now()
    )


def do_refund_escrow(*, actor: Any, target: Target, amount: int | None = None, reason: str = "") -> EscrowHold:
    """Give back `amount` (default: all) of what is in escrow for `target` to the client's card,
    with the same share of the client fee. The freelancer (giving money back), staff, or the
    system (actor None: a contract ended with money in escrow) may refund; never the client alone.
    All of it refunded: the hold is `refunded` and the owner hears "refunded"."""
    with transaction.atomic():
        hold = _locked_hold(target)
        uid = _user_id(actor)
        if actor is not None and uid != hold.freelancer_id and not _is_staff(actor):
            raise PermissionDenied("Only the freelancer or staff can refund money in escrow.")
        if hold.status != EscrowStatus.FUNDED:
            raise Conflict(
                f"This escrow is {hold.get_status_display().lower()}; nothing can be refunded.", code="invalid_state"
            )
        remaining = hold.in_escrow
        amount = remaining if amount is None else _check_amount(amount)
        if amount > remaining:
            raise InvalidInput(f"Only {format_money(remaining, hold.currency)} is in escrow.")
        full = amount == remaining
        fee_refunded_before = (hold.client_fee * hold.refunded) // hold.amount
        fee_back = (
            (hold.client_fee - fee_refunded_before)
            if full
            else (hold.client_fee * (hold.refunded + amount)) // hold.amount - fee_refunded_before
        )
        key = f"refund:{_label(target)}:{hold.refunded}:{amount}"  # what was refunded before, and this amount
        total = amount + fee_back
        fee_lines = [Line(ledger.platform(K.PLATFORM_FEES, hold.currency), -fee_back)] if fee_back else []
        ledger.post(
            key,
            EntryKind.REFUND,
            [
                Line(ledger.account(K.ESCROW, hold.currency, owner_id=hold.client_id, target=target), -amount),
                *fee_lines,
                Line(ledger.platform(K.REFUNDS, hold.currency), total),
            ],
            description=f"Refund from escrow{': ' + reason if reason else ''}",
            target=target,
            actor_id=uid,
        )
        charge = Charge.objects.get(pk=hold.charge_id)
        try:
            get_processor(charge.processor).refund(charge_ref=charge.processor_ref, amount=total, idempotency_key=key)
        except ProcessorError as exc:
            raise Conflict(
                "The payment processor did not answer; nothing was refunded. Try again.", code="processor_unavailable"
            ) from exc
        ledger.post(
            f"{key}:paid",
            EntryKind.REFUND_PAID,
            [
                Line(ledger.platform(K.REFUNDS, hold.currency), -total),
                Line(ledger.platform(K.PROCESSOR_CLEARING, hold.currency), total),
            ],
            description="Refund paid to the card",
            target=target,
            actor_id=uid,
        )
        hold.refunded += amount
        hold.updated_at = clock.now()
        hold.save(update_fields=["refunded", "updated_at"])
        record_audit(
            actor=actor,
            action="escrow.refund",
            target=hold,
            data={"amount": amount, "fee_back": fee_back, "reason": reason[:200]},
        )
        _record_refund_signal(actor=actor, hold=hold, amount=amount, reason=reason)
        if full:
            transition(
                hold,
                EscrowStatus.REFUNDED,
                table=ESCROW_TRANSITIONS,
                actor=actor,
                reason=reason[:500],
                extra_updates={"auto_release_at": None, "refund_due_at": None},
            )
            notify_settlement("refunded", target[0], target[1])
        do_notify(
            hold.client,
            kind="escrow.refunded",
            title=f"Refund: {format_money(total, hold.currency)}",
            body="Money from escrow is on its way back to your card.",
            email=False,
        )
    return hold


def do_schedule_group_refunds(*, group: Target, at: dt.datetime | None = None) -> int:
    """A contract ended with money in escrow (docs/rules.md, "Fixed price"): the freelancer has
    `END_DISPUTE_DAYS` days to dispute, then what is still in escrow goes back to the client."""
    due = (at or clock.now()) + dt.timedelta(days=int(setting("END_DISPUTE_DAYS")))
    return EscrowHold.objects.filter(group_type=group[0], group_id=str(group[1]), status=EscrowStatus.FUNDED).update(
        refund_due_at=due, updated_at=clock.now()
    )


def do_refund_due_holds() -> int:
    """Timer: refund every hold whose `refund_due_at` has passed (idempotent)."""
    done = 0
    ids = EscrowHold.objects.filter(status=EscrowStatus.FUNDED, refund_due_at__lte=clock.now()).values_list(
        "target_type", "target_id"
    )
    for target_type, target_id in list(ids):
        try:
            do_refund_escrow(actor=None, target=(target_type, int(target_id)), reason="contract ended")
            done += 1
        except WorkfairError:
            continue
    return done


def do_auto_release_due() -> int:
    """Timer: ask the owner to approve every submitted target past its review window; the owner
    approves (and so releases) it, or refuses if it changed meanwhile (idempotent)."""
    done = 0
    due = EscrowHold.objects.filter(status=EscrowStatus.FUNDED, auto_release_at__lte=clock.now()).values_list(
        "target_type", "target_id"
    )
    for target_type, target_id in list(due):
        try:
            with transaction.atomic():
                notify_settlement("auto_release_due", target_type, target_id)
            done += 1
        except WorkfairError:
            continue
    return done


def do_mature_pending() -> int:
    """Timer: released money whose pending period has passed becomes available (idempotent)."""
    done = 0
    ids = EscrowHold.objects.filter(matured=False, available_at__lte=clock.now()).values_list("pk", flat=True)
    for hold_id in list(ids):
        with transaction.atomic():
            hold = EscrowHold.objects.select_for_update().get(pk=hold_id)
            if hold.matured:
                continue
            net = hold.released - hold.freelancer_fee
            if net > 0:
                ledger.post(
                    f"mature:{hold.pk}",
                    EntryKind.MATURE,
                    [
                        Line(ledger.account(K.FREELANCER_PENDING, hold.currency, owner_id=hold.freelancer_id), -net),
                        Line(ledger.account(K.FREELANCER_AVAILABLE, hold.currency, owner_id=hold.freelancer_id), net),
                    ],
                    description="Pending period over: available to withdraw",
                    target=(hold.target_type, hold.target_id),
                )
            hold.matured = True
            hold.save(update_fields=["matured"])
            done += 1
    return done


# --- payouts ------------------------------------------------------------------------------------


@transaction.atomic
def do_add_payout_method(*, actor: Any, routing_number: str, account_number: str, currency: str = "") -> PayoutMethod:
    """A freelancer adds a bank account (sandbox: any valid US routing number and 4 to 17 digits).
    Only its token and last four digits are kept."""
    if not getattr(actor, "is_freelancer", False):
        raise PermissionDenied("Only freelancers add payout accounts.")
    _check_payout_method_change(actor)
    routing_number = (routing_number or "").strip()
    account_number = (account_number or "").replace(" ", "")
    processor = get_processor()
    if processor.name == "sandbox":
        if not rtn.is_valid(routing_number):
            raise InvalidInput("That routing number is not valid (9 digits, e.g. 110000000).")
        if not (account_number.isdigit() and 4 <= len(account_number) <= 17):
            raise InvalidInput("The account number is 4 to 17 digits.")
    currency = (currency or "USD").upper()
    if currency not in MINOR_UNITS:
        raise InvalidInput(f"Unknown currency {currency!r}.")
    try:
        result = processor.add_bank_account(
            customer_ref=f"user-{actor.pk}",
            routing_number=routing_number,
            account_number=account_number,
            currency=currency,
        )
    except ProcessorError as exc:
        raise InvalidInput(str(exc)) from exc
    replaced = list(PayoutMethod.objects.filter(user=actor, active=True).values_list("pk", flat=True))
    PayoutMethod.objects.filter(user=actor, active=True).update(active=False)
    method = PayoutMethod.objects.create(
        user=actor,
        processor=processor.name,
        token=result.token,
        bank_name=result.bank_name,
        last4=result.last4,
        currency=currency,
        created_at=clock.now(),
    )
    record_audit(actor=actor, action="payout_method.add", target=method, data={"last4": method.last4})
    if replaced:
        _record_payout_method_change(actor, method, replaced)
    return method


def do_request_payout(*, actor: Any, amount: int, currency: str = "USD", idempotency_key: str = "") -> Payout:
    """The freelancer withdraws `amount` of their available money to their payout account.
    Refused: below `MIN_PAYOUT` (400), more than is available (409), no payout account (409), an
    account that may not withdraw (403, the trust engine's "withdraw" capability). The same
    `idempotency_key` twice pays out once. A first payout is held `FIRST_PAYOUT_HOLD_DAYS` days."""
    _check_amount(amount)
    currency = (currency or "USD").upper()
    if currency not in MINOR_UNITS:
        raise InvalidInput(f"Unknown currency {currency!r}.")
    minimum = int(setting("MIN_PAYOUT"))
    if amount < minimum:
        raise InvalidInput(f"The smallest withdrawal is {format_money(minimum, currency)}.")
    key = f"payout:{actor.pk}:{idempotency_key}" if idempotency_key else ""
    if key:
        existing = Payout.objects.filter(idempotency_key=key, user=actor).first()
        if existing is not None:
            return existing
    require_capability(actor, "withdraw")
    _refuse_while_owing(actor.pk, currency)
    method = PayoutMethod.objects.filter(user=actor, active=True).order_by("-id").first()
    if method is None:
        raise Conflict("Add a bank account to withdraw to first.", code="payout_method_required")
    now = clock.now()
    try:
        with transaction.atomic():
            first = not Payout.objects.filter(user=actor).exists()
            hold_days = int(setting("FIRST_PAYOUT_HOLD_DAYS"))
            held = first and hold_days > 0
            payout = Payout.objects.create(
                user=actor,
                method=method,
                amount=amount,
                currency=currency,
                status=PayoutStatus.HELD if held else PayoutStatus.PROCESSING,
                idempotency_key=key or f"payout:{actor.pk}:auto:{now.timestamp()}:{amount}",
                hold_until=now + dt.timedelta(days=hold_days) if held else None,
                created_at=now,
                updated_at=now,
            )
            ledger.post(
                f"payout:{payout.pk}",
                EntryKind.PAYOUT,
                [
                    Line(ledger.account(K.FREELANCER_AVAILABLE, currency, owner_id=actor.pk), -amount),
                    Line(ledger.platform(K.PAYOUTS, currency), amount),
                ],
                description=f"Withdrawal to {method}",
                target=("payments.payout", payout.pk),
                actor_id=actor.pk,
            )
            record_audit(actor=actor, action="payout.request", target=payout, data={"amount": amount, "held": held})
            if first:
                do_record_signal(
                    actor=actor,
                    kind="payment.first_payout",
                    target_type="payments.payout",
                    target_id=payout.pk,
                    context={"amount": amount},
                )
            if not held:
                enqueue("payments.send_payout", payout.pk)
    except IntegrityError:
        existing = Payout.objects.filter(idempotency_key=key, user=actor).first()
        if existing is None:
            raise
        return existing
    return payout


def do_send_payout(payout_id: int) -> Payout:
    """Send a payout to the processor (idempotent: a paid or returned payout is left alone; a held
    one waits for its `hold_until`)."""
    with transaction.atomic():
        payout = Payout.objects.select_for_update().select_related("method").get(pk=payout_id)
        if payout.status == PayoutStatus.HELD:
            if payout.hold_until and payout.hold_until > clock.now():
                return payout
            transition(payout, PayoutStatus.PROCESSING, table=PAYOUT_TRANSITIONS, actor=None, reason="hold over")
        if payout.status != PayoutStatus.PROCESSING:
            return payout
        result = get_processor(payout.method.processor).payout(
            destination=payout.method.token,
            amount=payout.amount,
            currency=payout.currency,
            idempotency_key=f"payout:{payout.pk}",
        )
        if result.succeeded:
            ledger.post(
                f"payout:{payout.pk}:paid",
                EntryKind.PAYOUT_PAID,
                [
                    Line(ledger.platform(K.PAYOUTS, payout.currency), -payout.amount),
                    Line(ledger.platform(K.PROCESSOR_CLEARING, payout.currency), payout.amount),
                ],
                description="Withdrawal paid",
                target=("payments.payout", payout.pk),
            )
            transition(
                payout,
                PayoutStatus.PAID,
                table=PAYOUT_TRANSITIONS,
                actor=None,
                extra_updates={"processor_ref": result.ref},
            )
        else:
            ledger.post(
                f"payout:{payout.pk}:returned",
                EntryKind.PAYOUT_FAILED,
                [
                    Line(ledger.platform(K.PAYOUTS, payout.currency), -payout.amount),
                    Line(
                        ledger.account(K.FREELANCER_AVAILABLE, payout.currency, owner_id=payout.user_id), payout.amount
                    ),
                ],
                description="Withdrawal returned",
                target=("payments.payout", payout.pk),
            )
            transition(payout, PayoutStatus.FAILED, table=PAYOUT_TRANSITIONS, actor=None, reason=result.message[:500])
    return payout


def do_send_held_payouts() -> int:
    """Timer: send every held payout whose hold is over."""
    ids = list(
        Payout.objects.filter(status=PayoutStatus.HELD, hold_until__lte=clock.now()).values_list("pk", flat=True)
    )
    for payout_id in ids:
        try:
            do_send_payout(payout_id)
        except ProcessorError:  # not answered: the next run sends it again, with the same key
            continue
    return len(ids)


# --- processor webhooks -------------------------------------------------------------------------


def do_handle_webhook(*, processor_name: str, payload: bytes, signature: str) -> WebhookEvent:
    """Verify and handle one processor event, once: the same event delivered again is a no-op.
    `charge.disputed` (a chargeback) freezes what is in escrow from that charge (escrow ->
    reserves), records a `payment.chargeback` trust signal on the client and opens a case."""
    try:
        processor = get_processor(processor_name)
    except ValueError as exc:
        raise NotFound("Unknown payment processor.") from exc
    try:
        event = processor.parse_webhook(payload, signature)
    except WebhookRejected as exc:
        raise InvalidInput(str(exc), code="bad_signature") from exc
    with transaction.atomic():
        try:
            with transaction.atomic():
                stored = WebhookEvent.objects.create(
                    processor=processor.name,
                    event_id=event.id,
                    kind=event.kind,
                    payload=json.loads(payload),
                    created_at=clock.now(),
                )
        except IntegrityError:
            return WebhookEvent.objects.get(processor=processor.name, event_id=event.id)
        if event.kind == "charge.disputed":
            _handle_dispute(processor.name, event.charge_ref)
        elif event.kind == "charge.dispute_closed":
            _handle_dispute_closed(processor.name, event.charge_ref, event.data)
        stored.handled_at = clock.now()
        stored.save(update_fields=["handled_at"])
    return stored


def _handle_dispute(processor_name: str, charge_ref: str) -> None:
    charge = _disputed_charge(processor_name, charge_ref)
    if charge.status != ChargeStatus.SUCCEEDED:  # already disputed (or its dispute closed)
        return
    charge.status = ChargeStatus.DISPUTED
    charge.updated_at = clock.now()
    charge.save(update_fields=["status", "updated_at"])
    frozen = 0
    for hold in EscrowHold.objects.select_for_update().filter(charge=charge, status=EscrowStatus.FUNDED):
        target = (hold.target_type, int(hold.target_id))
        amount = hold.in_escrow
        if amount > 0:
            ledger.post(
                f"freeze:{_label(target)}",
                EntryKind.FREEZE,
                [
                    Line(ledger.account(K.ESCROW, hold.currency, owner_id=hold.client_id, target=target), -amount),
                    Line(ledger.account(K.RESERVES, hold.currency, owner_id=hold.client_id, target=target), amount),
                ],
                description="Frozen: the card holder disputed the charge",
                target=target,
            )
            frozen += amount
        transition(
            hold,
            EscrowStatus.FROZEN,
            table=ESCROW_TRANSITIONS,
            actor=None,
            reason="chargeback",
            extra_updates={"auto_release_at": None, "refund_due_at": None},
        )
        notify_settlement("frozen", hold.target_type, hold.target_id)
    record_audit(actor=None, action="charge.disputed", target=charge, data={"frozen": frozen})
    client = charge.user
    do_record_signal(
        actor=None,
        subject=client,
        kind="payment.chargeback",
        target_type="payments.charge",
        target_id=charge.pk,
        context={"amount": charge.amount, "frozen": frozen},
    )
    open_case(
        queue=Queue.ACCOUNT_HEALTH,
        title=f"Chargeback on charge {charge.pk} ({format_money(charge.amount, charge.currency)})",
        subject_id=client.pk,
        target_type="payments.charge",
        target_id=charge.pk,
        risk=70,
    )


# --- hourly billing -----------------------------------------------------------------------------
# docs/rules.md "Work week" and docs/subsystems/payments.md "Hourly". The freelancer logs time on
# an hourly contract's open week; the week closes Sunday 24:00 (platform time zone), stays editable
# `HOURLY_EDIT_HOURS`, and is invoiced (hours within the weekly limit x rate, the client and
# freelancer fees as for fixed price); the client may dispute it until `HOURLY_REVIEW_DAYS` after
# the close; then the card is charged and the freelancer's share is pending until
# `HOURLY_AVAILABLE_DAYS` after the close. Lock order: the week row, then its entries, then
# (through `ledger.post`) accounts. Postings:
#
#     charge   processor clearing -(x+f)         client funding(client) +(x+f)
#     hourly   client funding(client) -(x+f)     freelancer pending +(x-g), platform fees +(f+g)
#     mature   freelancer pending -(x-g)         freelancer available +(x-g)

HOURLY_WEEK = "payments.hourlyweek"
MAX_MEMO = 500
HELD_WEEK_STATUSES = (HourlyWeekStatus.DISPUTED, HourlyWeekStatus.RETRYING, HourlyWeekStatus.UNPAID)


def platform_zone() -> ZoneInfo:
    return ZoneInfo(django_settings.TIME_ZONE or "UTC")


def week_start_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s work week."""
    return day - dt.timedelta(days=day.weekday())


def current_week_start() -> dt.date:
    return week_start_of(clock.now().astimezone(platform_zone()).date())


def week_closes_at(week_start: dt.date) -> dt.datetime:
    """Sunday 24:00 (the next Monday 00:00) of the week, in the platform's time zone."""
    return dt.datetime.combine(week_start + dt.timedelta(days=7), dt.time(0), tzinfo=platform_zone())


def week_locks_at(week_start: dt.date) -> dt.datetime:
    """Until when the freelancer may change the week's time; then it is invoiced."""
    return week_closes_at(week_start) + dt.timedelta(hours=int(setting("HOURLY_EDIT_HOURS")))


def hourly_amount(minutes: int, rate: int) -> int:
    """`minutes` at `rate` minor units an hour, rounded half up to a minor unit."""
    return (minutes * rate + 30) // 60


def quote_hourly(minutes: int, rate: int) -> dict[str, int]:
    """What a week of `minutes` at `rate` costs the client and pays the freelancer."""
    amount = hourly_amount(minutes, rate)
    cfee, ffee = client_fee(amount), freelancer_fee(amount)
    return {
        "minutes": minutes,
        "amount": amount,
        "client_fee": cfee,
        "client_total": amount + cfee,
        "freelancer_fee": ffee,
        "freelancer_net": amount - ffee,
    }


def format_minutes(minutes: int) -> str:
    return f"{minutes // 60}h {minutes % 60:02d}m"


def hourly_terms_for(actor: Any, contract_type: str, contract_id: int) -> HourlyTerms:
    """The hourly terms of a contract the actor is a party to (NotFound otherwise)."""
    terms = hourly_terms(contract_type, contract_id)
    uid = _user_id(actor)
    if terms is None or uid not in (terms.client_id, terms.freelancer_id):
        raise NotFound("Hourly contract not found.")
    return terms


def _check_entry_input(terms: HourlyTerms, day: Any, minutes: Any, memo: Any) -> tuple[dt.date, int, str]:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise InvalidInput("Give the day the work was done (YYYY-MM-DD).")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 24 * 60:
        raise InvalidInput("Time is 1 minute to 24 hours, in whole minutes.")
    memo = str(memo or "").strip()
    if not memo:
        raise InvalidInput("Say in a memo what you worked on.")
    if len(memo) > MAX_MEMO:
        raise InvalidInput(f"The memo can have at most {MAX_MEMO} characters.")
    today = clock.now().astimezone(platform_zone()).date()
    if day > today:
        raise InvalidInput("Time can't be logged for a day that hasn't come yet.")
    if terms.started_on and day < terms.started_on:
        raise InvalidInput(f"The contract started on {terms.started_on:%d %b %Y}; log time from then on.")
    if clock.now() >= week_locks_at(week_start_of(day)):
        raise Conflict(
            f"The week of {week_start_of(day):%d %b %Y} is closed; its time can no longer change.",
            code="week_closed",
        )
    return day, minutes, memo


def _lock_week(terms: HourlyTerms, week_start: dt.date) -> HourlyWeek:
    """The week row of the contract, created on first use, locked (the lock every write to the
    week's time and the invoicing take first)."""
    lookup = {"contract_type": terms.contract_type, "contract_id": terms.contract_id, "week_start": week_start}
    if not HourlyWeek.objects.filter(**lookup).exists():
        now = clock.now()
        try:
            with transaction.atomic():
                HourlyWeek.objects.create(
                    **lookup,
                    client_id=terms.client_id,
                    freelancer_id=terms.freelancer_id,
                    title=terms.title[:120],
                    currency=terms.currency,
                    rate=terms.rate,
                    limit_minutes=terms.weekly_limit_hours * 60,
                    created_at=now,
                    updated_at=now,
                )
        except IntegrityError:  # created meanwhile by a concurrent entry
            pass
    return HourlyWeek.objects.select_for_update().get(**lookup)


def _check_week_writable(week: HourlyWeek) -> None:
    if week.status != HourlyWeekStatus.OPEN or clock.now() >= week_locks_at(week.week_start):
        raise Conflict(
            f"The week of {week.week_start:%d %b %Y} is invoiced; its time can no longer change.",
            code="week_closed",
        )


def _check_limits(week: HourlyWeek, day: dt.date, minutes: int, *, excluding: int | None = None) -> None:
    entries = TimeEntry.objects.filter(week=week)
    if excluding is not None:
        entries = entries.exclude(pk=excluding)
    week_total = sum(entries.values_list("minutes", flat=True))
    if week_total + minutes > week.limit_minutes:
        left = max(week.limit_minutes - week_total, 0)
        raise InvalidInput(
            f"This would make {format_minutes(week_total + minutes)} this week; the contract's weekly limit is "
            f"{week.limit_minutes // 60} hours. You can log {format_minutes(left)} more.",
            code="weekly_limit",
        )
    day_total = sum(entries.filter(date=day).values_list("minutes", flat=True))
    if day_total + minutes > 24 * 60:
        raise InvalidInput("A day has 24 hours: this would log more than that on one day.")


def _refresh_terms(week: HourlyWeek, terms: HourlyTerms) -> None:
    """Keep the open week's copy of the terms current (the invoice uses it)."""
    week.rate = terms.rate
    week.limit_minutes = terms.weekly_limit_hours * 60
    week.currency = terms.currency
    week.title = terms.title[:120]


def _save_week_total(week: HourlyWeek) -> None:
    week.logged_minutes = sum(TimeEntry.objects.filter(week=week).values_list("minutes", flat=True))
    week.updated_at = clock.now()
    week.save(update_fields=["logged_minutes", "rate", "limit_minutes", "currency", "title", "updated_at"])


def do_log_time(
    *,
    actor: Any,
    contract_type: str,
    contract_id: int,
    date: Any,
    minutes: Any,
    memo: Any,
    source: str = TimeSource.MANUAL,
) -> TimeEntry:
    """The freelancer logs `minutes` worked on `date` on an active hourly contract. Refused: not
    the contract's freelancer (403), a paused or ended contract (409), manual time the client does
    not allow (403), a closed week (409), more than the weekly limit (400, with how much is left),
    a week of the contract held by disputed hours or an unpaid charge (409)."""
    terms = hourly_terms_for(actor, contract_type, contract_id)
    if actor.pk != terms.freelancer_id:
        raise PermissionDenied("Only the freelancer logs time on this contract.")
    if source not in TimeSource.values:
        raise InvalidInput(f"Unknown time source {source!r}.")
    if not terms.active:
        raise Conflict("The contract is not active; time can be logged again when it is.", code="contract_inactive")
    if source == TimeSource.MANUAL and not terms.manual_time_allowed:
        raise PermissionDenied("The client does not allow manual time on this contract.", code="manual_time_off")
    day, minutes, memo = _check_entry_input(terms, date, minutes, memo)
    held = (
        HourlyWeek.objects.filter(contract_type=contract_type, contract_id=contract_id, status__in=HELD_WEEK_STATUSES)
        .order_by("week_start")
        .first()
    )
    if held is not None:
        raise Conflict(
            f"The week of {held.week_start:%d %b %Y} is {held.get_status_display().lower()}; new time waits "
            "until it is settled.",
            code="contract_on_hold",
        )
    with transaction.atomic():
        week = _lock_week(terms, week_start_of(day))
        _check_week_writable(week)
        _refresh_terms(week, terms)
        _check_limits(week, day, minutes)
        now = clock.now()
        entry = TimeEntry.objects.create(
            week=week,
            freelancer_id=terms.freelancer_id,
            date=day,
            minutes=minutes,
            memo=memo,
            source=source,
            created_at=now,
            updated_at=now,
        )
        _save_week_total(week)
        record_audit(actor=actor, action="time.log", target=entry, data={"minutes": minutes, "date": day.isoformat()})
    return entry


def do_edit_time_entry(
    *, actor: Any, entry: TimeEntry, date: Any = None, minutes: Any = None, memo: Any = None
) -> TimeEntry:
    """The freelancer changes an entry of an open week (the day stays in the same week)."""
    if entry.freelancer_id != _user_id(actor):
        raise PermissionDenied("Only the freelancer who logged this time can change it.")
    with transaction.atomic():
        week = HourlyWeek.objects.select_for_update().get(pk=entry.week_id)
        _check_week_writable(week)
        entry = TimeEntry.objects.select_for_update().get(pk=entry.pk)
        terms = hourly_terms(week.contract_type, week.contract_id)
        if terms is None:
            raise NotFound("Hourly contract not found.")
        day, minutes, memo = _check_entry_input(
            terms,
            entry.date if date is None else date,
            entry.minutes if minutes is None else minutes,
            entry.memo if memo is None else memo,
        )
        if week_start_of(day) != week.week_start:
            raise InvalidInput("Move time to another week by deleting it here and logging it there.")
        _check_limits(week, day, minutes, excluding=entry.pk)
        before = {"minutes": entry.minutes, "date": entry.date.isoformat()}
        entry.date, entry.minutes, entry.memo, entry.updated_at = day, minutes, memo, clock.now()
        entry.save(update_fields=["date", "minutes", "memo", "updated_at"])
        _save_week_total(week)
        record_audit(
            actor=actor,
            action="time.edit",
            target=entry,
            data={"before": before, "after": {"minutes": minutes, "date": day.isoformat()}},
        )
    return entry


def do_delete_time_entry(*, actor: Any, entry: TimeEntry) -> None:
    """The freelancer deletes an entry of an open week."""
    if entry.freelancer_id != _user_id(actor):
        raise PermissionDenied("Only the freelancer who logged this time can delete it.")
    with transaction.atomic():
        week = HourlyWeek.objects.select_for_update().get(pk=entry.week_id)
        _check_week_writable(week)
        deleted, _ = TimeEntry.objects.filter(pk=entry.pk).delete()
        if not deleted:
            raise NotFound("Time entry not found.")
        _save_week_total(week)
        record_audit(
            actor=actor,
            action="time.delete",
            target=week,
            data={"entry": entry.pk, "minutes": entry.minutes, "date": entry.date.isoformat()},
        )


def _invoice_week(week_id: int) -> bool:
    """Close one week into its invoice; False when it was not open or not due (idempotent)."""
    with transaction.atomic():
        week = HourlyWeek.objects.select_for_update().get(pk=week_id)
        if week.status != HourlyWeekStatus.OPEN or clock.now() < week_locks_at(week.week_start):
            return False
        logged = sum(TimeEntry.objects.filter(week=week).values_list("minutes", flat=True))
        billed = min(logged, week.limit_minutes)
        quote = quote_hourly(billed, week.rate)
        closes = week_closes_at(week.week_start)
        now = clock.now()
        updates = {
            "logged_minutes": logged,
            "billed_minutes": billed,
            "amount": quote["amount"],
            "client_fee": quote["client_fee"],
            "freelancer_fee": quote["freelancer_fee"],
            "invoiced_at": now,
        }
        if quote["amount"] <= 0:
            transition(week, HourlyWeekStatus.VOID, table=HOURLY_WEEK_TRANSITIONS, actor=None, extra_updates=updates)
            return True
        review_ends = max(closes + dt.timedelta(days=int(setting("HOURLY_REVIEW_DAYS"))), now)
        transition(
            week,
            HourlyWeekStatus.REVIEW,
            table=HOURLY_WEEK_TRANSITIONS,
            actor=None,
            reason="week closed",
            extra_updates={**updates, "review_ends_at": review_ends},
        )
        hours = format_minutes(billed)
        do_notify(
            week.client,
            kind="hourly.invoiced",
            title=f"{week.title}: week of {week.week_start:%d %b} invoiced, you'll pay "
            f"{format_money(week.client_total, week.currency)}",
            body=f"{hours} at {format_money(week.rate, week.currency)}/hr plus the marketplace fee. You can review "
            f"and dispute the hours until {review_ends:%d %b %H:%M} UTC; then your card is charged.",
        )
        do_notify(
            week.freelancer,
            kind="hourly.invoiced",
            title=f"{week.title}: week of {week.week_start:%d %b} invoiced, you'll receive "
            f"{format_money(week.freelancer_net, week.currency)}",
            body=f"{hours} billed. The client is charged on {review_ends:%d %b} unless they dispute the hours.",
            email=False,
        )
    return True


def do_invoice_closed_weeks() -> int:
    """Timer: invoice every open week whose editing time is over (idempotent; two runs at once
    invoice each week once: both lock the week row and the second finds it no longer open)."""
    cutoff = clock.now().astimezone(platform_zone()).date() - dt.timedelta(days=7)
    ids = list(
        HourlyWeek.objects.filter(status=HourlyWeekStatus.OPEN, week_start__lte=cutoff)
        .order_by("week_start", "pk")
        .values_list("pk", flat=True)
    )
    return sum(1 for week_id in ids if _invoice_week(week_id))


def do_dispute_hourly_week(*, actor: Any, week: HourlyWeek, reason: str) -> HourlyWeek:
    """The client disputes an invoiced week's hours within the review window: the charge is held
    and new time on the contract waits until staff settle it (`do_settle_hourly_dispute`)."""
    if week.client_id != _user_id(actor):
        raise PermissionDenied("Only the client can dispute the hours of this week.")
    reason = str(reason or "").strip()
    if not reason:
        raise InvalidInput("Say which hours you dispute and why.")
    if len(reason) > 1000:
        raise InvalidInput("The reason can have at most 1000 characters.")
    with transaction.atomic():
        week = HourlyWeek.objects.select_for_update().get(pk=week.pk)
        if week.status != HourlyWeekStatus.REVIEW or (week.review_ends_at and clock.now() >= week.review_ends_at):
            raise Conflict(
                "The review window of this week is over; its hours can no longer be disputed.", code="invalid_state"
            )
        transition(
            week,
            HourlyWeekStatus.DISPUTED,
            table=HOURLY_WEEK_TRANSITIONS,
            actor=actor,
            reason=reason[:500],
            extra_updates={"dispute_reason": reason, "disputed_at": clock.now()},
        )
        open_case(
            queue=Queue.ACCOUNT_HEALTH,
            title=f"Hours disputed: {week} ({format_minutes(week.billed_minutes)})",
            subject_id=week.client_id,
            target_type=HOURLY_WEEK,
            target_id=week.pk,
            risk=40,
        )
        do_notify(
            week.freelancer,
            kind="hourly.disputed",
            title=f"{week.title}: the client disputed the hours of the week of {week.week_start:%d %b}",
            body=f"Their reason: {reason[:300]}. Staff will decide; new time on the contract waits until then.",
        )
    return week


def do_settle_hourly_dispute(*, actor: Any, week: HourlyWeek, billed_minutes: int, note: str = "") -> HourlyWeek:
    """Staff settle a disputed week: bill `billed_minutes` (at most what was invoiced; 0 bills
    nothing) and charge it on the next charge run."""
    if not _is_staff(actor):
        raise PermissionDenied("Only staff settle disputed hours.")
    if not isinstance(billed_minutes, int) or isinstance(billed_minutes, bool) or billed_minutes < 0:
        raise InvalidInput("Billed time is a whole number of minutes, 0 or more.")
    with transaction.atomic():
        week = HourlyWeek.objects.select_for_update().get(pk=week.pk)
        if week.status != HourlyWeekStatus.DISPUTED:
            raise Conflict("This week's hours are not disputed.", code="invalid_state")
        if billed_minutes > week.billed_minutes:
            raise InvalidInput(f"At most the invoiced {format_minutes(week.billed_minutes)} can be billed.")
        quote = quote_hourly(billed_minutes, week.rate)
        updates = {
            "billed_minutes": billed_minutes,
            "amount": quote["amount"],
            "client_fee": quote["client_fee"],
            "freelancer_fee": quote["freelancer_fee"],
        }
        to = HourlyWeekStatus.REVIEW if quote["amount"] > 0 else HourlyWeekStatus.VOID
        transition(
            week,
            to,
            table=HOURLY_WEEK_TRANSITIONS,
            actor=actor,
            reason=(note or "dispute settled")[:500],
            extra_updates={**updates, "review_ends_at": clock.now()},
        )
        for person in (week.client, week.freelancer):
            do_notify(
                person,
                kind="hourly.settled",
                title=f"{week.title}: disputed week of {week.week_start:%d %b} settled",
                body=f"{format_minutes(billed_minutes)} billed." + (f" Staff's note: {note[:300]}" if note else ""),
            )
    return week


def do_charge_hourly_week(week_id: int, *, actor: Any = None) -> HourlyWeek:
    """Charge the client's card for an invoiced week whose review window is over (the timer), or
    at once when the client pays a declined week again (`actor` the client). Success: the charge
    and the `hourly` postings, the money pending for the freelancer. Declined: the failed charge,
    a `payment.failed` signal, notices to both; retried `HOURLY_RETRY_HOURS` later, and after
    `HOURLY_CHARGE_ATTEMPTS` declines the week is `unpaid` and a case opens for staff."""
    return _charge_hourly_week(week_id, actor=actor)[0]


def _charge_hourly_week(week_id: int, *, actor: Any = None) -> tuple[HourlyWeek, bool]:
    """`do_charge_hourly_week`, and whether this call charged the week."""
    with transaction.atomic():
        week = HourlyWeek.objects.select_for_update().select_related("client", "freelancer").get(pk=week_id)
        now = clock.now()
        if actor is not None:
            if week.client_id != _user_id(actor):
                raise PermissionDenied("Only the client pays for this week.")
            if week.status not in (HourlyWeekStatus.RETRYING, HourlyWeekStatus.UNPAID):
                raise Conflict("This week is not waiting for a payment.", code="invalid_state")
        elif not (
            (week.status == HourlyWeekStatus.REVIEW and week.review_ends_at and week.review_ends_at <= now)
            or (week.status == HourlyWeekStatus.RETRYING and week.next_charge_at and week.next_charge_at <= now)
        ):
            return week, False
        target = (HOURLY_WEEK, week.pk)
        total = week.client_total
        attempt = week.charge_attempts + 1
        key = f"charge:{_label(target)}:{attempt}"
        method = default_method(week.client_id)
        description = f"{week.title}, week of {week.week_start:%d %b %Y}"
        succeeded, message, charge = False, "No verified payment method on file.", None
        if method is not None:
            processor = get_processor(method.processor)
            try:
                result = processor.charge(
                    token=method.token,
                    amount=total,
                    currency=week.currency,
                    idempotency_key=key,
                    description=description,
                )
            except ProcessorError as exc:
                raise Conflict(
                    "The payment processor did not answer; nothing was charged. Try again.",
                    code="processor_unavailable",
                ) from exc
            succeeded, message = result.succeeded, result.message or "Your card was declined."
            charge = Charge.objects.create(
                user_id=week.client_id,
                method=method,
                processor=processor.name,
                processor_ref=result.ref,
                idempotency_key=key,
                amount=total,
                currency=week.currency,
                status=ChargeStatus.SUCCEEDED if succeeded else ChargeStatus.FAILED,
                failure_message=result.message[:300],
                target_type=HOURLY_WEEK,
                target_id=str(week.pk),
                created_at=now,
                updated_at=now,
            )
            record_audit(
                actor=actor,
                action=f"charge.{charge.status}",
                target=charge,
                data={"amount": total, "target": _label(target)},
            )
        if succeeded and charge is not None:
            net, fees = week.freelancer_net, week.client_fee + week.freelancer_fee
            ledger.post(
                f"{key}:captured",
                EntryKind.CHARGE,
                [
                    Line(ledger.platform(K.PROCESSOR_CLEARING, week.currency), -total),
                    Line(ledger.account(K.CLIENT_FUNDING, week.currency, owner_id=week.client_id), total),
                ],
                description=f"Card {method} charged for {description}",
                target=target,
                actor_id=_user_id(actor),
            )
            ledger.post(
                f"hourly:{week.pk}",
                EntryKind.HOURLY,
                [
                    Line(ledger.account(K.CLIENT_FUNDING, week.currency, owner_id=week.client_id), -total),
                    Line(ledger.account(K.FREELANCER_PENDING, week.currency, owner_id=week.freelancer_id), net),
                    *([Line(ledger.platform(K.PLATFORM_FEES, week.currency), fees)] if fees else []),
                ],
                description=f"Hourly: {format_minutes(week.billed_minutes)}, {description}",
                target=target,
                actor_id=_user_id(actor),
            )
            available = max(
                week_closes_at(week.week_start) + dt.timedelta(days=int(setting("HOURLY_AVAILABLE_DAYS"))),
                now + dt.timedelta(days=int(setting("PENDING_DAYS"))),
            )
            transition(
                week,
                HourlyWeekStatus.CHARGED,
                table=HOURLY_WEEK_TRANSITIONS,
                actor=actor,
                extra_updates={
                    "charge": charge,
                    "charge_attempts": attempt,
                    "charged_at": now,
                    "next_charge_at": None,
                    "available_at": available,
                },
            )
            do_notify(
                week.client,
                kind="hourly.charged",
                title=f"Paid {format_money(total, week.currency)}: {description}",
                body=f"Your card {method} was charged for {format_minutes(week.billed_minutes)}.",
            )
            do_notify(
                week.freelancer,
                kind="hourly.charged",
                title=f"{format_money(week.freelancer_net, week.currency)} pending: {description}",
                body=f"The client paid. The money is available to withdraw on {available:%d %b %Y}.",
            )
            return week, True
        # Declined (or no card): record, signal, and retry later or give up.
        if charge is not None:
            do_record_signal(
                actor=None,
                subject=week.client,
                kind="payment.failed",
                target_type="payments.charge",
                target_id=charge.pk,
                context={"stage": "hourly", "amount": total},
            )
        last = attempt >= int(setting("HOURLY_CHARGE_ATTEMPTS"))
        retry_at = None if last else now + dt.timedelta(hours=int(setting("HOURLY_RETRY_HOURS")))
        to = HourlyWeekStatus.UNPAID if last or week.status == HourlyWeekStatus.UNPAID else HourlyWeekStatus.RETRYING
        extra = {"charge_attempts": attempt, "next_charge_at": retry_at}
        if to == week.status == HourlyWeekStatus.UNPAID:
            HourlyWeek.objects.filter(pk=week.pk).update(charge_attempts=attempt, updated_at=now)
            week.charge_attempts = attempt
        else:
            transition(week, to, table=HOURLY_WEEK_TRANSITIONS, actor=actor, reason=message[:500], extra_updates=extra)
        if to == HourlyWeekStatus.UNPAID and week.charge_attempts == int(setting("HOURLY_CHARGE_ATTEMPTS")):
            open_case(
                queue=Queue.ACCOUNT_HEALTH,
                title=f"Unpaid hourly week: {week} ({format_money(total, week.currency)})",
                subject_id=week.client_id,
                target_type=HOURLY_WEEK,
                target_id=week.pk,
                risk=60,
            )
        when = f" We'll try again on {retry_at:%d %b %H:%M} UTC." if retry_at else ""
        do_notify(
            week.client,
            kind="hourly.charge_failed",
            title=f"Payment declined: {format_money(total, week.currency)} for {description}",
            body=f"{message} Add or fix a card and pay from the money page.{when} New time on the contract waits "
            "until the week is paid.",
        )
        do_notify(
            week.freelancer,
            kind="hourly.charge_failed",
            title=f"The client's payment for {description} was declined",
            body=f"We asked the client to pay.{when} Logging new time on the contract waits until the week is paid.",
        )
    return week, False


def do_charge_due_weeks() -> int:
    """Timer: charge every invoiced week whose review window is over and every declined week
    whose retry is due (idempotent: the week row is locked and its status checked again)."""
    now = clock.now()
    ids = list(
        HourlyWeek.objects.filter(status=HourlyWeekStatus.REVIEW, review_ends_at__lte=now).values_list("pk", flat=True)
    ) + list(
        HourlyWeek.objects.filter(status=HourlyWeekStatus.RETRYING, next_charge_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    done = 0
    for week_id in sorted(ids):
        try:
            if _charge_hourly_week(week_id)[1]:
                done += 1
        except WorkfairError:
            continue
    return done


def do_mature_hourly_weeks() -> int:
    """Timer: a charged week's money becomes available after its security period (idempotent)."""
    done = 0
    ids = HourlyWeek.objects.filter(
        status=HourlyWeekStatus.CHARGED, matured=False, available_at__lte=clock.now()
    ).values_list("pk", flat=True)
    for week_id in list(ids):
        with transaction.atomic():
            week = HourlyWeek.objects.select_for_update().get(pk=week_id)
            if week.matured:
                continue
            net = week.freelancer_net
            if net > 0:
                ledger.post(
                    f"mature:hourly:{week.pk}",
                    EntryKind.MATURE,
                    [
                        Line(ledger.account(K.FREELANCER_PENDING, week.currency, owner_id=week.freelancer_id), -net),
                        Line(ledger.account(K.FREELANCER_AVAILABLE, week.currency, owner_id=week.freelancer_id), net),
                    ],
                    description="Security period over: available to withdraw",
                    target=(HOURLY_WEEK, week.pk),
                )
            week.matured = True
            week.updated_at = clock.now()
            week.save(update_fields=["matured", "updated_at"])
            done += 1
    return done


# --- chargebacks: the dispute's outcome, refunds as signals, negative balances ------------------
# (docs/rules.md "Chargebacks"; docs/subsystems/payments.md "Every posting")


def _disputed_charge(processor_name: str, charge_ref: str) -> Charge:
    """The charge a dispute event is about, locked. An event about a charge we have not recorded
    yet (it arrived before our own transaction committed) is refused with 409 so that the
    processor delivers it again; nothing of it is stored meanwhile."""
    charge = Charge.objects.select_for_update().filter(processor=processor_name, processor_ref=charge_ref).first()
    if charge is None:
        raise Conflict("No charge with this reference yet; deliver the event again later.", code="unknown_charge")
    return charge


def _fee_refunded(hold: EscrowHold) -> int:
    """The client fee already given back with refunds of this hold (all of it once fully refunded)."""
    if hold.status == EscrowStatus.REFUNDED:
        return hold.client_fee
    return (hold.client_fee * hold.refunded) // hold.amount


def _handle_dispute_closed(processor_name: str, charge_ref: str, data: dict[str, Any]) -> None:
    """The processor closed a dispute. Won (or an inquiry closed): frozen money goes back to
    escrow. Lost: the processor kept the disputed amount; the ledger takes it from reserves
    (money still frozen), from the platform's fees (the client fee, and the freelancer fee of
    released money) and from the freelancer for money already released (pending if it still is,
    else their available balance, which may go below zero: docs/rules.md "Chargebacks")."""
    status = str(data.get("status", ""))
    if status not in {"won", "lost", "warning_closed"}:
        raise InvalidInput(f"Unknown dispute outcome {status!r}.", code="bad_event")
    charge = _disputed_charge(processor_name, charge_ref)
    if charge.status in {ChargeStatus.DISPUTE_WON, ChargeStatus.DISPUTE_LOST}:
        return
    if charge.status == ChargeStatus.SUCCEEDED:  # the closing event came first: open the dispute now
        _handle_dispute(processor_name, charge_ref)
        charge.refresh_from_db()
    holds = list(EscrowHold.objects.select_for_update().filter(charge=charge).order_by("pk"))
    if status == "lost":
        _charge_back(charge, holds, reported=data.get("amount"))
    else:
        _unfreeze(charge, holds)


def _unfreeze(charge: Charge, holds: list[EscrowHold]) -> None:
    for hold in holds:
        if hold.status != EscrowStatus.FROZEN:
            continue
        target = (hold.target_type, int(hold.target_id))
        reserves = ledger.account(K.RESERVES, hold.currency, owner_id=hold.client_id, target=target)
        frozen = ledger.balance(reserves)
        if frozen > 0:
            ledger.post(
                f"unfreeze:{_label(target)}",
                EntryKind.UNFREEZE,
                [
                    Line(reserves, -frozen),
                    Line(ledger.account(K.ESCROW, hold.currency, owner_id=hold.client_id, target=target), frozen),
                ],
                description="Dispute won: back in escrow",
                target=target,
            )
        transition(hold, EscrowStatus.FUNDED, table=ESCROW_TRANSITIONS, actor=None, reason="dispute won")
        notify_settlement("unfrozen", hold.target_type, hold.target_id)
        for person in (hold.client, hold.freelancer):
            do_notify(
                person,
                kind="escrow.unfrozen",
                title=f"Escrow back: {format_money(frozen, hold.currency)}",
                body="The dispute at the card issuer was decided for us; the money is in escrow again.",
                email=False,
            )
    charge.status = ChargeStatus.DISPUTE_WON
    charge.updated_at = clock.now()
    charge.save(update_fields=["status", "updated_at"])
    record_audit(actor=None, action="charge.dispute_won", target=charge, data={})


def _charge_back(charge: Charge, holds: list[EscrowHold], *, reported: Any) -> None:
    currency = charge.currency
    lines: list[Line] = []
    fees = 0
    owed: dict[int, int] = {}
    for hold in holds:
        target = (hold.target_type, int(hold.target_id))
        if hold.status == EscrowStatus.FROZEN:
            reserves = ledger.account(K.RESERVES, currency, owner_id=hold.client_id, target=target)
            frozen = ledger.balance(reserves)
            if frozen:
                lines.append(Line(reserves, -frozen))
        fees += hold.client_fee - _fee_refunded(hold)
        if hold.released:
            fees += hold.freelancer_fee
            net = hold.released - hold.freelancer_fee
            if net and not hold.matured:  # still pending: taken from there, never becomes available
                lines.append(Line(ledger.account(K.FREELANCER_PENDING, currency, owner_id=hold.freelancer_id), -net))
                hold.matured = True
                hold.save(update_fields=["matured"])
            elif net:
                lines.append(Line(ledger.account(K.FREELANCER_AVAILABLE, currency, owner_id=hold.freelancer_id), -net))
                owed[hold.freelancer_id] = owed.get(hold.freelancer_id, 0) + net
    if fees:
        lines.append(Line(ledger.platform(K.PLATFORM_FEES, currency), -fees))
    taken = -sum(line.amount for line in lines)
    if taken:
        ledger.post(
            f"chargeback:{charge.processor_ref}",
            EntryKind.CHARGEBACK,
            [*lines, Line(ledger.platform(K.PROCESSOR_CLEARING, currency), taken)],
            description="Dispute lost: the card holder got the charge back",
            target=("payments.charge", charge.pk),
            may_owe=frozenset({K.FREELANCER_AVAILABLE}),
        )
    for hold in holds:
        if hold.status == EscrowStatus.FROZEN:
            transition(hold, EscrowStatus.CHARGED_BACK, table=ESCROW_TRANSITIONS, actor=None, reason="dispute lost")
            notify_settlement("charged_back", hold.target_type, hold.target_id)
    for freelancer_id, amount in owed.items():
        hold = next(h for h in holds if h.freelancer_id == freelancer_id)
        do_notify(
            hold.freelancer,
            kind="payment.balance_negative",
            title=f"A chargeback took back {format_money(amount, currency)}",
            body="The client's card issuer reversed a payment you were paid from. Your next earnings cover it "
            "first; withdrawals wait until your balance is above zero again.",
            email=True,
        )
    charge.status = ChargeStatus.DISPUTE_LOST
    charge.updated_at = clock.now()
    charge.save(update_fields=["status", "updated_at"])
    record_audit(
        actor=None,
        action="charge.dispute_lost",
        target=charge,
        data={"taken": taken, "reported": reported, "owed": {str(k): v for k, v in owed.items()}},
    )


def _record_refund_signal(*, actor: Any, hold: EscrowHold, amount: int, reason: str) -> None:
    """A refund is a trust signal about the freelancer whose escrow went back (who gave it back:
    the freelancer, staff, or the system after a contract ended with money in escrow)."""
    by = "system" if actor is None else ("freelancer" if _user_id(actor) == hold.freelancer_id else "staff")
    do_record_signal(
        actor=actor if by != "system" else None,
        subject=hold.freelancer,
        kind="payment.refund",
        target_type="payments.escrowhold",
        target_id=hold.pk,
        context={"amount": amount, "currency": hold.currency, "by": by, "client_id": hold.client_id},
    )


def _refuse_while_owing(user_id: int, currency: str) -> None:
    """A freelancer whose available balance is below zero (a lost chargeback) withdraws nothing
    until earnings have covered it (409)."""
    owed = (
        ledger.Account.objects.filter(kind=K.FREELANCER_AVAILABLE, currency=currency, owner_id=user_id, target_type="")
        .values_list("balance", flat=True)
        .first()
    )
    if owed is not None and owed < 0:
        raise Conflict(
            f"Your balance is {format_money(owed, currency)} after a chargeback; your next earnings cover it "
            "first, and withdrawals open again once it is above zero.",
            code="balance_negative",
        )


# --- payout method changes and the trust engine's step-up -----------------------------------------


def _check_payout_method_change(actor: Any) -> None:
    """Adding or changing where money is paid out waits while a security check (a step-up asked by
    the trust engine or a moderator) is outstanding: 403 `step_up_required`, with its link."""
    require_step_up_for(actor, "change_payout_method")


def _record_payout_method_change(actor: Any, method: PayoutMethod, replaced: list[int]) -> None:
    """A changed payout account is a trust signal (`payment.payout_method_changed`): the engine's
    policies may ask for a step-up on it, which then holds withdrawals (the "withdraw" capability)."""
    do_record_signal(
        actor=actor,
        kind="payment.payout_method_changed",
        target_type="payments.payoutmethod",
        target_id=method.pk,
        context={"replaced": replaced, "last4": method.last4},
    )
