"""Money flows the tests share, through the real actions."""

from __future__ import annotations

import datetime as dt

from workfair.contracts import actions as contracts
from workfair.contracts.models import Contract, Milestone
from workfair.core import clock
from workfair.payments import actions


def milestones(contract: Contract) -> list[Milestone]:
    return list(contract.milestones.order_by("position"))


def fund(contract: Contract, milestone: Milestone) -> Milestone:
    result = contracts.do_fund_milestone(actor=contract.client, milestone=milestone)
    assert result.ok, result.message
    milestone.refresh_from_db()
    return milestone


def release(contract: Contract, milestone: Milestone) -> Milestone:
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    contracts.do_approve_milestone(actor=contract.client, milestone=milestone)
    return milestone


def make_available(contract: Contract, milestone: Milestone) -> None:
    """Fund, submit, approve, and let the pending days pass: the freelancer can withdraw the net."""
    fund(contract, milestone)
    release(contract, milestone)
    with clock.frozen_at(clock.now() + dt.timedelta(days=6)):
        actions.do_mature_pending()
