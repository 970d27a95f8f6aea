"""What the payments app tells contracts about milestones' money, registered from
`ContractsConfig.ready` (payments stands below contracts and never imports it)."""

from __future__ import annotations

from typing import Any

from workfair.contracts import actions
from workfair.contracts.models import Contract, Milestone
from workfair.contracts.states import MILESTONE_TRANSITIONS, ContractStatus, ContractType, MilestoneStatus
from workfair.core.transitions import transition
from workfair.notifications.actions import do_notify
from workfair.payments import interface as payments


def on_milestone_money(event: str, milestone_id: int, **data: Any) -> None:
    milestone = Milestone.objects.select_related("contract__client", "contract__freelancer").get(pk=milestone_id)
    if event == "funded":
        actions.do_mark_milestone_funded(actor=None, milestone=milestone)
    elif event == "auto_release_due":
        actions.do_approve_milestone(actor=None, milestone=milestone)
    elif event == "refunded":
        if MilestoneStatus.CANCELLED in MILESTONE_TRANSITIONS.get(milestone.status, frozenset()):
            transition(
                milestone, MilestoneStatus.CANCELLED, table=MILESTONE_TRANSITIONS, actor=None, reason="escrow refunded"
            )
    elif event == "frozen" and milestone.contract is not None:
        for person in (milestone.contract.client, milestone.contract.freelancer):
            do_notify(
                person,
                kind="milestone.frozen",
                title=f"Escrow frozen: {milestone.title}",
                body="The card holder disputed the charge; staff will look into it.",
                email=False,
            )


def register() -> None:
    payments.register_settlement_handler(actions.MILESTONE, on_milestone_money)
    register_hourly()


HOURLY_CONTRACT = "contracts.contract"


def hourly_terms(contract_id: int) -> payments.HourlyTerms | None:
    """The terms payments bills an hourly contract's weeks by (None: no such hourly contract)."""
    contract = Contract.objects.filter(pk=contract_id, contract_type=ContractType.HOURLY).first()
    if contract is None or not contract.hourly_rate or contract.weekly_limit_hours is None:
        return None
    return payments.HourlyTerms(
        contract_type=HOURLY_CONTRACT,
        contract_id=contract.pk,
        client_id=contract.client_id,
        freelancer_id=contract.freelancer_id,
        currency=contract.currency,
        rate=contract.hourly_rate,
        weekly_limit_hours=contract.weekly_limit_hours,
        active=contract.status == ContractStatus.ACTIVE,
        manual_time_allowed=contract.manual_time_allowed,
        title=contract.title,
        started_on=contract.started_at.date(),
    )


def register_hourly() -> None:
    payments.register_hourly_terms(HOURLY_CONTRACT, hourly_terms)
