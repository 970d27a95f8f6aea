"""The Stripe adapter with a mocked SDK client (never the network): the calls it makes, idempotency
keys passed through, declines and 3-D Secure mapped to the interface, webhooks verified."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from unittest import mock

import pytest
import stripe

from workfair.payments.processors import get_processor
from workfair.payments.processors.base import ProcessorError, WebhookRejected
from workfair.payments.processors.stripe_adapter import StripeProcessor


def processor(**services: Any) -> tuple[StripeProcessor, mock.MagicMock]:
    client = mock.MagicMock()
    for name, service in services.items():
        setattr(client.v1, name, service)
    return StripeProcessor(secret_key="sk_test_x", webhook_secret="whsec_test", client=client), client


def test_add_card_confirms_an_off_session_setup_intent_with_our_idempotency_key() -> None:
    p, client = processor()
    client.v1.setup_intents.create.return_value = {"id": "seti_1", "status": "succeeded"}
    client.v1.payment_methods.retrieve.return_value = {"card": {"brand": "visa", "last4": "4242"}}
    result = p.add_card(customer_ref="user-1", card="pm_123", exp_month=1, exp_year=2040, cvc="", idempotency_key="k1")
    assert (result.status, result.token, result.brand, result.last4) == ("verified", "pm_123", "Visa", "4242")
    params = client.v1.setup_intents.create.call_args.kwargs
    assert params["params"]["payment_method"] == "pm_123"
    assert params["params"]["usage"] == "off_session"
    assert params["options"] == {"idempotency_key": "k1"}


def test_three_d_secure_and_its_confirmation() -> None:
    p, client = processor()
    client.v1.setup_intents.create.return_value = {"id": "seti_2", "status": "requires_action"}
    client.v1.payment_methods.retrieve.return_value = {"card": {"brand": "visa", "last4": "3220"}}
    result = p.add_card(customer_ref="u", card="pm_3ds", exp_month=1, exp_year=2040, cvc="", idempotency_key="k")
    assert (result.status, result.action_ref) == ("requires_action", "seti_2")
    client.v1.setup_intents.retrieve.return_value = {"id": "seti_2", "status": "succeeded"}
    assert p.confirm_card(token="pm_3ds", action_ref="seti_2").status == "verified"


def test_a_raw_card_number_never_goes_to_stripe_from_our_server() -> None:
    p, client = processor()
    result = p.add_card(
        customer_ref="u", card="4242424242424242", exp_month=1, exp_year=2040, cvc="1", idempotency_key="k"
    )
    assert result.status == "failed"
    client.v1.setup_intents.create.assert_not_called()


def test_a_declined_card_and_a_failing_network_are_told_apart() -> None:
    p, client = processor()
    client.v1.payment_intents.create.side_effect = stripe.CardError("declined", None, "card_declined")
    declined = p.charge(token="pm_1", amount=500, currency="USD", idempotency_key="c1", description="x")
    assert not declined.succeeded
    client.v1.payment_intents.create.side_effect = stripe.APIConnectionError("down")
    with pytest.raises(ProcessorError):
        p.charge(token="pm_1", amount=500, currency="USD", idempotency_key="c1", description="x")


def test_charge_refund_and_payout_pass_amounts_in_minor_units_and_keys() -> None:
    p, client = processor()
    client.v1.payment_intents.create.return_value = {"id": "pi_1", "status": "succeeded"}
    client.v1.refunds.create.return_value = {"id": "re_1"}
    client.v1.transfers.create.return_value = {"id": "tr_1"}
    assert p.charge(token="pm_1", amount=10_500, currency="USD", idempotency_key="c1", description="M").ref == "pi_1"
    charge = client.v1.payment_intents.create.call_args.kwargs
    assert charge["params"]["amount"] == 10_500
    assert charge["params"]["currency"] == "usd"
    assert charge["params"]["off_session"] is True
    assert charge["options"] == {"idempotency_key": "c1"}
    assert p.refund(charge_ref="pi_1", amount=300, idempotency_key="r1") == "re_1"
    assert client.v1.refunds.create.call_args.kwargs["params"] == {
        "payment_intent": "pi_1",
        "amount": 300,
        "metadata": {"workfair_key": "r1"},
    }
    assert p.payout(destination="acct_1", amount=900, currency="USD", idempotency_key="p1").ref == "tr_1"
    assert client.v1.transfers.create.call_args.kwargs["options"] == {"idempotency_key": "p1"}


WEBHOOK_SECRET = "whsec_test"


def sign(payload: bytes, secret: str = WEBHOOK_SECRET) -> str:
    timestamp = int(time.time())
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def test_webhooks_are_verified_and_disputes_mapped() -> None:
    p, _ = processor()
    dispute = {"id": "dp_1", "object": "dispute", "payment_intent": "pi_9"}
    body = json.dumps({"id": "evt_1", "object": "event", "type": "charge.dispute.created", "data": {"object": dispute}})
    body = body.encode()
    event = p.parse_webhook(body, sign(body))
    assert (event.id, event.kind, event.charge_ref) == ("evt_1", "charge.disputed", "pi_9")
    with pytest.raises(WebhookRejected):
        p.parse_webhook(body, sign(body, "whsec_other"))


def test_the_operator_picks_the_processor(settings: Any) -> None:
    assert get_processor().name == "sandbox"
    settings.WORKFAIR_PAYMENTS = {**settings.WORKFAIR_PAYMENTS, "PROCESSOR": "stripe"}
    assert get_processor().name == "stripe"
    settings.WORKFAIR_PAYMENTS = {**settings.WORKFAIR_PAYMENTS, "PROCESSOR": "paypal"}
    with pytest.raises(ValueError, match="unknown payment processor"):
        get_processor()


@pytest.mark.parametrize("status", ["won", "lost", "warning_closed"])
def test_a_closed_dispute_carries_its_outcome(status: str) -> None:
    p, _ = processor()
    dispute = {"id": "dp_1", "object": "dispute", "payment_intent": "pi_9", "status": status, "amount": 10_500}
    body = json.dumps({"id": "evt_2", "object": "event", "type": "charge.dispute.closed", "data": {"object": dispute}})
    event = p.parse_webhook(body.encode(), sign(body.encode()))
    assert (event.kind, event.charge_ref, event.data) == (
        "charge.dispute_closed",
        "pi_9",
        {"status": status, "amount": 10_500},
    )


def test_movements_list_what_stripe_moved_with_our_keys() -> None:
    def service(*rows: dict[str, Any]) -> mock.MagicMock:
        listed = mock.MagicMock()
        listed.list.return_value.auto_paging_iter.return_value = list(rows)
        return listed

    meta = {"workfair_key": "k"}
    p, client = processor(
        payment_intents=service(
            {
                "id": "pi_1",
                "status": "succeeded",
                "amount": 10_500,
                "amount_received": 10_500,
                "currency": "usd",
                "created": 1_800_000_000,
                "metadata": meta,
            },
            {"id": "pi_2", "status": "requires_payment_method", "amount": 700, "currency": "usd", "created": 1},
        ),
        refunds=service(
            {"id": "re_1", "status": "succeeded", "amount": 300, "currency": "usd", "created": 1, "metadata": meta}
        ),
        transfers=service(
            {"id": "tr_1", "amount": 900, "amount_reversed": 100, "currency": "usd", "created": 1, "metadata": meta}
        ),
        disputes=service(
            {
                "id": "dp_1",
                "status": "lost",
                "amount": 10_500,
                "currency": "usd",
                "created": 1,
                "payment_intent": "pi_1",
            },
            {"id": "dp_2", "status": "won", "amount": 1, "currency": "usd", "created": 1, "payment_intent": "pi_3"},
        ),
    )
    import datetime

    start = datetime.datetime(2027, 1, 15, tzinfo=datetime.UTC)
    moved = p.movements(start, start + datetime.timedelta(days=1))
    assert [(m.kind, m.key, m.ref, m.amount, m.currency) for m in moved] == [
        ("charge", "k", "pi_1", 10_500, "USD"),
        ("refund", "k", "re_1", 300, "USD"),
        ("payout", "k", "tr_1", 800, "USD"),
        ("chargeback", "chargeback:pi_1", "dp_1", 10_500, "USD"),
    ]
    window = client.v1.payment_intents.list.call_args.kwargs["params"]["created"]
    assert window == {"gte": int(start.timestamp()), "lt": int(start.timestamp()) + 86_400}
