"""The two published demo people and everything around them (two steps of
`workfair.demo.marketplace`, around the generated posts).

Dana (the demo client, owner of Northwind Studio) has open posts with proposals, a shortlist, an
unread reply, a draft, a cancelled post, an active hourly contract with Maya, an active
fixed-price contract with milestones and a finished one. Maya (the demo freelancer) has that
contract, proposals in several states, a pending invitation, a pending offer and a finished
contract; her life on other clients' posts is built after those posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workfair.accounts.actions import do_add_member, do_create_organization, do_set_verified_name
from workfair.accounts.demo import DEMO_CLIENT_EMAIL, DEMO_FREELANCER_EMAIL, People, person, pick_freelancers
from workfair.accounts.models import User
from workfair.accounts.states import OrganizationRole
from workfair.contracts.demo import accept, make_offer, run_contract
from workfair.core.demo import SeedContext
from workfair.demo.posts import open_stories
from workfair.identity.interface import BadgeKind, do_grant_badge
from workfair.jobs.actions import do_close_job
from workfair.jobs.demo import is_open, post_job
from workfair.jobs.models import Job
from workfair.jobs.states import BudgetType, CloseReason, ExperienceLevel, JobDuration, JobVisibility
from workfair.messaging.actions import do_open_conversation, do_send_message
from workfair.messaging.demo import talk
from workfair.messaging.demo_text import CONTRACT_TURNS
from workfair.messaging.states import ConversationKind
from workfair.payments import demo as payments
from workfair.profiles.demo import client_profile, freelancer_profile
from workfair.profiles.states import Visibility
from workfair.proposals.actions import do_decline_proposal, do_invite_freelancer, do_shortlist_proposal
from workfair.proposals.demo import interview, propose
from workfair.proposals.models import Proposal

WEB = 0  # index of "Web Development" in workfair.skills.demo_text.CATEGORIES
DESIGN = 3
DATA = 2
MOBILE = 1


@dataclass
class Published:
    """The demo freelancer, once `dana_and_maya()` has built her."""

    maya: User | None = None


def dana_and_maya(context: SeedContext) -> None:
    """Dana and Maya, and Dana's posts (before the generated ones, while everyone still has this
    month's credits)."""
    people = context.built(People)
    dana = person(
        context,
        first="Dana",
        last="Whitfield",
        email=DEMO_CLIENT_EMAIL,
        client=True,
        freelancer=False,
        joined_ago=400,
    )
    client_profile(context, dana, joined_ago=399, company="Northwind Studio", place=("Berlin", "DE"))
    payments.add_card(context, dana)
    with context.at(398):
        studio = do_create_organization(dana, "Northwind Studio")
        do_add_member(dana, studio, people.clients[-1].email, OrganizationRole.MEMBER)
    people.organization_of[dana.pk] = studio
    maya = person(
        context,
        first="Maya",
        last="Lindqvist",
        email=DEMO_FREELANCER_EMAIL,
        client=False,
        freelancer=True,
        joined_ago=380,
    )
    freelancer_profile(
        context,
        maya,
        WEB,
        joined_ago=379,
        title="Full-stack Django developer",
        overview=(
            "I build web applications with Django, PostgreSQL and React for small teams that need software "
            "they can keep running. Eight years in, I care most about clear code, tests that catch real "
            "problems and handovers that leave you independent. I answer messages within a working day."
        ),
        skills=["Python", "Django", "PostgreSQL", "React", "TypeScript", "HTML & CSS"],
        rate=6500,
        visibility=Visibility.PUBLIC,
    )
    # Maya passed identity verification before the demo starts: her badge and verified name.
    with context.at(370):
        do_grant_badge(maya, BadgeKind.IDENTITY_VERIFIED)
        do_set_verified_name(maya, first_name="Maya", last_name="Lindqvist", actor=None)
    context.built(Published).maya = maya
    dana_posts(context, dana, maya)


