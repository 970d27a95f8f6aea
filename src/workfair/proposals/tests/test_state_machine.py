"""Random sequences of proposal actions: statuses stay inside the transition table, every refused
action changes nothing, and each credit balance equals the sum of its transactions, never negative."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.core import clock
from workfair.core.errors import WorkfairError
from workfair.core.models import StateChange
from workfair.jobs.tests.factories import JobFactory
from workfair.proposals import actions
from workfair.proposals.models import CreditAccount, CreditTransaction, Proposal
from workfair.proposals.states import PROPOSAL_TRANSITIONS, ProposalStatus
from workfair.proposals.tests.factories import COVER_LETTER

OPS = ["submit", "withdraw", "decline", "shortlist", "unshortlist", "hire", "refill", "refund", "invite"]
step = st.tuples(st.sampled_from(OPS), st.integers(0, 2), st.integers(0, 2))


def snapshot() -> tuple[Any, ...]:
    return (
        sorted(Proposal.objects.values_list("pk", "status")),
        sorted(CreditAccount.objects.values_list("pk", "balance")),
        CreditTransaction.objects.count(),
    )


def check_invariants() -> None:
    for account in CreditAccount.objects.all():
        total = CreditTransaction.objects.filter(account=account).aggregate(total=Sum("delta"))["total"] or 0
        assert account.balance == total
        assert account.balance >= 0
    assert set(Proposal.objects.values_list("status", flat=True)) <= set(ProposalStatus.values)
    for change in StateChange.objects.filter(model="proposals.proposal"):
        assert change.to_state in PROPOSAL_TRANSITIONS[change.from_state]


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=25), costs=st.lists(st.integers(1, 16), min_size=3, max_size=3))
def test_random_proposal_actions_keep_the_invariants(steps: list[tuple[str, int, int]], costs: list[int]) -> None:
    Proposal.objects.all().delete()
    CreditTransaction.objects.all().delete()
    CreditAccount.objects.all().delete()
    StateChange.objects.all().delete()
    client = ClientFactory()
    jobs = [JobFactory(client=client, proposal_credits=cost) for cost in costs]
    freelancers = [FreelancerFactory() for _ in range(3)]
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for op, f, j in steps:
        moment += dt.timedelta(days=9)
        freelancer, job = freelancers[f], jobs[j]
        proposal = Proposal.objects.filter(freelancer=freelancer, job=job).first()
        before = snapshot()
        try:
            with clock.frozen_at(moment):
                if op == "submit":
                    actions.do_submit_proposal(actor=freelancer, job=job, cover_letter=COVER_LETTER, amount=1000)
                elif op == "refill":
                    actions.do_refill_credits(freelancer)
                elif op == "refund":
                    actions.do_refund_credits_for_job(actor=None, job=job)
                elif op == "invite":
                    actions.do_invite_freelancer(actor=client, job=job, freelancer=freelancer, message="")
                elif proposal is None:
                    continue
                elif op == "withdraw":
                    actions.do_withdraw_proposal(actor=freelancer, proposal=proposal)
                elif op == "decline":
                    actions.do_decline_proposal(actor=client, proposal=proposal)
                elif op == "shortlist":
                    actions.do_shortlist_proposal(actor=client, proposal=proposal)
                elif op == "unshortlist":
                    actions.do_unshortlist_proposal(actor=client, proposal=proposal)
                elif op == "hire":
                    actions.do_mark_proposal_hired(actor=freelancer, proposal=proposal)
        except WorkfairError:
            assert snapshot() == before  # a refused action changes nothing
        check_invariants()
