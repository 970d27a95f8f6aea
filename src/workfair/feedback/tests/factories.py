"""Builders for feedback tests, through the real actions so that every rule applies."""

from __future__ import annotations

from typing import Any

from workfair.contracts import actions as contracts
from workfair.contracts.models import Contract
from workfair.contracts.states import EndReason
from workfair.contracts.tests.factories import started_contract
from workfair.feedback.actions import do_leave_review
from workfair.feedback.models import Review
from workfair.feedback.states import CRITERIA, ReviewerRole


def ended_paid_contract(*, paid: bool = True) -> Contract:
    """A fixed-price contract whose first milestone was funded, submitted and approved (money
    paid, unless `paid=False`), then ended by the client now."""
    contract = started_contract()
    milestone = contract.milestones.order_by("position").first()
    assert milestone is not None
    if paid:
        contracts.do_mark_milestone_funded(actor=None, milestone=milestone)
        contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone, note="Done")
        contracts.do_approve_milestone(actor=contract.client, milestone=milestone)
    contracts.do_end_contract(actor=contract.client, contract=contract, reason=EndReason.COMPLETED)
    contract.refresh_from_db()
    return contract


def review_input(role: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "rating": 5,
        "criteria": {key: 4 for key, _ in CRITERIA[role]},
        "text": "Clear, friendly and on time." if role == ReviewerRole.CLIENT else "Paid promptly, clear brief.",
        "work_again": True,
        "recommend": 9,
    }
    return {**values, **overrides}


def leave(contract: Contract, role: str, **overrides: Any) -> Review:
    actor = contract.client if role == ReviewerRole.CLIENT else contract.freelancer
    return do_leave_review(actor=actor, contract=contract, **review_input(role, **overrides))
