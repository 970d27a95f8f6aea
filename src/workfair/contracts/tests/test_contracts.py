"""Pausing, resuming and ending contracts; the milestone seam for the payments app."""

from __future__ import annotations

import pytest

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.contracts import actions, queries
from workfair.contracts.states import ContractStatus, EndReason, MilestoneStatus
from workfair.contracts.tests.factories import started_contract
from workfair.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied

pytestmark = pytest.mark.django_db


def test_client_pauses_and_resumes() -> None:
    contract = started_contract()
    with pytest.raises(PermissionDenied):
        actions.do_pause_contract(actor=contract.freelancer, contract=contract)
    actions.do_pause_contract(actor=contract.client, contract=contract)
    assert contract.status == ContractStatus.PAUSED
    with pytest.raises(InvalidTransition):
        actions.do_pause_contract(actor=contract.client, contract=contract)
    with pytest.raises(PermissionDenied):
        actions.do_resume_contract(actor=contract.freelancer, contract=contract)
    actions.do_resume_contract(actor=contract.client, contract=contract)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE


def test_either_side_ends_with_a_recorded_reason() -> None:
    by_client = started_contract()
    actions.do_end_contract(actor=by_client.client, contract=by_client, reason="", note="Thanks!")
    by_client.refresh_from_db()
    assert (by_client.status, by_client.end_reason, by_client.end_note) == ("ended", EndReason.CLIENT_ENDED, "Thanks!")
    assert by_client.ended_at is not None
    by_freelancer = started_contract()
    actions.do_end_contract(actor=by_freelancer.freelancer, contract=by_freelancer, reason="completed")
    by_freelancer.refresh_from_db()
    assert by_freelancer.end_reason == EndReason.COMPLETED
    assert not queries.active_contract_between(by_freelancer.client_id, by_freelancer.freelancer_id)


def test_ending_refusals_change_nothing() -> None:
    contract = started_contract()
    with pytest.raises(PermissionDenied):
        actions.do_end_contract(actor=ClientFactory(), contract=contract)
    with pytest.raises(InvalidInput):
        actions.do_end_contract(actor=contract.freelancer, contract=contract, reason="client_ended")
    contract.refresh_from_db()
    assert (contract.status, contract.ended_at) == (ContractStatus.ACTIVE, None)
    actions.do_end_contract(actor=contract.client, contract=contract)
    with pytest.raises(InvalidTransition, match="already ended"):
        actions.do_end_contract(actor=contract.freelancer, contract=contract)


def test_ending_cancels_unfunded_milestones_and_keeps_funded_ones() -> None:
    contract = started_contract()
    first, second = contract.milestones.all()
    actions.do_mark_milestone_funded(actor=None, milestone=first)
    actions.do_end_contract(actor=contract.client, contract=contract)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (MilestoneStatus.FUNDED, MilestoneStatus.CANCELLED)


def test_milestone_life_funded_submitted_changes_approved() -> None:
    contract = started_contract()
    milestone = contract.milestones.first()
    assert milestone is not None
    with pytest.raises(InvalidTransition, match="not funded yet"):
        actions.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    actions.do_mark_milestone_funded(actor=None, milestone=milestone)
    actions.do_submit_milestone(actor=contract.freelancer, milestone=milestone, note="First draft")
    assert (milestone.status, milestone.submission_note) == (MilestoneStatus.SUBMITTED, "First draft")
    assert milestone.submitted_at is not None
    actions.do_request_milestone_changes(actor=contract.client, milestone=milestone, note="Bigger logo")
    assert (milestone.status, milestone.changes_note) == (MilestoneStatus.CHANGES_REQUESTED, "Bigger logo")
    actions.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    actions.do_approve_milestone(actor=contract.client, milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.APPROVED
    assert milestone.approved_at is not None


def test_only_the_payments_system_or_staff_fund_milestones() -> None:
    contract = started_contract()
    milestone = contract.milestones.first()
    assert milestone is not None
    for person in (contract.client, contract.freelancer):
        with pytest.raises(PermissionDenied):
            actions.do_mark_milestone_funded(actor=person, milestone=milestone)
    actions.do_mark_milestone_funded(actor=ClientFactory(is_staff=True), milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.FUNDED


def test_milestone_roles_are_enforced() -> None:
    contract = started_contract()
    milestone = contract.milestones.first()
    assert milestone is not None
    actions.do_mark_milestone_funded(actor=None, milestone=milestone)
    with pytest.raises(PermissionDenied):
        actions.do_submit_milestone(actor=contract.client, milestone=milestone)
    actions.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    with pytest.raises(PermissionDenied):
        actions.do_approve_milestone(actor=contract.freelancer, milestone=milestone)
    with pytest.raises(InvalidInput):
        actions.do_request_milestone_changes(actor=contract.client, milestone=milestone, note="  ")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SUBMITTED


def test_no_submission_while_paused() -> None:
    contract = started_contract()
    milestone = contract.milestones.first()
    assert milestone is not None
    actions.do_mark_milestone_funded(actor=None, milestone=milestone)
    actions.do_pause_contract(actor=contract.client, contract=contract)
    with pytest.raises(Conflict, match="paused"):
        actions.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.FUNDED


def test_contract_access_and_lists() -> None:
    contract = started_contract()
    other = started_contract()
    assert queries.access_contract_by_id(contract.client, contract.pk) == contract
    assert queries.access_contract_by_id(contract.freelancer, contract.pk) == contract
    for stranger in (other.client, other.freelancer, FreelancerFactory()):
        with pytest.raises(NotFound):
            queries.access_contract_by_id(stranger, contract.pk)
        with pytest.raises(NotFound):
            queries.access_milestone_by_id(stranger, contract.milestones.first().pk)  # type: ignore[union-attr]
    assert list(queries.contracts_for_user(contract.client)) == [contract]
    assert list(queries.contracts_for_user(contract.freelancer, ContractStatus.ENDED)) == []
    with pytest.raises(InvalidInput):
        queries.contracts_for_user(contract.client, "bogus")
