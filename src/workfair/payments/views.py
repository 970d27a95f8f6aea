"""Money pages (thin): cards, the money page (balances, withdrawals, history, CSV export)."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from workfair.core.errors import InvalidInput
from workfair.core.money import format_money, to_minor
from workfair.core.views import member_view
from workfair.payments import actions, queries, statements
from workfair.payments.config import setting
from workfair.payments.forms import BankForm, CardForm, HistoryFilter, WithdrawForm
from workfair.payments.processors.sandbox import (
    CHARGE_FAILS,
    DECLINE,
    DISPUTE_LOST,
    DISPUTE_WON,
    DISPUTED_LATER,
    THREE_D_SECURE,
)
from workfair.payments.states import HourlyWeekStatus

TEST_CARDS = [
    ("4242 4242 4242 4242", "verifies; charges succeed"),
    (" ".join(DECLINE[i : i + 4] for i in range(0, 16, 4)), "is declined"),
    (" ".join(THREE_D_SECURE[i : i + 4] for i in range(0, 16, 4)), "asks for the 3-D Secure check"),
    (" ".join(DISPUTED_LATER[i : i + 4] for i in range(0, 16, 4)), "is disputed after a charge"),
    (" ".join(DISPUTE_LOST[i : i + 4] for i in range(0, 16, 4)), "is disputed after a charge, and the dispute lost"),
    (" ".join(DISPUTE_WON[i : i + 4] for i in range(0, 16, 4)), "is disputed after a charge, and the dispute won"),
    (" ".join(CHARGE_FAILS[i : i + 4] for i in range(0, 16, 4)), "verifies, then charges are declined"),
]


@member_view(methods=["GET", "POST"])
def cards(request: HttpRequest) -> HttpResponse:
    """The client's cards and the form to add one (verified by the processor at once)."""
    form = CardForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data
            method = actions.do_add_card(
                actor=request.user,
                card=data["card_number"],
                exp_month=data["exp_month"],
                exp_year=data["exp_year"],
                cvc=data["cvc"],
            )
            if method.status == "verified":
                messages.success(request, f"{method} is verified. You can send offers and fund milestones.")
            elif method.status == "requires_action":
                messages.info(request, "Your bank asks you to confirm this card (3-D Secure).")
            else:
                messages.error(request, method.failure_message or "Your card was declined.")
            return redirect("payments:cards")
    context = {
        "form": form,
        "methods": list(queries.methods_of(request.user)),
        "verified": queries.payment_verified(request.user.pk),
        "sandbox": setting("PROCESSOR") == "sandbox",
        "test_cards": TEST_CARDS,
    }
    return render(request, "payments/cards.html", context, status=status)


@member_view(methods=["POST"])
def confirm_card(request: HttpRequest, method_id: int) -> HttpResponse:
    method = actions.do_confirm_card(actor=request.user, method=queries.access_method_by_id(request.user, method_id))
    if method.status == "verified":
        messages.success(request, f"{method} is verified.")
    else:
        messages.error(request, method.failure_message or "The check failed.")
    return redirect("payments:cards")


@member_view(methods=["POST"])
def remove_card(request: HttpRequest, method_id: int) -> HttpResponse:
    method = actions.do_remove_card(actor=request.user, method=queries.access_method_by_id(request.user, method_id))
    messages.success(request, f"{method} was removed.")
    return redirect("payments:cards")


def _history(request: HttpRequest) -> tuple[HistoryFilter, object]:
    form = HistoryFilter(request.GET or None)
    if request.GET and not form.is_valid():
        raise InvalidInput("Choose a kind from the list and dates as YYYY-MM-DD.")
    data = form.cleaned_data if request.GET else {}
    lines = queries.history_of(
        request.user, kind=data.get("kind") or "", since=data.get("since"), until=data.get("until")
    )
    return form, lines


@member_view
def money(request: HttpRequest) -> HttpResponse:
    """Balances (pending, available, in escrow, frozen), withdrawals, and the transaction history."""
    form, lines = _history(request)
    currency = str(settings.WORKFAIR["CURRENCY"])
    context = {
        "balances": queries.balances_of(request.user, currency),
        "currency": currency,
        "history_form": form,
        "lines": list(lines[:200]),  # type: ignore[index]
        "payout_method": queries.payout_method_of(request.user),
        "payouts": list(queries.payouts_of(request.user)[:20]),
        "bank_form": BankForm(),
        "withdraw_form": WithdrawForm(),
        "min_payout": format_money(int(setting("MIN_PAYOUT")), currency),
        "pending_days": setting("PENDING_DAYS"),
        "first_hold_days": setting("FIRST_PAYOUT_HOLD_DAYS"),
        "query": request.GET.urlencode(),
        "hourly_weeks": list(queries.hourly_weeks_of(request.user)[:20]),
    }
    statements.attach_documents(request.user, context["lines"])
    return render(request, "payments/money.html", context)


@member_view
def history_csv(request: HttpRequest) -> HttpResponse:
    """The same history (and filters) as a CSV file: amounts in minor units and formatted."""
    _, lines = _history(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="workfair-transactions.csv"'
    writer = csv.writer(response)
    writer.writerow(["date", "entry", "kind", "account", "description", "amount_minor", "currency", "amount"])
    for line in lines.iterator():  # type: ignore[attr-defined]
        writer.writerow(
            [
                line.entry.created_at.isoformat(),
                line.entry_id,
                line.entry.kind,
                line.account.kind,
                line.entry.description,
                line.amount,
                line.currency,
                format_money(line.amount, line.currency),
            ]
        )
    return response


@member_view(methods=["POST"])
def add_bank(request: HttpRequest) -> HttpResponse:
    form = BankForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Enter a routing number and an account number.")
    method = actions.do_add_payout_method(
        actor=request.user,
        routing_number=form.cleaned_data["routing_number"],
        account_number=form.cleaned_data["account_number"],
    )
    messages.success(request, f"Payouts go to {method} now.")
    return redirect("payments:money")


@member_view(methods=["POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Enter an amount.")
    currency = str(settings.WORKFAIR["CURRENCY"])
    amount = to_minor(form.cleaned_data["amount"], currency)
    key = (request.POST.get("idempotency_key") or "")[:100]
    payout = actions.do_request_payout(actor=request.user, amount=amount, currency=currency, idempotency_key=key)
    if payout.status == "held":
        messages.success(
            request,
            f"Your first withdrawal of {format_money(payout.amount, payout.currency)} is held "
            f"until {payout.hold_until:%d %b %Y}, then sent.",
        )
    else:
        messages.success(request, f"{format_money(payout.amount, payout.currency)} is on its way to your bank.")
    return redirect("payments:money")


@member_view(methods=["POST"])
def pay_hourly_week(request: HttpRequest, week_id: int) -> HttpResponse:
    """The client pays an hourly week whose charge was declined, with the newest verified card."""
    week = queries.access_hourly_week_by_id(request.user, week_id)
    week = actions.do_charge_hourly_week(week.pk, actor=request.user)
    if week.status == HourlyWeekStatus.CHARGED:
        messages.success(request, f"Paid {format_money(week.client_total, week.currency)} for {week}.")
    else:
        messages.error(request, "Your card was declined again; nothing was charged. Add another card and retry.")
    return redirect("payments:money")
