"""The demo marketplace's offers, contracts and milestones, for the stories of `workfair.demo`
(drawn with the rest of a post's story), and the offer expiry a worker would have run by now (a
step)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workfair.accounts.demo import DEMO_CLIENT_EMAIL
from workfair.contracts.actions import (
    do_accept_offer,
    do_approve_milestone,
    do_end_contract,
    do_expire_offers,
    do_fund_milestone,
    do_make_offer,
    do_pause_contract,
    do_request_milestone_changes,
    do_submit_milestone,
)
from workfair.contracts.models import Contract, Milestone, Offer
from workfair.contracts.queries import current_nda
from workfair.contracts.states import ContractStatus, ContractType, EndReason, MilestoneStatus
from workfair.core import clock
from workfair.core.demo import MIN_AGO_DAYS, SeedContext
from workfair.jobs.states import BudgetType
from workfair.messaging.actions import do_open_conversation
from workfair.messaging.demo import talk
from workfair.messaging.demo_text import CONTRACT_TURNS
from workfair.messaging.states import ConversationKind
from workfair.payments import actions as payments
from workfair.proposals.models import Proposal

MILESTONE_TITLES = ("Plan and first draft", "Main delivery", "Review and changes", "Handover and documentation")


def make_offer(context: SeedContext, proposal: Proposal, ago: float, *, parts: int | None = None) -> Offer:
    """The client's offer on a proposal, on the post's terms: hourly at the rate asked, or
    fixed price split into `parts` milestones (1 to 4 at random by default)."""
    job = proposal.job
    rng = context.rng
    terms: dict[str, Any]
    if job.budget_type == BudgetType.HOURLY:
        terms = {
            "contract_type": ContractType.HOURLY,
            "hourly_rate": proposal.amount,
            "weekly_limit_hours": rng.choice([10, 15, 20, 30, 40]),
            "manual_time_allowed": rng.random() < 0.3,
        }
    else:
        parts = max(1, min(parts or rng.randint(1, 4), proposal.amount // 500))
        share = proposal.amount // parts // 100 * 100
        amounts = [share] * (parts - 1) + [proposal.amount - share * (parts - 1)]
        titles = MILESTONE_TITLES if parts > 1 else ("Complete delivery",)
        with context.at(ago):
            today = clock.today()
        terms = {
            "contract_type": ContractType.FIXED,
            "milestones": [
                {
                    "title": titles[index],
                    "amount": amount,
                    "due_date": today + dt.timedelta(days=7 * (index + 1) + rng.randint(0, 4)),
                }
                for index, amount in enumerate(amounts)
            ],
        }
    with context.at(ago):
        return do_make_offer(
            actor=job.client,
            freelancer=proposal.freelancer,
            title=job.title,
            description=f"The work described in the post, as we agreed in our conversation about {job.title}.",
            currency=job.currency,
            job=job,
            proposal=proposal,
            **terms,
        )


def accept(context: SeedContext, offer: Offer, ago: float) -> Contract:
    with context.at(ago):
        return do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=current_nda().pk)


def run_contract(
    context: SeedContext,
    contract: Contract,
    fate: str,
    start_ago: float,
    *,
    end_ago: float | None = None,
    completed: bool = True,
    request_changes: bool | None = None,
) -> None:
    """Talk on the contract, move its milestones and pause or end it as `fate` says
    ("hired_active", "hired_paused" or "hired_ended"). An ended contract was either `completed`
    (every milestone approved, ended by the client) or ended early by the freelancer (unfunded
    milestones cancelled)."""
    rng = context.rng
    conversation = do_open_conversation(
        actor=None,
        kind=ConversationKind.CONTRACT,
        client=contract.client,
        freelancer=contract.freelancer,
        subject=contract.title,
        contract=contract,
    )
    if end_ago is None:
        if fate == "hired_ended":
            end_ago = context.later(start_ago, 4, 30)
        elif fate == "hired_paused":
            end_ago = context.later(start_ago, 2, max(2.5, start_ago * 0.7))
        else:
            end_ago = MIN_AGO_DAYS * 5
    script = rng.choice(CONTRACT_TURNS)
    talk(context, conversation, script, context.later(start_ago, 0.01, 0.1), read=fate == "hired_ended")
    milestones = list(contract.milestones.order_by("position"))
    steps: list[tuple[str, Milestone]] = []
    for index, milestone in enumerate(milestones):
        ended_early = fate == "hired_ended" and not completed
        if (index == 0 and not (ended_early and len(milestones) == 1)) or (fate == "hired_ended" and completed):
            steps += [("fund", milestone), ("submit", milestone), ("approve", milestone)]
        elif index == 1 and fate == "hired_active":
            steps += [("fund", milestone), ("submit", milestone)]
            if request_changes if request_changes is not None else rng.random() < 0.4:
                steps.append(("changes", milestone))
        elif index == 1:
            steps.append(("fund", milestone))
    times = sorted((rng.uniform(end_ago, start_ago) for _ in steps), reverse=True)
    for (step, milestone), ago in zip(steps, times, strict=True):
        with context.at(ago):
            if step == "fund":
                do_fund_milestone(actor=contract.client, milestone=milestone)
            elif step == "submit":
                do_submit_milestone(
                    actor=contract.freelancer, milestone=milestone, note="Delivered; details in our conversation."
                )
            elif step == "approve":
                do_approve_milestone(actor=contract.client, milestone=milestone)
            else:
                do_request_milestone_changes(
                    actor=contract.client,
                    milestone=milestone,
                    note="Looks good overall. Please tighten the last section and fix the two issues I listed.",
                )
    with context.at(end_ago):
        if fate == "hired_paused":
            do_pause_contract(
                actor=contract.client, contract=contract, reason="Waiting for budget approval for the next phase."
            )
        elif fate == "hired_ended":
            if completed:
                do_end_contract(
                    actor=contract.client,
                    contract=contract,
                    reason=EndReason.COMPLETED,
                    note="Great work, delivered on time. Thank you!",
                )
            else:
                do_end_contract(
                    actor=contract.freelancer,
                    contract=contract,
                    reason=EndReason.FREELANCER_ENDED,
                    note="My part is done; the rest is better handled by your in-house team.",
                )


def expire_offers(context: SeedContext) -> None:
    """What the expiry timer would have done by now: offers past their lifetime expire."""
    with clock.frozen_at(context.now):
        do_expire_offers()


def build_disputed_funding(context: SeedContext) -> None:
    """One client funds a milestone with the sandbox's "disputed later" card: the dispute webhook,
    delivered through the task queue once the demo is committed, freezes that escrow, records a
    chargeback signal and opens a case for staff. The client then removes that card."""
    milestone = (
        Milestone.objects.filter(
            status=MilestoneStatus.PENDING,
            contract__status=ContractStatus.ACTIVE,
            contract__contract_type=ContractType.FIXED,
        )
        .exclude(contract__client__email=DEMO_CLIENT_EMAIL)
        .select_related("contract__client")
        .order_by("pk")
        .first()
    )
    if milestone is None or milestone.contract is None:
        return
    client = milestone.contract.client
    with context.at(2):
        card = payments.do_add_card(
            actor=client, card="4000000000000259", exp_month=12, exp_year=clock.today().year + 3, cvc="123"
        )
        do_fund_milestone(actor=client, milestone=milestone)
        payments.do_remove_card(actor=client, method=card)


def build_hourly_time(context: SeedContext, *, contracts: int = 2) -> None:
    """Hourly contracts with logged time (manual time, where the client allows it): a week two
    weeks back invoiced and charged (the freelancer's money pending), last week invoiced and in
    the client's review window, and time in this week still open. The demo people's first."""
    from workfair.accounts.demo import DEMO_FREELANCER_EMAIL

    with clock.frozen_at(context.now):
        this_week = payments.current_week_start()
    first_week = this_week - dt.timedelta(days=14)
    candidates = Contract.objects.filter(
        contract_type=ContractType.HOURLY,
        status=ContractStatus.ACTIVE,
        manual_time_allowed=True,
        started_at__date__lt=first_week,
    ).select_related("client", "freelancer")
    demo_people = [DEMO_CLIENT_EMAIL, DEMO_FREELANCER_EMAIL]
    chosen = list(candidates.filter(client__email__in=demo_people).order_by("pk")[:1]) + list(
        candidates.filter(freelancer__email__in=demo_people).order_by("pk")[:1]
    )
    chosen += [c for c in candidates.order_by("pk")[: contracts + 2] if c not in chosen]
    if not chosen:  # a small demo has no such contract: the demo client hires someone by the hour
        pair = (
            Contract.objects.filter(client__email=DEMO_CLIENT_EMAIL).order_by("pk").first()
            or Contract.objects.order_by("pk").first()
        )
        if pair is None:
            return
        with context.at(24):
            offer = do_make_offer(
                actor=pair.client,
                freelancer=pair.freelancer,
                title="Ongoing support, by the hour",
                description="Weekly fixes and small features after the first project.",
                contract_type=ContractType.HOURLY,
                currency=pair.currency,
                hourly_rate=5_000,
                weekly_limit_hours=15,
                manual_time_allowed=True,
            )
            chosen = [do_accept_offer(actor=pair.freelancer, offer=offer, nda_version_id=current_nda().pk)]
    memos = ("Planning and set-up", "Implementation", "Fixes after review", "Tests and documentation")
    for contract in chosen[:contracts]:
        for week_start in (first_week, first_week + dt.timedelta(days=7), this_week):
            for n, weekday in enumerate((0, 2, 3)):
                day = week_start + dt.timedelta(days=weekday)
                moment = dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC)
                if moment >= context.now:
                    continue
                with clock.frozen_at(moment):
                    payments.do_log_time(
                        actor=contract.freelancer,
                        contract_type="contracts.contract",
                        contract_id=contract.pk,
                        date=day,
                        minutes=90 + 30 * n,
                        memo=memos[(n + weekday) % len(memos)],
                    )
    with clock.frozen_at(context.now):  # what the hourly timers would have done by now
        payments.do_invoice_closed_weeks()
        payments.do_charge_due_weeks()
        payments.do_mature_hourly_weeks()
