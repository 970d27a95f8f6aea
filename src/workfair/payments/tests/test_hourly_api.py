"""The hourly money path through /api/v1/ alone (the timers are called as their tasks would): a
client with a card makes an hourly offer; the freelancer accepts and logs time within the weekly
limit, edits and deletes; the week is invoiced, the client sees "you'll pay" and the freelancer
"you'll receive"; the client disputes nothing, the card is charged, the money matures and is
withdrawn. Refusals are clear 4xx answers that change nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory, UserFactory, log_in_with_two_factor, with_totp
from workfair.contracts.queries import current_nda
from workfair.contracts.tests.factories import proposal_for
from workfair.core import clock
from workfair.payments import actions, ledger
from workfair.payments.models import Charge, Payout, TimeEntry
from workfair.payments.tests.hourly import MONDAY, at, days, hourly_contract, log

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: Any) -> None:
        self.http = Client()
        self.http.force_login(user)

    def get(self, path: str) -> Any:
        return self.http.get(f"/api/v1{path}")

    def post(self, path: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.http.post(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json", **headers)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.http.patch(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")

    def delete(self, path: str) -> Any:
        return self.http.delete(f"/api/v1{path}")


CARD = {"card_number": "4242424242424242", "exp_month": 12, "exp_year": 2040, "cvc": "123"}


def test_an_hourly_week_through_the_api(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    settings.WORKFAIR_PAYMENTS = {**settings.WORKFAIR_PAYMENTS, "FIRST_PAYOUT_HOLD_DAYS": 0}
    with clock.frozen_at(at(MONDAY, 8)):
        client_user = ClientFactory(payment_method=False)
        proposal = proposal_for(client_user)
        client, freelancer = Api(client_user), Api(proposal.freelancer)
        assert client.post("/payments/methods", CARD).status_code == 201
        offer = client.post(
            "/contracts/offers",
            {
                "proposal_id": proposal.pk,
                "title": "Data pipeline",
                "contract_type": "hourly",
                "hourly_rate": 6_000,
                "weekly_limit_hours": 10,
                "manual_time_allowed": True,
            },
        )
        assert offer.status_code == 201, offer.content
        accepted = freelancer.post(
            f"/contracts/offers/{offer.json()['id']}/accept", {"nda_version_id": current_nda().pk}
        )
        assert accepted.status_code == 201
        contract_id = accepted.json()["id"]
        time = f"/payments/hourly/contracts/{contract_id}/time"

        logged = freelancer.post(time, {"date": str(days(0)), "minutes": 240, "memo": "Schema and loaders"})
        assert logged.status_code == 201, logged.content
        extra = freelancer.post(time, {"date": str(days(0)), "minutes": 30, "memo": "Call"})
        assert extra.status_code == 201
        over = freelancer.post(time, {"date": str(days(0)), "minutes": 331, "memo": "Too much"})
        assert over.status_code == 400
        assert over.json()["code"] == "weekly_limit"
        assert "You can log 5h 30m more" in over.json()["detail"]
        assert client.post(time, {"date": str(days(0)), "minutes": 60, "memo": "x"}).status_code == 403
        assert Api(UserFactory()).get(time).status_code == 404
        assert freelancer.post(time, {"date": "2026-11-02", "minutes": "lots", "memo": "x"}).status_code in (400, 422)

        entry_id = logged.json()["id"]
        changed = freelancer.patch(f"/payments/hourly/time/{entry_id}", {"minutes": 300})
        assert changed.status_code == 200
        assert changed.json()["minutes"] == 300
        assert client.delete(f"/payments/hourly/time/{extra.json()['id']}").status_code == 403
        assert freelancer.delete(f"/payments/hourly/time/{extra.json()['id']}").status_code == 204

        seen = client.get(time).json()
        assert (seen["logged_minutes"], seen["limit_minutes"], seen["status"]) == (300, 600, "open")
        assert (seen["you_pay"], seen["you_receive"]) == (31_500, 0)  # 5h at 60.00 + 5 %
        assert freelancer.get(time).json()["you_receive"] == 27_000  # less 10 %
        assert [e["minutes"] for e in seen["entries"]] == [300]

    with clock.frozen_at(at(days(7), 12)):
        actions.do_invoice_closed_weeks()  # the timer
        assert freelancer.patch(f"/payments/hourly/time/{entry_id}", {"minutes": 60}).status_code == 409
        invoices = client.get("/payments/hourly/invoices").json()
        assert [(i["status"], i["billed_minutes"], i["you_pay"]) for i in invoices] == [("review", 300, 31_500)]
        week_id = invoices[0]["id"]
        detail = freelancer.get(f"/payments/hourly/invoices/{week_id}").json()
        assert (detail["you_receive"], [e["memo"] for e in detail["entries"]]) == (27_000, ["Schema and loaders"])
        assert freelancer.post(f"/payments/hourly/invoices/{week_id}/dispute", {"reason": "x"}).status_code == 403
        assert client.post(f"/payments/hourly/invoices/{week_id}/pay").status_code == 409  # not declined
        assert Api(UserFactory()).get(f"/payments/hourly/invoices/{week_id}").status_code == 404

    with clock.frozen_at(at(days(12), 0)):
        actions.do_charge_due_weeks()
        assert client.get(f"/payments/hourly/invoices/{week_id}").json()["status"] == "charged"
        assert freelancer.get("/payments/balances").json()["pending"] == 27_000
    assert Charge.objects.get().amount == 31_500

    with clock.frozen_at(at(days(17), 0)):
        actions.do_mature_hourly_weeks()
        assert freelancer.get("/payments/balances").json()["available"] == 27_000
        bank = {"routing_number": "110000000", "account_number": "000123456789"}
        assert freelancer.post("/payments/bank-accounts", bank).status_code == 201
        with django_capture_on_commit_callbacks(execute=True):
            paid = freelancer.post("/payments/payouts", {"amount": 27_000}, HTTP_IDEMPOTENCY_KEY="hourly-1")
        assert paid.status_code == 201
    assert Payout.objects.get().status == "paid"
    history = freelancer.get("/payments/history?kind=hourly").json()
    assert [(i["kind"], i["amount"]) for i in history["items"]] == [("hourly", 27_000)]
    assert TimeEntry.objects.count() == 1
    assert ledger.verify() == []


def test_a_disputed_week_and_staff_settlement_through_the_api() -> None:
    with clock.frozen_at(at(MONDAY, 8)):
        contract = hourly_contract()
        log(contract, days(0), 120)
    with clock.frozen_at(at(days(7), 12)):
        actions.do_invoice_closed_weeks()
    client, staff = Api(contract.client), Api(UserFactory())
    log_in_with_two_factor(staff.http, with_totp(UserFactory(is_staff=True)))  # staff act with two-factor
    week_id = client.get("/payments/hourly/invoices").json()[0]["id"]
    with clock.frozen_at(at(days(8), 9)):
        assert client.post(f"/payments/hourly/invoices/{week_id}/dispute", {"reason": " "}).status_code == 400
        disputed = client.post(f"/payments/hourly/invoices/{week_id}/dispute", {"reason": "One hour was lunch"})
        assert disputed.json()["status"] == "disputed"
        assert client.post(f"/payments/hourly/invoices/{week_id}/settle", {"billed_minutes": 60}).status_code == 403
        settled = staff.post(f"/payments/hourly/invoices/{week_id}/settle", {"billed_minutes": 60, "note": "lunch"})
        assert settled.status_code == 200, settled.content
        assert (settled.json()["status"], settled.json()["amount"]) == ("review", 4_500)
        actions.do_charge_due_weeks()
    assert Charge.objects.get().amount == 4_500 + 225
    assert ledger.verify() == []
