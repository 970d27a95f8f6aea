"""The money path through /api/v1/ alone: a client adds a card, makes an offer, funds a milestone;
the freelancer submits; the client approves; the money is pending, then available, and the
freelancer withdraws. Refusals are clear 4xx answers that change nothing; retries move money once."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory
from workfair.contracts.queries import current_nda
from workfair.contracts.tests.factories import proposal_for
from workfair.core import clock
from workfair.payments import actions, ledger
from workfair.payments.models import Charge, JournalEntry, Payout
from workfair.payments.tests.factories import DECLINED_CARD, THREE_DS_CARD

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: Any) -> None:
        self.http = Client()
        self.http.force_login(user)

    def get(self, path: str) -> Any:
        return self.http.get(f"/api/v1{path}")

    def post(self, path: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.http.post(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json", **headers)


CARD = {"card_number": "4242424242424242", "exp_month": 12, "exp_year": 2040, "cvc": "123"}


def test_fund_submit_approve_available_withdraw_through_the_api(django_capture_on_commit_callbacks: Any) -> None:
    client_user = ClientFactory(payment_method=False)
    proposal = proposal_for(client_user)
    client, freelancer = Api(client_user), Api(proposal.freelancer)

    assert client.get("/payments/methods").json() == {"payment_verified": False, "methods": []}
    card = client.post("/payments/methods", CARD)
    assert card.status_code == 201
    assert card.json()["status"] == "verified"

    offer = client.post(
        "/contracts/offers",
        {
            "proposal_id": proposal.pk,
            "title": "Logo",
            "contract_type": "fixed",
            "milestones": [{"title": "Sketches", "amount": 20_000}],
        },
    )
    assert offer.status_code == 201, offer.content
    contract = freelancer.post(f"/contracts/offers/{offer.json()['id']}/accept", {"nda_version_id": current_nda().pk})
    assert contract.status_code == 201
    milestone_id = contract.json()["milestones"][0]["id"]

    quote = client.get("/payments/quote?amount=20000").json()
    assert quote == {
        "amount": 20_000,
        "client_fee": 1_000,
        "client_pays": 21_000,
        "freelancer_fee": 2_000,
        "freelancer_receives": 18_000,
        "currency": "USD",
    }

    early = freelancer.post(f"/contracts/milestones/{milestone_id}/submit", {"note": "too soon"})
    assert early.status_code == 409
    assert "not funded" in early.json()["detail"]

    funded = client.post(f"/contracts/milestones/{milestone_id}/fund")
    assert funded.status_code == 200, funded.content
    assert funded.json()["status"] == "funded"
    again = client.post(f"/contracts/milestones/{milestone_id}/fund")
    assert again.status_code == 409
    assert Charge.objects.count() == 1
    assert client.get("/payments/balances").json()["in_escrow"] == 20_000

    assert freelancer.post(f"/contracts/milestones/{milestone_id}/submit", {"note": "Done"}).status_code == 200
    assert client.post(f"/contracts/milestones/{milestone_id}/approve").json()["status"] == "approved"
    assert freelancer.get("/payments/balances").json() == {
        "currency": "USD",
        "pending": 18_000,
        "available": 0,
        "in_escrow": 0,
        "frozen": 0,
    }

    with clock.frozen_at(clock.now() + dt.timedelta(days=5, minutes=1)):
        actions.do_mature_pending()  # the timer task
        assert freelancer.get("/payments/balances").json()["available"] == 18_000
        bank = freelancer.post(
            "/payments/bank-accounts", {"routing_number": "110000000", "account_number": "000123456789"}
        )
        assert bank.status_code == 201
        assert bank.json()["last4"] == "6789"
        too_much = freelancer.post("/payments/payouts", {"amount": 18_001})
        assert too_much.status_code == 409
        assert too_much.json()["code"] == "insufficient_funds"
        with django_capture_on_commit_callbacks(execute=True):
            paid = freelancer.post("/payments/payouts", {"amount": 18_000}, HTTP_IDEMPOTENCY_KEY="withdraw-1")
            retried = freelancer.post("/payments/payouts", {"amount": 18_000}, HTTP_IDEMPOTENCY_KEY="withdraw-1")
        assert paid.status_code == retried.status_code == 201
        assert paid.json() == retried.json()
        assert paid.json()["status"] == "held"  # a first payout is held
    assert Payout.objects.count() == 1
    assert freelancer.get("/payments/balances").json()["available"] == 0

    history = freelancer.get("/payments/history").json()
    assert [(item["kind"], item["amount"]) for item in history["items"]] == [
        ("payout", -18_000),
        ("mature", 18_000),
        ("mature", -18_000),
        ("release", 18_000),
    ]
    assert ledger.verify() == []


def test_declined_and_three_d_secure_cards_through_the_api() -> None:
    client = Api(ClientFactory(payment_method=False))
    declined = client.post("/payments/methods", {**CARD, "card_number": DECLINED_CARD})
    assert declined.status_code == 402
    assert declined.json() == {"detail": "Your card was declined.", "code": "card_declined"}
    pending = client.post("/payments/methods", {**CARD, "card_number": THREE_DS_CARD})
    assert pending.json()["status"] == "requires_action"
    assert client.get("/payments/methods").json()["payment_verified"] is False
    confirmed = client.post(f"/payments/methods/{pending.json()['id']}/confirm")
    assert confirmed.json()["status"] == "verified"
    assert client.get("/payments/methods").json()["payment_verified"] is True


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/payments/methods", {"card_number": "4242", "exp_month": "x", "exp_year": 2040}, 422),
        ("/payments/methods", {**CARD, "exp_month": 0}, 400),
        ("/payments/methods", {**CARD, "card_number": "not a card"}, 402),
        ("/payments/payouts", {"amount": 1.5}, 422),
        ("/payments/payouts", {"amount": "lots"}, 422),
        ("/payments/payouts", {"amount": 5}, 400),
        ("/payments/webhooks/sandbox", {"id": "evt", "type": "charge.disputed"}, 400),
        ("/payments/webhooks/nobody", {"id": "evt"}, 404),
    ],
)
def test_bad_input_gets_a_clear_4xx_and_changes_nothing(path: str, body: dict[str, Any], status: int) -> None:
    api = Api(ClientFactory(payment_method=False, is_freelancer=True))
    answer = api.post(path, body)
    assert answer.status_code == status, answer.content
    assert answer.json()["detail"]
    assert not JournalEntry.objects.exists()
    assert not Payout.objects.exists()


def test_quote_refuses_nonsense() -> None:
    api = Api(ClientFactory())
    assert api.get("/payments/quote?amount=-5").status_code == 400
    assert api.get("/payments/quote?amount=100&currency=XXX").status_code == 400
    assert api.get("/payments/quote?amount=1e3").status_code == 422


def test_someone_else_s_card_is_not_found() -> None:
    owner, other = ClientFactory(), Api(ClientFactory())
    method = owner.payment_methods.get()
    assert other.post(f"/payments/methods/{method.pk}/confirm").status_code == 404


def test_a_retried_fund_with_the_same_key_gets_the_first_answer_and_charges_once() -> None:
    from workfair.contracts.tests.factories import started_contract

    contract = started_contract()
    milestone = contract.milestones.order_by("position").first()
    assert milestone is not None
    client = Api(contract.client)
    first = client.post(f"/contracts/milestones/{milestone.pk}/fund", HTTP_IDEMPOTENCY_KEY="fund-1")
    again = client.post(f"/contracts/milestones/{milestone.pk}/fund", HTTP_IDEMPOTENCY_KEY="fund-1")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    without_key = client.post(f"/contracts/milestones/{milestone.pk}/fund")
    assert without_key.status_code == 409
    assert Charge.objects.count() == 1
    assert ledger.verify() == []
