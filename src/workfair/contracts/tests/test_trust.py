"""Contracts and the trust engine: a restricted account cannot start a contract (neither offer nor
accept); a restricted one may still finish a current contract; starts and ends are signals."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.contracts import actions
from workfair.contracts.models import Contract, Offer
from workfair.contracts.queries import current_nda
from workfair.contracts.states import OfferStatus
from workfair.contracts.tests.factories import fixed_offer, proposal_for, started_contract
from workfair.trust.enforcement import AccountRestricted
from workfair.trust.models import Signal
from workfair.trust.tests.factories import set_standing

pytestmark = pytest.mark.django_db


def test_a_restricted_client_cannot_make_an_offer(client_user: Any) -> None:
    proposal = proposal_for(client=client_user)
    set_standing(client_user, "restricted")
    with pytest.raises(AccountRestricted) as refused:
        fixed_offer(proposal)
    assert "You cannot start contracts now." in refused.value.message
    assert not Offer.objects.exists()


def test_a_restricted_freelancer_cannot_accept_an_offer_and_it_stays_pending(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client=client_user))
    set_standing(offer.freelancer, "restricted")
    with pytest.raises(AccountRestricted):
        actions.do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=current_nda().pk)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING
    assert not Contract.objects.exists()


def test_contract_start_and_end_are_signals_and_a_restricted_person_may_still_finish(client_user: Any) -> None:
    contract = started_contract(proposal_for(client=client_user))
    set_standing(client_user, "restricted")
    actions.do_end_contract(actor=client_user, contract=contract, reason="completed")
    kinds = list(Signal.objects.order_by("id").values_list("kind", "target_type", "target_id"))
    assert kinds[-2:] == [
        ("contract.started", "contracts.contract", str(contract.pk)),
        ("contract.ended", "contracts.contract", str(contract.pk)),
    ]
