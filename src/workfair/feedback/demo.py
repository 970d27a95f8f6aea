"""The demo marketplace's feedback: reviews on ended contracts with money paid, through the same
action people use, at believable moments after each contract ended; then the reveal timer a
worker would have run by now (a step, after the contracts are built)."""

from __future__ import annotations

import datetime as dt

from workfair.accounts.demo import DEMO_CLIENT_EMAIL, DEMO_FREELANCER_EMAIL
from workfair.contracts.models import Contract
from workfair.contracts.states import ContractStatus, ContractType, MilestoneStatus
from workfair.core import clock
from workfair.core.demo import SeedContext
from workfair.feedback.actions import do_leave_review, do_reveal_due
from workfair.feedback.states import CRITERIA, REVIEW_WINDOW, ReviewerRole

ABOUT_FREELANCER = {
    5: (
        "Excellent work from start to finish. Clear updates every few days and the delivery matched the brief exactly.",
        "Fast, careful and easy to work with. Caught two problems in our plan before they cost us anything.",
        "Delivered ahead of schedule and documented everything. We will hire again for the next phase.",
    ),
    4: (
        "Good result and friendly communication. A couple of small fixes were needed after delivery, done quickly.",
        "Solid work overall; the first draft needed another round, the final version is what we wanted.",
    ),
    3: ("The work was done, but deadlines slipped twice and we had to chase updates.",),
}
ABOUT_CLIENT = {
    5: (
        "Clear requirements, quick answers and prompt approval of each milestone. A pleasure to work with.",
        "Great client: knew what they wanted, gave useful feedback and paid on time.",
    ),
    4: (
        "Friendly and fair. The scope grew a little along the way, but we agreed on it openly.",
        "Good communication; some answers took a few days, otherwise smooth.",
    ),
    3: ("The brief changed several times, which made the schedule hard to keep.",),
}


def _write(context: SeedContext, contract: Contract, role: str, days_after_end: float) -> None:
    assert contract.ended_at is not None
    rng = context.rng
    rating = rng.choices((5, 4, 3), weights=(6, 3, 1))[0]
    texts = ABOUT_FREELANCER if role == ReviewerRole.CLIENT else ABOUT_CLIENT
    criteria = {key: max(1, min(5, rating + rng.choice((-1, 0, 0, 0, 1)))) for key, _ in CRITERIA[role]}
    when = contract.ended_at + dt.timedelta(days=days_after_end)
    with clock.frozen_at(min(when, context.now - dt.timedelta(minutes=30))):
        do_leave_review(
            actor=contract.client if role == ReviewerRole.CLIENT else contract.freelancer,
            contract=contract,
            rating=rating,
            criteria=criteria,
            text=rng.choice(texts[rating]),
            work_again=rating >= 4,
            recommend=min(10, rating * 2 + rng.choice((-1, 0, 0))),
        )


def build_reviews(context: SeedContext) -> None:
    """Reviews on ended fixed-price contracts with a released milestone: most both sides (so
    revealed at once), some one side only (revealed by the timer when the window closed, or still
    hidden when it is open), some none. The demo people's ended contracts are reviewed by both."""
    contracts = (
        Contract.objects.filter(
            status=ContractStatus.ENDED,
            contract_type=ContractType.FIXED,
            milestones__status=MilestoneStatus.APPROVED,
        )
        .select_related("client", "freelancer")
        .distinct()
        .order_by("pk")
    )
    demo_emails = {DEMO_CLIENT_EMAIL, DEMO_FREELANCER_EMAIL}
    for contract in contracts:
        assert contract.ended_at is not None
        open_days = (context.now - contract.ended_at) / dt.timedelta(days=1)
        if open_days < 0.1:
            continue
        demo_people = {contract.client.email, contract.freelancer.email} & demo_emails
        fate = "both" if demo_people else context.rng.choices(("both", "one", "none"), weights=(7, 2, 1))[0]
        latest = min(open_days, REVIEW_WINDOW / dt.timedelta(days=1)) - 0.05
        if fate == "none":
            continue
        first, second = context.rng.sample((ReviewerRole.CLIENT, ReviewerRole.FREELANCER), 2)
        first_after = context.rng.uniform(0.02, latest * 0.6)
        _write(context, contract, first, first_after)
        if fate == "both":
            _write(context, contract, second, context.rng.uniform(first_after, latest))
    with clock.frozen_at(context.now):
        do_reveal_due()
