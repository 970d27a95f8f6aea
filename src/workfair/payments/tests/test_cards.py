"""Adding a card: the sandbox's test cards, what is kept, the 3-D Secure step, card-testing defence."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.contracts.tests.factories import fixed_offer, proposal_for
from workfair.core.errors import InvalidInput, PermissionDenied, RateLimited
from workfair.payments import actions
from workfair.payments.interface import payment_verified
from workfair.payments.models import PaymentMethod
from workfair.payments.states import MethodStatus
from workfair.payments.tests.factories import DECLINED_CARD, OK_CARD, THREE_DS_CARD, add_card
from workfair.trust.models import Signal

pytestmark = pytest.mark.django_db


def new_client() -> Any:
    return ClientFactory(payment_method=False)


def test_a_good_card_is_verified_and_only_its_token_brand_and_last4_are_kept() -> None:
    client = new_client()
    assert not payment_verified(client.pk)
    method = add_card(client, "4242 4242 4242 4242")
    assert (method.status, method.brand, method.last4) == (MethodStatus.VERIFIED, "Visa", "4242")
    assert method.token.startswith("pm_sbx_")
    assert OK_CARD not in method.token
    stored = PaymentMethod.objects.filter(pk=method.pk).values()[0]
    assert not any(OK_CARD in str(value) for value in stored.values())
    assert payment_verified(client.pk)
    assert Signal.objects.filter(kind="payment.verified", actor=client).exists()


def test_a_declined_card_is_kept_as_failed_with_a_signal_and_verifies_nothing() -> None:
    client = new_client()
    method = add_card(client, DECLINED_CARD)
    assert method.status == MethodStatus.FAILED
    assert method.failure_message == "Your card was declined."
    assert not payment_verified(client.pk)
    assert Signal.objects.filter(kind="payment.failed", actor=client).exists()


def test_three_d_secure_verifies_on_the_confirm_step() -> None:
    client = new_client()
    method = add_card(client, THREE_DS_CARD)
    assert method.status == MethodStatus.REQUIRES_ACTION
    assert not payment_verified(client.pk)
    actions.do_confirm_card(actor=client, method=method)
    assert method.status == MethodStatus.VERIFIED
    assert payment_verified(client.pk)


def test_repeated_declines_are_rate_limited() -> None:
    client = new_client()
    for _ in range(5):
        add_card(client, DECLINED_CARD)
    with pytest.raises(RateLimited):
        add_card(client, OK_CARD)
    assert PaymentMethod.objects.filter(user=client).count() == 5


@pytest.mark.parametrize(
    ("card", "month", "year", "cvc", "message"),
    [
        ("", 12, 2040, "123", "Enter a card number"),
        ("4242", 12, 2040, "123", None),
        (OK_CARD, 13, 2040, "123", "month"),
        (OK_CARD, 12, 1999, "123", "year"),
        (OK_CARD, 1, 2020, "123", "expired"),
    ],
)
def test_bad_card_input_is_refused_or_declined_clearly(
    card: str, month: int, year: int, cvc: str, message: str | None
) -> None:
    client = new_client()
    if message is None:  # not a card number: declined by the processor with a reason, nothing verified
        method = actions.do_add_card(actor=client, card=card, exp_month=month, exp_year=year, cvc=cvc)
        assert method.status == MethodStatus.FAILED
        assert "not valid" in method.failure_message
        return
    with pytest.raises(InvalidInput, match=message):
        actions.do_add_card(actor=client, card=card, exp_month=month, exp_year=year, cvc=cvc)
    assert not PaymentMethod.objects.filter(user=client).exists()


def test_only_clients_add_cards() -> None:
    with pytest.raises(PermissionDenied):
        add_card(FreelancerFactory())


def test_a_client_without_a_verified_method_cannot_make_an_offer_and_nothing_is_written() -> None:
    client = new_client()
    proposal = proposal_for(client)
    from workfair.contracts.models import Offer

    with pytest.raises(PermissionDenied, match="verify a payment method") as refused:
        fixed_offer(proposal)
    assert refused.value.code == "payment_method_required"
    assert not Offer.objects.exists()
    add_card(client)
    assert fixed_offer(proposal).status == "pending"


def test_removing_the_only_card_unverifies_the_client() -> None:
    client = new_client()
    method = add_card(client)
    actions.do_remove_card(actor=client, method=method)
    assert not payment_verified(client.pk)