def dana_posts(context: SeedContext, dana: User, maya: User) -> None:
    # 1. Open post, hourly: Maya hired (active contract), the post stays open for a second developer.
    booking = post_job(
        context,
        dana,
        WEB,
        created_ago=9.5,
        opened_ago=9,
        title="Django developer for our client booking platform",
        need="Our studio books workshops for companies. We need a developer to finish the booking "
        "platform: calendars, invoices and a small admin for our coordinators. We may hire two people.",
        budget_type=BudgetType.HOURLY,
        budget_min=5000,
        budget_max=7500,
        currency="USD",
        duration=JobDuration.THREE_TO_SIX,
        experience_level=ExperienceLevel.EXPERT,
    )
    others: list[Proposal] = []
    mine = propose(context, booking, maya, 8.8)
    assert mine is not None
    for freelancer, ago in zip(pick_freelancers(context, WEB, 4, exclude=[maya]), (8.6, 8.1, 7.5, 6.9), strict=False):
        proposal = propose(context, booking, freelancer, ago)
        if proposal is not None:
            others.append(proposal)
    talked = interview(context, mine, 7.0, read=True)
    offer = make_offer(context, mine, context.later(talked, 0.05, 0.2))
    contract = accept(context, offer, 6.0)
    conversation = do_open_conversation(
        actor=None,
        kind=ConversationKind.CONTRACT,
        client=dana,
        freelancer=maya,
        subject=contract.title,
        contract=contract,
    )
    # Recent messages; the last one, from Maya, is still unread for Dana.
    talk(context, conversation, CONTRACT_TURNS[1], 5.5, read=True)
    with context.at(0.2):
        do_send_message(
            actor=maya,
            conversation=conversation,
            body="Hi Dana, the calendar view is ready on the staging site. Could you try it before Friday?",
        )
    if others:
        with context.at(5.0):
            do_shortlist_proposal(actor=dana, proposal=others[0])
        if len(others) > 1:
            with context.at(4.8):
                do_decline_proposal(actor=dana, proposal=others[1], reason="We need more experience with payments.")

    # 2. Open post, fixed: fresh proposals, one shortlisted, an interview with an unread reply.
    brand = post_job(
        context,
        dana,
        DESIGN,
        created_ago=4.2,
        opened_ago=4,
        title="Brand refresh for a workshop studio",
        need="Our logo and colours are ten years old. We want a refreshed identity that still feels like us, "
        "and templates for slides and social posts.",
        budget_type=BudgetType.FIXED,
        budget_min=250000,
        budget_max=250000,
        currency="EUR",
    )
    designs = [
        proposal
        for freelancer, ago in zip(pick_freelancers(context, DESIGN, 5), (3.8, 3.5, 3.1, 2.4, 1.2), strict=False)
        if (proposal := propose(context, brand, freelancer, ago)) is not None
    ]
    if designs:
        with context.at(1.0):
            do_shortlist_proposal(actor=dana, proposal=designs[0])
        interview(context, designs[0], 0.9, read=False, turns=2)

    # 3. Closed as hired: an active fixed-price contract with milestones at different stages.
    report = post_job(
        context,
        dana,
        DATA,
        created_ago=31,
        opened_ago=30,
        title="Sales dashboard for our workshop bookings",
        need="We want to see bookings, revenue and repeat customers per month in one dashboard.",
        budget_type=BudgetType.FIXED,
        budget_min=300000,
        budget_max=300000,
        currency="USD",
    )
    analysts = [
        proposal
        for freelancer, ago in zip(pick_freelancers(context, DATA, 3), (29.5, 29.0, 28.2), strict=False)
        if (proposal := propose(context, report, freelancer, ago)) is not None
    ]
    if analysts:
        talked = interview(context, analysts[0], 27.5)
        offer = make_offer(context, analysts[0], context.later(talked, 0.05, 0.2), parts=3)
        contract = accept(context, offer, 26.5)
        with context.at(26.4):
            do_close_job(actor=dana, job=report, reason=CloseReason.HIRED)
        # The first milestone approved, the second submitted and waiting for Dana, the third not funded.
        run_contract(context, contract, "hired_active", 26.4, request_changes=False)

    # 4. A draft. 5. A cancelled post. 6. A members-only post that just opened.
    post_job(
        context,
        dana,
        WEB,
        created_ago=1.5,
        opened_ago=None,
        title="Help-centre articles for our booking platform",
        need="About twenty short articles that answer what our customers ask us every week.",
    )
    cancelled = post_job(context, dana, MOBILE, created_ago=21, opened_ago=20)
    for freelancer, ago in zip(pick_freelancers(context, MOBILE, 2), (19.5, 18.9), strict=False):
        propose(context, cancelled, freelancer, ago)
    with context.at(15):
        do_close_job(actor=dana, job=cancelled, reason=CloseReason.CANCELLED)
    fresh = post_job(context, dana, MOBILE, created_ago=2.1, opened_ago=2, visibility=JobVisibility.MEMBERS)
    for freelancer, ago in zip(pick_freelancers(context, MOBILE, 2), (1.5, 0.6), strict=False):
        propose(context, fresh, freelancer, ago)

    # 7. A finished contract with a web freelancer, months ago.
    old = post_job(context, dana, WEB, created_ago=121, opened_ago=120)
    finished = [
        proposal
        for freelancer, ago in zip(pick_freelancers(context, WEB, 2, exclude=[maya]), (119, 118.5), strict=False)
        if (proposal := propose(context, old, freelancer, ago)) is not None
    ]
    if finished:
        talked = interview(context, finished[0], 118)
        contract = accept(context, make_offer(context, finished[0], context.later(talked, 0.05, 0.2)), 117)
        with context.at(116.9):
            do_close_job(actor=dana, job=old, reason=CloseReason.HIRED)
        run_contract(context, contract, "hired_ended", 116.9, end_ago=80)


