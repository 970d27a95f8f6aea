"""Pages for offers and contracts (thin: parse, fetch through queries, call one action)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from workfair.contracts import actions, queries
from workfair.contracts.forms import (
    DEFAULT_MILESTONE_ROWS,
    AcceptOfferForm,
    DisputeHoursForm,
    EndContractForm,
    NoteForm,
    OfferForm,
    ReasonForm,
    TimeEntryForm,
    milestone_rows,
    parse_milestones,
)
from workfair.contracts.hooks import contract_sections
from workfair.contracts.models import Offer
from workfair.contracts.payment_hooks import HOURLY_CONTRACT
from workfair.contracts.states import ContractStatus, ContractType, OfferStatus
from workfair.core import clock
from workfair.core.errors import InvalidInput, PermissionDenied, WorkfairError
from workfair.core.money import exponent, format_money, to_minor
from workfair.core.views import member_view
from workfair.payments import interface as payments
from workfair.proposals.queries import access_proposal_by_id, conversation_url


def _proposal_id(request: HttpRequest) -> int:
    raw = request.GET.get("proposal") or request.POST.get("proposal") or ""
    if not raw.isdigit():
        raise InvalidInput("Open this page from a proposal: ?proposal=<id>.")
    return int(raw)


@member_view(methods=["GET", "POST"])
def offer_create(request: HttpRequest) -> HttpResponse:
    """The client's offer form for a proposal: hourly terms, or fixed price with milestone rows
    ("Add a milestone" posts back and shows one more row; no script needed)."""
    proposal = access_proposal_by_id(request.user, _proposal_id(request))
    if proposal.job.client_id != request.user.pk:
        raise PermissionDenied("Only the client of this job can make an offer.")
    currency = proposal.job.currency
    initial = {
        "title": proposal.job.title,
        "contract_type": proposal.job.budget_type,
        "hourly_rate": (
            Decimal(proposal.amount).scaleb(-exponent(currency))
            if proposal.job.budget_type == ContractType.HOURLY
            else None
        ),
    }
    form = OfferForm(request.POST or None, currency=currency, initial=initial)
    rows = DEFAULT_MILESTONE_ROWS
    if request.method == "POST":
        try:
            rows = max(1, min(actions.MAX_MILESTONES, int(request.POST.get("rows", rows))))
        except ValueError:
            rows = DEFAULT_MILESTONE_ROWS
    adding_row = request.method == "POST" and "add_milestone" in request.POST
    if adding_row:
        rows = min(actions.MAX_MILESTONES, rows + 1)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and not adding_row:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                is_fixed = data["contract_type"] == ContractType.FIXED
                offer = actions.do_make_offer(
                    actor=request.user,
                    freelancer=proposal.freelancer,
                    title=data["title"],
                    description=data["description"],
                    contract_type=data["contract_type"],
                    currency=currency,
                    hourly_rate=None if is_fixed else data["hourly_rate"],
                    weekly_limit_hours=None if is_fixed else data["weekly_limit_hours"],
                    manual_time_allowed=data["manual_time_allowed"],
                    milestones=parse_milestones(request.POST, currency) if is_fixed else (),
                    job=proposal.job,
                    proposal=proposal,
                )
            except WorkfairError as exc:
                errors.append(exc.message)
                status = exc.status_code
            else:
                messages.success(request, "Your offer was sent.")
                return redirect("contracts:offer_detail", offer_id=offer.pk)
    context = {
        "proposal": proposal,
        "form": form,
        "show_errors": request.method == "POST" and not adding_row,
        "errors": errors,
        "rows": rows,
        "milestone_rows": milestone_rows(request.POST if request.method == "POST" else None, rows),
        "can_add_row": rows < actions.MAX_MILESTONES,
        "currency": currency,
        "today": clock.today().isoformat(),
        "expiry_days": settings.WORKFAIR["OFFER_EXPIRY_DAYS"],
    }
    return render(request, "contracts/offer_create.html", context, status=status)


@member_view
def offers(request: HttpRequest) -> HttpResponse:
    """Offers received (as freelancer) and sent (as client)."""
    return render(
        request,
        "contracts/offers.html",
        {
            "received": list(queries.offers_for_user(request.user, "received")),
            "sent": list(queries.offers_for_user(request.user, "sent")),
        },
    )


@member_view
def offer_detail(request: HttpRequest, offer_id: int) -> HttpResponse:
    """The offer's terms; the freelancer reads the NDA and accepts or declines, the client may withdraw.
    What the freelancer must do before they can accept (verify their identity, a security check) is
    said here, with its link, before they try."""
    offer = queries.access_offer_by_id(request.user, offer_id)
    return _offer_page(request, offer)


def _offer_page(request: HttpRequest, offer: Offer, *, refusal: str = "", status: int = 200) -> HttpResponse:
    is_freelancer = offer.freelancer_id == request.user.pk
    nda = queries.current_nda()
    open_offer = offer.status == OfferStatus.PENDING and offer.expires_at > clock.now()
    if is_freelancer and open_offer and not refusal:
        refusal = queries.contract_start_refusal(request.user) or ""
    context = {
        "accept_refusal": refusal,
        "offer": offer,
        "is_freelancer": is_freelancer,
        "is_client": offer.client_id == request.user.pk,
        "open_offer": open_offer,
        "nda": nda,
        "accept_form": AcceptOfferForm(initial={"nda_version_id": nda.pk}),
        "decline_form": ReasonForm(),
        "total": sum(m.amount for m in offer.milestones.all()),
    }
    return render(request, "contracts/offer_detail.html", context, status=status)


@member_view(methods=["POST"])
def accept_offer(request: HttpRequest, offer_id: int) -> HttpResponse:
    """Accept the offer; a refusal because of the account (identity to verify, a security check, a
    restriction) shows the offer again with what to do and its link, never a bare "Not allowed"."""
    offer = queries.access_offer_by_id(request.user, offer_id)
    form = AcceptOfferForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Read the NDA and tick the box to accept it.")
    try:
        contract = actions.do_accept_offer(
            actor=request.user, offer=offer, nda_version_id=form.cleaned_data["nda_version_id"]
        )
    except PermissionDenied as exc:
        if offer.freelancer_id != request.user.pk:
            raise
        return _offer_page(request, offer, refusal=exc.message, status=exc.status_code)
    messages.success(request, "You accepted the offer. The contract has started.")
    return redirect("contracts:detail", contract_id=contract.pk)


@member_view(methods=["POST"])
def decline_offer(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = queries.access_offer_by_id(request.user, offer_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    actions.do_decline_offer(actor=request.user, offer=offer, reason=reason)
    messages.success(request, "You declined the offer.")
    return redirect("contracts:offers")


@member_view(methods=["POST"])
def withdraw_offer(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = queries.access_offer_by_id(request.user, offer_id)
    actions.do_withdraw_offer(actor=request.user, offer=offer)
    messages.success(request, "You withdrew the offer.")
    return redirect("contracts:offer_detail", offer_id=offer.pk)


@member_view
def contracts(request: HttpRequest) -> HttpResponse:
    """The actor's contracts grouped by state."""
    rows = list(queries.contracts_for_user(request.user))
    groups = [
        (label, [c for c in rows if c.status == value])
        for value, label in ContractStatus.choices
        if any(c.status == value for c in rows)
    ]
    return render(request, "contracts/list.html", {"groups": groups})


