"""Feedback pages: the section on an ended contract's page, leaving a review, answering one.
Thin: forms parse, queries decide who sees what, actions write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from workfair.contracts.models import Contract
from workfair.contracts.states import ContractStatus
from workfair.core.errors import InvalidInput
from workfair.core.views import member_view
from workfair.feedback import actions, queries
from workfair.feedback.forms import ReplyForm, ReviewForm


def _context(request: HttpRequest, contract: Contract, **forms: Any) -> dict[str, Any]:
    state = queries.contract_feedback(request.user, contract)
    return {
        "contract": contract,
        "state": state,
        "form": forms.get("form") or (ReviewForm(role=state.role) if state.can_write and state.role else None),
        "reply_form": forms.get("reply_form") or (ReplyForm() if state.can_reply else None),
    }


def contract_section(request: HttpRequest, contract: Contract) -> SafeString | str:
    """The "Feedback" section of an ended contract's page (registered in contracts.hooks)."""
    if contract.status != ContractStatus.ENDED:
        return ""
    html = render_to_string("feedback/_contract_section.html", _context(request, contract), request=request)
    return mark_safe(html)  # noqa: S308 - rendered by our own template, which escapes its input


def _form_page(request: HttpRequest, contract: Contract, *, status: int = 200, **forms: Any) -> HttpResponse:
    return render(request, "feedback/leave.html", _context(request, contract, **forms), status=status)


def _back(contract: Contract) -> HttpResponse:
    return redirect(reverse("contracts:detail", args=[contract.pk]) + "#feedback")


@member_view(methods=["GET", "POST"])
def leave(request: HttpRequest, contract_id: int) -> HttpResponse:
    """The review form of one ended contract (also shown on the contract page); POST leaves it."""
    contract = queries.access_contract_for_feedback(request.user, contract_id)
    if request.method != "POST":
        return _form_page(request, contract)
    role = queries.role_in(contract, request.user.pk)
    if role is None:
        raise InvalidInput("Only the client and the freelancer of a contract can review it.")
    form = ReviewForm(request.POST, role=role)
    if not form.is_valid():
        return _form_page(request, contract, status=400, form=form)
    try:
        actions.do_leave_review(
            actor=request.user,
            contract=contract,
            rating=form.cleaned_data["rating"],
            criteria=form.criteria_values(),
            text=form.cleaned_data["text"],
            work_again=form.cleaned_data["work_again"],
            recommend=form.cleaned_data["recommend"],
        )
    except InvalidInput as exc:
        form.add_error(None, exc.message)
        return _form_page(request, contract, status=400, form=form)
    messages.success(request, "Thank you: your feedback is saved.")
    return _back(contract)


@member_view(methods=["POST"])
def reply(request: HttpRequest, review_id: int) -> HttpResponse:
    """The person a revealed review is about answers it, once."""
    review = queries.access_review_by_id(request.user, review_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _form_page(request, review.contract, status=400, reply_form=form)
    try:
        actions.do_reply_to_review(actor=request.user, review=review, text=form.cleaned_data["text"])
    except InvalidInput as exc:
        form.add_error(None, exc.message)
        return _form_page(request, review.contract, status=400, reply_form=form)
    messages.success(request, "Your answer is published under the review.")
    return _back(review.contract)
