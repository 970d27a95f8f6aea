"""The sandbox's "disputed later" card: the dispute webhook, delivered through the task queue,
freezes the escrow, records a trust signal and opens a case; a second delivery does nothing."""

from __future__ import annotations

import json

import pytest

from workfair.contracts import actions as contracts
from workfair.contracts.models import Contract
from workfair.core.errors import Conflict, InvalidInput
from workfair.payments import actions, ledger
from workfair.payments.models import Charge, EscrowHold, WebhookEvent
from workfair.payments.processors import get_processor
from workfair.payments.queries import balances_of
from workfair.payments.states import ChargeStatus, EscrowStatus
from workfair.payments.tests.factories import DISPUTED_CARD, add_card
from workfair.payments.tests.flows import fund, milestones
from workfair.trust.models import Case, Signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def disputed(contract: Contract, django_capture_on_commit_callbacks) -> Contract:  # type: ignore[no-untyped-def]
    contract.client.payment_methods.all().delete()
    add_card(contract.client, DISPUTED_CARD)
    with django_capture_on_commit_callbacks(execute=True):
        fund(contract, milestones(contract)[0])
    return contract


def test_a_chargeback_freezes_the_escrow_signals_and_opens_a_case(disputed: Contract) -> None:
    charge = Charge.objects.get()
    assert charge.status == ChargeStatus.DISPUTED
    hold = EscrowHold.objects.get()
    assert hold.status == EscrowStatus.FROZEN
    client = balances_of(disputed.client)
    assert (client.in_escrow, client.frozen) == (0, 10_000)
    assert Signal.objects.filter(kind="payment.chargeback", subject=disputed.client).exists()
    case = Case.objects.get(target_type="payments.charge", target_id=str(charge.pk))
    assert case.subject_id == disputed.client.pk
    assert ledger.verify() == []


def test_frozen_money_cannot_be_released(disputed: Contract) -> None:
    milestone = milestones(disputed)[0]
    contracts.do_submit_milestone(actor=disputed.freelancer, milestone=milestone)
    with pytest.raises(Conflict, match="frozen"):
        contracts.do_approve_milestone(actor=disputed.client, milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.status == "submitted"
    assert balances_of(disputed.freelancer).pending == 0


def test_the_same_event_twice_is_handled_once(disputed: Contract) -> None:
    charge = Charge.objects.get()
    body, signature = get_processor("sandbox").dispute_event(charge.processor_ref)  # type: ignore[attr-defined]
    actions.do_handle_webhook(processor_name="sandbox", payload=body, signature=signature)
    assert WebhookEvent.objects.count() == 1
    assert Signal.objects.filter(kind="payment.chargeback").count() == 1
    assert ledger.verify() == []


def test_a_webhook_with_a_bad_signature_is_refused_and_changes_nothing(contract: Contract) -> None:
    body = json.dumps({"id": "evt_1", "type": "charge.disputed", "data": {"charge": "ch_x"}}).encode()
    with pytest.raises(InvalidInput, match="signature"):
        actions.do_handle_webhook(processor_name="sandbox", payload=body, signature="forged")
    assert not WebhookEvent.objects.exists()
