"""Builders for offers and contracts, through the real actions so that every rule applies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workfair.contracts import actions
from workfair.contracts.models import Contract, Offer
from workfair.contracts.queries import current_nda
from workfair.core import clock
from workfair.jobs.tests.factories import JobFactory
from workfair.proposals.tests.factories import ProposalFactory


def proposal_for(client: Any = None, **kwargs: Any) -> Any:
    job = JobFactory(client=client) if client is not None else JobFactory()
    return ProposalFactory(job=job, **kwargs)


def fixed_offer(proposal: Any, amounts: tuple[int, ...] = (10_000, 20_000), **overrides: Any) -> Offer:
    milestones = [
        {"title": f"Part {n}", "amount": amount, "due_date": clock.today() + dt.timedelta(days=7 * n)}
        for n, amount in enumerate(amounts, start=1)
    ]
    kwargs: dict[str, Any] = {
        "actor": proposal.job.client,
        "freelancer": proposal.freelancer,
        "title": "Landing page",
        "description": "Build and ship the landing page.",
        "contract_type": "fixed",
        "currency": "USD",
        "milestones": milestones,
        "job": proposal.job,
        "proposal": proposal,
        **overrides,
    }
    return actions.do_make_offer(**kwargs)


def hourly_offer(proposal: Any, **overrides: Any) -> Offer:
    kwargs: dict[str, Any] = {
        "actor": proposal.job.client,
        "freelancer": proposal.freelancer,
        "title": "Ongoing development",
        "description": "",
        "contract_type": "hourly",
        "currency": "USD",
        "hourly_rate": 4_500,
        "weekly_limit_hours": 20,
        "manual_time_allowed": True,
        "job": proposal.job,
        "proposal": proposal,
        **overrides,
    }
    return actions.do_make_offer(**kwargs)


def started_contract(proposal: Any = None, *, hourly: bool = False) -> Contract:
    proposal = proposal or proposal_for()
    offer = hourly_offer(proposal) if hourly else fixed_offer(proposal)
    return actions.do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=current_nda().pk)
