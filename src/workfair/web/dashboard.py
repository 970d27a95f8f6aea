"""What a signed-in person's dashboard shows, gathered from the other apps' queries.

The dashboard reads only through `queries` functions of the apps it summarises and shows a few
items of each kind, so it issues the same number of queries however much a person has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from workfair.contracts import queries as contract_queries
from workfair.contracts.states import ContractStatus, OfferStatus
from workfair.jobs import queries as job_queries
from workfair.jobs.states import JobStatus
from workfair.messaging import queries as message_queries
from workfair.profiles import queries as profile_queries
from workfair.proposals import queries as proposal_queries
from workfair.proposals.states import InvitationStatus, ProposalStatus

ITEMS_PER_PANEL = 5


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class ClientPanel:
    """The hiring side: posts, offers sent and waiting, how many posts are in each state."""

    open_jobs: list[Any]
    open_jobs_total: int
    jobs_in_review: int
    drafts: int
    pending_offers: list[Any]


@dataclass
class FreelancerPanel:
    """The working side: proposals by state, invitations and offers waiting, credits, suggestions."""

    proposal_counts: list[StatusCount]
    active_proposals: int
    recent_proposals: list[Any]
    invitations: list[Any]
    offers_waiting: list[Any]
    credits: int
    recommended_jobs: list[Any]
    has_skills: bool


@dataclass
class Dashboard:
    unread_messages: int
    active_contracts: list[Any]
    client: ClientPanel | None = None
    freelancer: FreelancerPanel | None = None
    needs_role: bool = field(default=False)


def build_dashboard(user: Any) -> Dashboard:
    """Everything the dashboard of `user` shows, for each role the person has."""
    dashboard = Dashboard(
        unread_messages=message_queries.unread_total(user),
        active_contracts=list(contract_queries.contracts_for_user(user, ContractStatus.ACTIVE)[:ITEMS_PER_PANEL]),
        needs_role=not (user.is_client or user.is_freelancer),
    )
    if user.is_client:
        dashboard.client = _client_panel(user)
    if user.is_freelancer:
        dashboard.freelancer = _freelancer_panel(user)
    return dashboard


def _client_panel(user: Any) -> ClientPanel:
    counts = job_queries.count_jobs_of_client_by_status(user)
    # One query for the posts and their proposal counts; withdrawn proposals are not the client's
    # to read, so they are not counted.
    open_jobs = job_queries.jobs_of_client(user, JobStatus.OPEN).annotate(
        proposal_count=Count("proposals", filter=~Q(proposals__status=ProposalStatus.WITHDRAWN))
    )
    return ClientPanel(
        open_jobs=list(open_jobs[:ITEMS_PER_PANEL]),
        open_jobs_total=counts[JobStatus.OPEN],
        jobs_in_review=counts[JobStatus.SUBMITTED],
        drafts=counts[JobStatus.DRAFT],
        pending_offers=list(
            contract_queries.offers_for_user(user, "sent").filter(status=OfferStatus.PENDING)[:ITEMS_PER_PANEL]
        ),
    )


def _freelancer_panel(user: Any) -> FreelancerPanel:
    proposals = proposal_queries.proposals_of_freelancer(user)
    by_status = dict(proposals.values_list("status").annotate(n=Count("id")).order_by())
    shown = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.HIRED, ProposalStatus.DECLINED)
    profile = profile_queries.own_freelancer_profile(user)
    skill_slugs = [skill.slug for skill in profile.skills.all()] if profile is not None else []
    recommended, _total = job_queries.search_jobs(user, skills=skill_slugs, size=ITEMS_PER_PANEL)
    return FreelancerPanel(
        proposal_counts=[StatusCount(s.value, s.label, by_status.get(s.value, 0)) for s in shown],
        active_proposals=by_status.get(ProposalStatus.SUBMITTED, 0) + by_status.get(ProposalStatus.SHORTLISTED, 0),
        recent_proposals=list(
            proposals.filter(status__in=(ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED))[:ITEMS_PER_PANEL]
        ),
        invitations=list(proposal_queries.invitations_of_freelancer(user, InvitationStatus.PENDING)[:ITEMS_PER_PANEL]),
        offers_waiting=list(
            contract_queries.offers_for_user(user, "received").filter(status=OfferStatus.PENDING)[:ITEMS_PER_PANEL]
        ),
        credits=proposal_queries.credit_balance(user),
        recommended_jobs=[job for job in recommended if job.client_id != user.pk],
        has_skills=bool(skill_slugs),
    )
