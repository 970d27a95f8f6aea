"""The demo marketplace's proposals, invitations and interviews, for the stories of
`workfair.demo`: a post's proposals are drawn with the rest of its story, so this app's part is
these helpers rather than a step of its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from workfair.accounts.demo import pick_freelancers
from workfair.accounts.models import User
from workfair.core import clock
from workfair.core.demo import SeedContext
from workfair.core.errors import Conflict
from workfair.jobs.demo import Posts, is_open
from workfair.jobs.models import Job
from workfair.jobs.states import BudgetType
from workfair.messaging.demo import talk
from workfair.messaging.demo_text import INTERVIEW_TURNS
from workfair.proposals.actions import (
    do_decline_invitation,
    do_decline_proposal,
    do_invite_freelancer,
    do_message_applicant,
    do_refill_credits,
    do_shortlist_proposal,
    do_submit_proposal,
    do_withdraw_proposal,
)
from workfair.proposals.demo_text import COVER_BODIES, COVER_CLOSINGS, COVER_OPENINGS
from workfair.proposals.models import Invitation, Proposal

DECLINE_REASONS = (
    "We went with a proposal closer to our budget. Thank you for applying.",
    "We need someone with more experience in this exact area.",
    "We hired someone else; thank you for the thoughtful proposal.",
    "",
)


@dataclass
class Credits:
    """freelancer id -> the last month whose credits the demo gave them."""

    refilled: dict[int, str] = field(default_factory=dict)


def propose(context: SeedContext, job: Job, freelancer: User, ago: float) -> Proposal | None:
    """Send a proposal; None when the freelancer cannot afford it this month (the action
    refuses and changes nothing) or already proposed."""
    rng = context.rng
    if job.budget_type == BudgetType.HOURLY:
        amount = rng.randint(job.budget_min // 100, job.budget_max // 100) * 100
    else:
        amount = max(500, round(job.budget_max * rng.uniform(0.8, 1.15) / 1000) * 1000)
    skills = [skill.name for skill in job.skills.all()] or [job.category.name]
    skill_a, skill_b = rng.choice(skills), rng.choice(skills)
    letter = " ".join(
        (
            rng.choice(COVER_OPENINGS),
            rng.choice(COVER_BODIES).format(
                years=rng.randint(2, 15), skill_a=skill_a, skill_b=skill_b if skill_b != skill_a else "testing"
            ),
            rng.choice(COVER_CLOSINGS).format(hours=rng.choice([10, 20, 30, 40])),
        )
    )
    if not is_open(job):
        return None
    refilled = context.built(Credits).refilled
    with context.at(ago):
        # What the monthly refill task would have done by then (once per freelancer and month).
        if refilled.get(freelancer.pk) != (period := clock.now().strftime("%Y-%m")):
            do_refill_credits(freelancer)
            refilled[freelancer.pk] = period
        try:
            return do_submit_proposal(
                actor=freelancer, job=job, cover_letter=letter, amount=amount, estimated_duration=job.duration
            )
        except Conflict:
            return None


def interview(
    context: SeedContext, proposal: Proposal, ago: float, *, read: bool = True, turns: int | None = None
) -> float:
    """The client opens the conversation about the proposal and they talk; returns when it ended."""
    with context.at(ago):
        conversation = do_message_applicant(actor=proposal.job.client, proposal=proposal)
    script = context.rng.choice(INTERVIEW_TURNS)
    return talk(context, conversation, script[: turns or len(script)], context.later(ago, 0.001, 0.01), read=read)


def settle_others(
    context: SeedContext, job: Job, proposals: Sequence[Proposal], ago: float, *, keep: Sequence[Proposal] = ()
) -> None:
    """The client and the freelancers act on the post's proposals that are not the main one."""
    rng = context.rng
    kept = {proposal.pk for proposal in keep}
    for proposal in proposals:
        if proposal.pk in kept:
            continue
        roll = rng.random()
        moment = context.later(ago, 0.05, 1.5)
        with context.at(moment):
            if roll < 0.22:
                do_shortlist_proposal(actor=job.client, proposal=proposal)
            elif roll < 0.42:
                do_decline_proposal(actor=job.client, proposal=proposal, reason=rng.choice(DECLINE_REASONS))
            elif roll < 0.52:
                do_withdraw_proposal(actor=proposal.freelancer, proposal=proposal, reason="Other commitments.")


def invite(context: SeedContext, job: Job, ago: float, count: int, *, exclude: Sequence[User] = ()) -> list[Invitation]:
    """The client invites freelancers; some propose, some decline, some have not answered."""
    category_index = context.built(Posts).categories.index(job.category)
    invited = pick_freelancers(context, category_index, count, exclude=exclude)
    invitations = []
    for freelancer in invited:
        with context.at(ago):
            invitation = do_invite_freelancer(
                actor=job.client,
                freelancer=freelancer,
                job=job,
                message=f"Hello {freelancer.first_name}, your profile fits this project well. "
                f"Would you send us a proposal?",
            )
        invitations.append(invitation)
        roll = context.rng.random()
        answer = context.later(ago, 0.05, 1.0)
        if roll < 0.45:
            propose(context, job, freelancer, answer)
        elif roll < 0.7:
            with context.at(answer):
                do_decline_invitation(
                    actor=freelancer, invitation=invitation, reason="Fully booked for the next weeks, sorry."
                )
    return invitations