@member_view
def detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    """Terms, milestones with their state, the NDA accepted, and the actions of each side."""
    contract = queries.access_contract_by_id(request.user, contract_id)
    conversation_id = queries.conversation_id_of(contract)
    context = {
        "contract": contract,
        "is_client": contract.client_id == request.user.pk,
        "is_freelancer": contract.freelancer_id == request.user.pk,
        "nda_acceptance": queries.nda_acceptance_of(contract),
        "conversation_url": conversation_url(conversation_id) if conversation_id else "",
        "end_form": EndContractForm(),
        "note_form": NoteForm(),
        "sections": contract_sections(request, contract),
        "time": _time_context(request, contract),
    }
    return render(request, "contracts/detail.html", context)


@member_view(methods=["POST"])
def pause(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = queries.access_contract_by_id(request.user, contract_id)
    actions.do_pause_contract(actor=request.user, contract=contract)
    messages.success(request, "The contract is paused.")
    return redirect("contracts:detail", contract_id=contract.pk)


@member_view(methods=["POST"])
def resume(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = queries.access_contract_by_id(request.user, contract_id)
    actions.do_resume_contract(actor=request.user, contract=contract)
    messages.success(request, "The contract is active again.")
    return redirect("contracts:detail", contract_id=contract.pk)


@member_view(methods=["POST"])
def end(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = queries.access_contract_by_id(request.user, contract_id)
    form = EndContractForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("The note can have at most 1000 characters.")
    actions.do_end_contract(
        actor=request.user, contract=contract, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
    )
    messages.success(request, "The contract has ended.")
    return redirect("contracts:detail", contract_id=contract.pk)


def _note(request: HttpRequest) -> str:
    form = NoteForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("The note can have at most 5000 characters.")
    return str(form.cleaned_data["note"])


@member_view(methods=["POST"])
def submit_milestone(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = queries.access_milestone_by_id(request.user, milestone_id)
    actions.do_submit_milestone(actor=request.user, milestone=milestone, note=_note(request))
    messages.success(request, "Your work was submitted.")
    return redirect("contracts:detail", contract_id=milestone.contract_id)


@member_view(methods=["POST"])
def approve_milestone(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = queries.access_milestone_by_id(request.user, milestone_id)
    actions.do_approve_milestone(actor=request.user, milestone=milestone)
    messages.success(request, "The milestone is approved.")
    return redirect("contracts:detail", contract_id=milestone.contract_id)


@member_view(methods=["POST"])
def request_milestone_changes(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = queries.access_milestone_by_id(request.user, milestone_id)
    actions.do_request_milestone_changes(actor=request.user, milestone=milestone, note=_note(request))
    messages.success(request, "You asked for changes.")
    return redirect("contracts:detail", contract_id=milestone.contract_id)


@member_view(methods=["POST"])
def fund_milestone(request: HttpRequest, milestone_id: int) -> HttpResponse:
    """The client funds a milestone into escrow (the card on file is charged)."""
    milestone = queries.access_milestone_by_id(request.user, milestone_id)
    result = actions.do_fund_milestone(actor=request.user, milestone=milestone)
    if not result.ok:
        messages.error(request, f"{result.message} Nothing was charged; try another card.")
        return redirect("contracts:detail", contract_id=milestone.contract_id)
    messages.success(request, f"{milestone.title} is funded: the money is in escrow.")
    return redirect("contracts:detail", contract_id=milestone.contract_id)


@member_view(methods=["POST"])
def refund_milestone(request: HttpRequest, milestone_id: int) -> HttpResponse:
    """The freelancer gives back part or all of a milestone's escrow."""
    milestone = queries.access_milestone_by_id(request.user, milestone_id)
    contract = queries.access_contract_by_id(request.user, milestone.contract_id or 0)
    raw = (request.POST.get("amount") or "").strip()
    amount = to_minor(raw, contract.currency) if raw else None
    actions.do_refund_milestone(actor=request.user, milestone=milestone, amount=amount)
    refunded = format_money(amount, contract.currency) if amount else "Everything in escrow"
    messages.success(request, f"{refunded} goes back to the client.")
    return redirect("contracts:detail", contract_id=milestone.contract_id)


# --- hourly: the contract page's Time section ------------------------------------------------


def _week_param(request: HttpRequest) -> dt.date:
    raw = (request.GET.get("week") or "").strip()
    if not raw:
        return payments.current_week_start()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput("The week is a date, YYYY-MM-DD.") from exc


def _time_context(request: HttpRequest, contract: Any) -> dict[str, Any] | None:
    """The week shown (`?week=`), its entries and totals, the log form, and the invoiced weeks."""
    if contract.contract_type != ContractType.HOURLY:
        return None
    terms = payments.access_hourly_contract(request.user, HOURLY_CONTRACT, contract.pk)
    view = payments.hourly_week_view(terms, _week_param(request))
    weeks = [w for w in payments.hourly_weeks_of_contract(terms) if w.status != payments.HourlyWeekStatus.OPEN]
    return {
        "view": view,
        "weeks": weeks,
        "previous": view.week_start - dt.timedelta(days=7),
        "next": view.week_start + dt.timedelta(days=7),
        "is_current": view.week_start == payments.current_week_start(),
        "logged": payments.format_minutes(view.logged_minutes),
        "left": payments.format_minutes(view.left_minutes),
        "form": TimeEntryForm(initial={"date": min(clock.today(), view.week_start + dt.timedelta(days=6))}),
        "dispute_form": DisputeHoursForm(),
    }


def _back_to_week(contract_id: int, day: dt.date | None = None) -> HttpResponse:
    url = reverse("contracts:detail", args=[contract_id])
    if day is not None:
        url += f"?week={day - dt.timedelta(days=day.weekday())}"
    return redirect(url + "#time")


@member_view(methods=["POST"])
def log_time(request: HttpRequest, contract_id: int) -> HttpResponse:
    """The freelancer logs manual time on the hourly contract."""
    contract = queries.access_contract_by_id(request.user, contract_id)
    form = TimeEntryForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Give the day, hours (0 to 24), minutes (0 to 59) and a memo of at most 500 characters.")
    entry = payments.do_log_time(
        actor=request.user,
        contract_type=HOURLY_CONTRACT,
        contract_id=contract.pk,
        date=form.cleaned_data["date"],
        minutes=form.total_minutes(),
        memo=form.cleaned_data["memo"],
    )
    messages.success(request, f"Logged {payments.format_minutes(entry.minutes)} on {entry.date:%a %d %b}.")
    return _back_to_week(contract.pk, entry.date)


@member_view(methods=["POST"])
def edit_time(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = payments.access_time_entry_by_id(request.user, entry_id)
    form = TimeEntryForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Give the day, hours (0 to 24), minutes (0 to 59) and a memo of at most 500 characters.")
    entry = payments.do_edit_time_entry(
        actor=request.user,
        entry=entry,
        date=form.cleaned_data["date"],
        minutes=form.total_minutes(),
        memo=form.cleaned_data["memo"],
    )
    messages.success(request, "The time entry is changed.")
    return _back_to_week(entry.week.contract_id, entry.date)


@member_view(methods=["POST"])
def delete_time(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = payments.access_time_entry_by_id(request.user, entry_id)
    payments.do_delete_time_entry(actor=request.user, entry=entry)
    messages.success(request, "The time entry is deleted.")
    return _back_to_week(entry.week.contract_id, entry.date)


@member_view(methods=["POST"])
def dispute_week(request: HttpRequest, week_id: int) -> HttpResponse:
    """The client disputes an invoiced week's hours in the review window."""
    week = payments.access_hourly_week_by_id(request.user, week_id)
    form = DisputeHoursForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Say which hours you dispute and why (at most 1000 characters).")
    payments.do_dispute_hourly_week(actor=request.user, week=week, reason=form.cleaned_data["reason"])
    messages.success(request, "The hours are disputed: the charge waits until staff decide.")
    return _back_to_week(week.contract_id)


@member_view(methods=["POST"])
def pay_week(request: HttpRequest, week_id: int) -> HttpResponse:
    """The client pays a week whose charge was declined, with the newest verified card."""
    week = payments.access_hourly_week_by_id(request.user, week_id)
    week = payments.do_charge_hourly_week(week.pk, actor=request.user)
    if week.status == payments.HourlyWeekStatus.CHARGED:
        messages.success(request, f"Paid {format_money(week.client_total, week.currency)} for the week.")
    else:
        messages.error(request, "Your card was declined again; nothing was charged. Add another card and retry.")
    return _back_to_week(week.contract_id)
