"""Random sequences of offer, contract and milestone actions never leave the transition tables,
and a refused action changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workfair.contracts import actions
from workfair.contracts.models import Contract, Milestone, NdaAcceptance, Offer
from workfair.contracts.queries import current_nda
from workfair.contracts.states import CONTRACT_TRANSITIONS, MILESTONE_TRANSITIONS, OFFER_TRANSITIONS
from workfair.contracts.tests.factories import fixed_offer, proposal_for
from workfair.core import clock
from workfair.core.errors import WorkfairError
from workfair.core.models import StateChange

OPS = [
    "offer", "withdraw", "decline", "accept", "expire", "pause", "resume", "end_client", "end_freelancer",
    "fund", "submit", "approve", "changes",
]  # fmt: skip
TABLES = {
    "contracts.offer": OFFER_TRANSITIONS,
    "contracts.contract": CONTRACT_TRANSITIONS,
    "contracts.milestone": MILESTONE_TRANSITIONS,
}


def snapshot() -> tuple[Any, ...]:
    return (
        sorted(Offer.objects.values_list("pk", "status")),
        sorted(Contract.objects.values_list("pk", "status")),
        sorted(Milestone.objects.values_list("pk", "status", "contract_id")),
        NdaAcceptance.objects.count(),
    )


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 1)), min_size=1, max_size=25))
def test_random_contract_actions_stay_in_the_tables(steps: list[tuple[str, int]]) -> None:
    StateChange.objects.all().delete()
    proposals = [proposal_for() for _ in range(2)]
    nda_id = current_nda().pk
    moment = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    for op, n in steps:
        moment += dt.timedelta(days=3)
        proposal = proposals[n]
        offer = Offer.objects.filter(proposal=proposal).order_by("-id").first()
        contract = Contract.objects.filter(offer__proposal=proposal).first()
        milestone = Milestone.objects.filter(contract=contract).order_by("?").first() if contract else None
        client, freelancer = proposal.job.client, proposal.freelancer
        before = snapshot()
        try:
            with clock.frozen_at(moment):
                if op == "offer":
                    fixed_offer(proposal)
                elif op == "expire":
                    actions.do_expire_offers()
                elif offer is not None and op == "withdraw":
                    actions.do_withdraw_offer(actor=client, offer=offer)
                elif offer is not None and op == "decline":
                    actions.do_decline_offer(actor=freelancer, offer=offer)
                elif offer is not None and op == "accept":
                    actions.do_accept_offer(actor=freelancer, offer=offer, nda_version_id=nda_id)
                elif contract is not None and op == "pause":
                    actions.do_pause_contract(actor=client, contract=contract)
                elif contract is not None and op == "resume":
                    actions.do_resume_contract(actor=client, contract=contract)
                elif contract is not None and op == "end_client":
                    actions.do_end_contract(actor=client, contract=contract)
                elif contract is not None and op == "end_freelancer":
                    actions.do_end_contract(actor=freelancer, contract=contract, reason="completed")
                elif milestone is not None and op == "fund":
                    actions.do_mark_milestone_funded(actor=None, milestone=milestone)
                elif milestone is not None and op == "submit":
                    actions.do_submit_milestone(actor=freelancer, milestone=milestone)
                elif milestone is not None and op == "approve":
                    actions.do_approve_milestone(actor=client, milestone=milestone)
                elif milestone is not None and op == "changes":
                    actions.do_request_milestone_changes(actor=client, milestone=milestone, note="More")
        except WorkfairError:
            assert snapshot() == before
        for change in StateChange.objects.filter(model__in=TABLES):
            assert change.to_state in TABLES[change.model][change.from_state], change
        # One contract per offer at most, and only accepted offers have one.
        assert set(Contract.objects.values_list("offer__status", flat=True)) <= {"accepted"}
        assert Contract.objects.count() == NdaAcceptance.objects.count()
