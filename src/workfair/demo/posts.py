"""The generated job posts and what happened to each (a step of `workfair.demo.marketplace`).

Each post follows a fate (open, hired, offer declined, ...): its proposals, interview, offer,
contract and conversations are drawn together, post after post, with the helpers of the jobs,
proposals, contracts and messaging apps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workfair.accounts.demo import People, pick_freelancers
from workfair.accounts.models import User
from workfair.contracts.actions import do_decline_offer, do_withdraw_offer
from workfair.contracts.demo import accept, make_offer, run_contract
from workfair.contracts.models import Contract, Offer
from workfair.contracts.states import ContractType
from workfair.core.demo import SeedContext
from workfair.jobs.actions import do_close_job
from workfair.jobs.demo import Posts, is_open, post_job
from workfair.jobs.models import Job
from workfair.jobs.states import CloseReason, JobVisibility
from workfair.proposals.demo import interview, invite, propose, settle_others
from workfair.proposals.models import Proposal

JOBS = 150

# The fates of the generated posts, in a repeating cycle so that even a small scale reaches every
# state. "hired_open": a contract started but the client keeps the post open to hire more.
FATE_CYCLE: tuple[str, ...] = (
    "open",
    "hired_active",
    "open",
    "offer_pending",
    "cancelled",
    "draft",
    "open",
    "hired_ended",
    "offer_declined",
    "expired",
    "open",
    "hired_paused",
    "offer_withdrawn",
    "open",
    "offer_expired",
    "hired_open",
    "open",
    "hired_ended",
    "open",
    "hired_active",
)
# How many days ago a post of each fate opened: windows that keep open posts and pending offers
# inside their 30- and 14-day lives, and put expired ones past them.
OPENED_DAYS_AGO: dict[str, tuple[float, float]] = {
    "open": (0.3, 20.0),
    "offer_pending": (2.0, 9.0),
    "offer_declined": (5.0, 24.0),
    "offer_withdrawn": (5.0, 24.0),
    "offer_expired": (21.0, 27.0),
    "hired_open": (8.0, 25.0),
    "hired_active": (14.0, 70.0),
    "hired_paused": (20.0, 70.0),
    "hired_ended": (45.0, 150.0),
    "cancelled": (5.0, 60.0),
    "expired": (32.0, 80.0),
}
HIRED_FATES = frozenset({"hired_open", "hired_active", "hired_paused", "hired_ended"})
OFFER_FATES = frozenset({"offer_pending", "offer_declined", "offer_withdrawn", "offer_expired"})


@dataclass
class Story:
    """What happened around one job post."""

    job: Job
    proposals: list[Proposal] = field(default_factory=list)
    offer: Offer | None = None
    contract: Contract | None = None


@dataclass
class Generated:
    """The generated posts with their fates, and how many finished fixed-price contracts there are."""

    stories: list[tuple[str, Story]] = field(default_factory=list)
    ended_fixed: int = 0


def build_posts(context: SeedContext) -> None:
    """The generated posts, each following the next fate of the cycle."""
    clients = context.built(People).clients
    stories = context.built(Generated).stories
    for index in range(max(len(FATE_CYCLE) + 5, round(JOBS * context.scale))):
        fate = FATE_CYCLE[index % len(FATE_CYCLE)]
        # Every client posts at least once; after that, some clients post far more than others.
        if index < len(clients):
            client = clients[index]
        else:
            client = context.rng.choices(clients, weights=range(len(clients), 0, -1))[0]
        stories.append((fate, job_story(context, client, fate)))


def job_story(context: SeedContext, client: User, fate: str) -> Story:
    """One generated post and what happened to it, following `fate`."""
    rng = context.rng
    generated = context.built(Generated)
    category = rng.randrange(len(context.built(Posts).categories))
    if fate == "draft":
        created = rng.uniform(0.5, 15)
        return Story(job=post_job(context, client, category, created_ago=created, opened_ago=None))
    opened = rng.uniform(*OPENED_DAYS_AGO[fate])
    visibility = JobVisibility.PUBLIC
    if fate == "open":
        visibility = rng.choices(
            [JobVisibility.PUBLIC, JobVisibility.MEMBERS, JobVisibility.INVITE_ONLY], weights=[70, 20, 10]
        )[0]
    job = post_job(
        context, client, category, created_ago=opened + rng.uniform(0.05, 2), opened_ago=opened, visibility=visibility
    )
    story = Story(job=job)
    if not is_open(job):
        return story
    if visibility == JobVisibility.INVITE_ONLY:
        invite(context, job, context.later(opened, 0.01, 0.5), rng.randint(2, 3))
        return story
    # Proposals arrive in the first days after the post opens.
    window = min(3.0, opened * 0.5)
    times = sorted((context.later(opened, 0.01, window) for _ in range(rng.randint(2, 7))), reverse=True)
    applicants = pick_freelancers(context, category, len(times))
    for freelancer, ago in zip(applicants, times, strict=False):
        proposal = propose(context, job, freelancer, ago)
        if proposal is not None:
            story.proposals.append(proposal)
    last = times[-1]
    if fate == "open" and rng.random() < 0.3:
        invite(context, job, context.later(opened, 0.01, 0.5), rng.randint(1, 2), exclude=applicants)
    if not story.proposals:
        return story
    main = story.proposals[0]
    if fate == "open":
        if rng.random() < 0.35:
            interview(context, main, context.later(last, 0.05, 0.5), read=rng.random() < 0.6)
        settle_others(context, job, story.proposals, last)
    elif fate in OFFER_FATES or fate in HIRED_FATES:
        talked = interview(context, main, context.later(last, 0.05, 0.5))
        offered = context.later(talked, 0.05, 0.6)
        story.offer = make_offer(context, main, offered)
        answered = context.later(offered, 0.1, 1.5)
        if fate == "offer_declined":
            with context.at(answered):
                do_decline_offer(
                    actor=main.freelancer,
                    offer=story.offer,
                    reason="I have taken on another project and cannot give this the time it needs.",
                )
        elif fate == "offer_withdrawn":
            with context.at(answered):
                do_withdraw_offer(actor=client, offer=story.offer)
        elif fate in HIRED_FATES:
            story.contract = accept(context, story.offer, answered)
            if fate != "hired_open":
                with context.at(context.later(answered, 0.01, 0.2)):
                    do_close_job(actor=client, job=job, reason=CloseReason.HIRED)
            completed = True
            if fate == "hired_ended" and story.contract.contract_type == ContractType.FIXED:
                # Every third finished fixed-price contract (the first among them) ended early, its
                # unfunded milestones cancelled.
                completed = generated.ended_fixed % 3 != 0
                generated.ended_fixed += 1
            elif fate == "hired_ended":
                completed = rng.random() < 0.7
            run_contract(context, story.contract, fate, answered, completed=completed)
        settle_others(context, job, story.proposals, answered, keep=[main])
    elif fate == "cancelled":
        settle_others(context, job, story.proposals, last)
        with context.at(context.later(last, 0.5, 3)):
            do_close_job(actor=client, job=job, reason=CloseReason.CANCELLED)
    return story


def open_stories(context: SeedContext, category_index: int | None = None) -> list[Story]:
    """Generated posts still open to anyone signed in, newest first (for the demo freelancer)."""
    categories = context.built(Posts).categories
    stories = [
        story
        for fate, story in context.built(Generated).stories
        if fate == "open"
        and story.job.visibility != JobVisibility.INVITE_ONLY
        and (category_index is None or categories.index(story.job.category) == category_index)
    ]
    return sorted(stories, key=lambda story: story.job.opened_at or story.job.created_at, reverse=True)
