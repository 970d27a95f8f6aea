"""What a signed-in person's dashboard shows, gathered from the other apps' queries.

The dashboard reads only through `queries` functions of the apps it summarises and shows a few
items of each kind, so it issues the same number of queries however much a person has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse

from workfair.contracts import queries as contract_queries
from workfair.contracts.states import ContractStatus, OfferStatus
from workfair.identity import interface as identity
from workfair.jobs import queries as job_queries
from workfair.jobs.states import JobStatus
from workfair.messaging import queries as message_queries
from workfair.payments import queries as payment_queries
from workfair.profiles import queries as profile_queries
from workfair.proposals import queries as proposal_queries
from workfair.proposals.states import InvitationStatus, ProposalStatus
from workfair.trust import interface as trust

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
    profile: Any = None


@dataclass(frozen=True, slots=True)
class ChecklistStep:
    """One step of getting started: done or not, where to do it, what it unlocks; `needed_now`
    when the account is already held back by it (it shows first, marked)."""

    key: str
    label: str
    done: bool
    url: str
    why: str
    needed_now: bool = False


@dataclass
class Dashboard:
    unread_messages: int
    active_contracts: list[Any]
    client: ClientPanel | None = None
    freelancer: FreelancerPanel | None = None
    needs_role: bool = field(default=False)
    checklist: list[ChecklistStep] = field(default_factory=list)

    @property
    def checklist_done(self) -> int:
        return sum(step.done for step in self.checklist)

    @property
    def checklist_open(self) -> bool:
        return any(not step.done for step in self.checklist)


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
    if user.is_client or user.is_freelancer:
        profile = dashboard.freelancer.profile if dashboard.freelancer is not None else _UNREAD
        dashboard.checklist = onboarding_checklist(user, freelancer_profile=profile)
    return dashboard


# What a verified phone unlocks, by capability (the identity app's REQUIRE_PHONE_FOR setting).
_PHONE_UNLOCKS = {"bid": "send proposals", "post_job": "post jobs", "start_contract": "start contracts",
                  "withdraw": "withdraw money"}  # fmt: skip


_UNREAD = object()  # the freelancer profile was not read yet (None: read, and there is none)


def onboarding_checklist(user: Any, *, freelancer_profile: Any = _UNREAD) -> list[ChecklistStep]:
    """The five steps of getting started (e-mail, phone, profile, identity, payment method), each
    with what it unlocks, so nobody meets a requirement for the first time at the last click. A
    step the account is held back by right now comes first. A fixed number of queries (fewer when
    the dashboard passes the freelancer profile it already read)."""
    phone_for = cast(list[str], settings.WORKFAIR_IDENTITY.get("REQUIRE_PHONE_FOR", ["post_job", "bid"]))
    own_phone_for = [
        c for c in phone_for if (c == "bid" and user.is_freelancer) or (c == "post_job" and user.is_client)
    ]
    phone_unlocks = " and ".join(_PHONE_UNLOCKS.get(c, c.replace("_", " ")) for c in own_phone_for)
    phone_done = identity.phone_verified(user)
    identity_done = identity.has_badge(user, "identity_verified")
    identity_needed = trust.verification_required(user) and not identity_done
    steps = [
        ChecklistStep(
            "email",
            "Confirm your e-mail address",
            EmailAddress.objects.filter(user_id=user.pk, verified=True).exists(),
            reverse("account_email"),
            "So that offers, messages and payments reach you.",
        ),
        ChecklistStep(
            "phone",
            "Verify your phone number",
            phone_done,
            reverse("identity:phone"),
            f"Needed before you {phone_unlocks}." if phone_unlocks else "Helps keep your account yours.",
            needed_now=bool(phone_unlocks) and not phone_done,
        ),
        _profile_step(user, freelancer_profile),
        ChecklistStep(
            "identity",
            "Verify your identity",
            identity_done,
            reverse("identity:verification"),
            "You cannot start contracts, withdraw money or post jobs until it passes."
            if identity_needed
            else "Earns the “Identity verified” badge; we may ask for it before a contract or a withdrawal.",
            needed_now=identity_needed,
        ),
        _payment_step(user),
    ]
    return sorted(steps, key=lambda step: (step.done, not step.needed_now))


def _profile_step(user: Any, freelancer_profile: Any) -> ChecklistStep:
    if user.is_freelancer:
        profile = profile_queries.own_freelancer_profile(user) if freelancer_profile is _UNREAD else freelancer_profile
        done = profile is not None and bool(profile.title and profile.overview) and bool(profile.skills.all())
        why = "A title, an overview and your skills: clients read them before your proposal."
    else:
        client_profile = profile_queries.own_client_profile(user)
        done = client_profile is not None and bool(client_profile.about and client_profile.country)
        why = "Who you are and where: freelancers read it before they apply."
    return ChecklistStep("profile", "Complete your profile", done, reverse("profiles:edit"), why)


def _payment_step(user: Any) -> ChecklistStep:
    if user.is_client:
        done = payment_queries.payment_verified(user.pk)
        why = "Needed before you send an offer: freelancers start knowing the money is there."
        return ChecklistStep("payment", "Add a payment method", done, reverse("payments:cards"), why)
    done = payment_queries.payout_method_of(user) is not None
    return ChecklistStep("payment", "Add a bank account for payouts", done, reverse("payments:add_bank"),
                         "Needed to withdraw what you earn.")  # fmt: skip


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
        profile=profile,
    )