def open_post(context: SeedContext, first_client: int, category_index: int, **fields: Any) -> Job:
    """A post by the `first_client`-th client, or by the next ones while review holds it (a
    client who posted a lot that day is held by the velocity rule)."""
    clients = context.built(People).clients
    for offset in range(len(clients)):
        client = clients[(first_client + offset) % len(clients)]
        job = post_job(context, client, category_index, **fields)
        if is_open(job):
            return job
    raise RuntimeError("review held every demo client's post")  # pragma: no cover - policy changed


def maya_elsewhere(context: SeedContext) -> None:
    """Maya's life on other clients' posts (built after them)."""
    maya = context.built(Published).maya
    assert maya is not None, "dana_and_maya() comes first"
    # Proposals on other clients' open posts: one waits, one shortlisted, one declined.
    targets = open_stories(context, WEB)[:3]
    targets += [
        story
        for story in open_stories(
            context,
        )
        if story not in targets
    ][: 3 - len(targets)]
    for index, story in enumerate(targets):
        opened_ago = (context.now - (story.job.opened_at or context.now)).total_seconds() / 86400
        sent = context.later(opened_ago, 0.01, min(1.0, opened_ago / 2))
        proposal = propose(context, story.job, maya, sent)
        if proposal is None:
            continue
        decided = context.later(sent, 0.01, min(1.0, sent / 2))
        with context.at(decided):
            if index == 1:
                do_shortlist_proposal(actor=story.job.client, proposal=proposal)
            elif index == 2:
                do_decline_proposal(
                    actor=story.job.client, proposal=proposal, reason="We chose someone in our time zone."
                )
    # A pending offer after an interview.
    api = open_post(
        context,
        1,
        WEB,
        created_ago=6.2,
        opened_ago=6,
        title="Django REST API for a delivery tracking app",
        need="Drivers update deliveries from a phone app; we need the API behind it, with tests.",
        budget_type=BudgetType.HOURLY,
        budget_min=5500,
        budget_max=7000,
        currency="USD",
    )
    proposal = propose(context, api, maya, 5.5)
    if proposal is not None:
        talked = interview(context, proposal, 3.0, read=False)
        make_offer(context, proposal, context.later(talked, 0.05, 0.2))
    # A pending invitation.
    automation = open_post(
        context,
        2,
        DATA,
        created_ago=3.1,
        opened_ago=3,
        title="Python developer to automate our monthly reporting",
        need="Numbers come from four spreadsheets and our shop's database; we want one script and a report.",
    )
    with context.at(2.5):
        do_invite_freelancer(
            actor=automation.client,
            job=automation,
            freelancer=maya,
            message="Hello Maya, your Django and PostgreSQL work looks like a great fit. Would you propose?",
        )
    # A finished fixed-price contract from earlier in the year.
    shop = open_post(
        context,
        3,
        WEB,
        created_ago=91,
        opened_ago=90,
        title="Add card payments and invoices to our Django shop",
        budget_type=BudgetType.FIXED,
        budget_min=180000,
        budget_max=180000,
        currency="USD",
    )
    proposal = propose(context, shop, maya, 89)
    if proposal is not None:
        talked = interview(context, proposal, 88)
        contract = accept(context, make_offer(context, proposal, context.later(talked, 0.05, 0.2)), 87)
        with context.at(86.9):
            do_close_job(actor=shop.client, job=shop, reason=CloseReason.HIRED)
        run_contract(context, contract, "hired_ended", 86.9, end_ago=60)
