"""The money pages: cards (add, 3-D Secure, declined), funding and refunding from the contract page
with the fees shown first, the money page with withdrawals, history and its CSV export."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory
from workfair.contracts.models import Contract
from workfair.core import clock
from workfair.payments.models import EscrowHold, JournalEntry, PaymentMethod, Payout
from workfair.payments.queries import balances_of
from workfair.payments.tests.factories import DECLINED_CARD, THREE_DS_CARD, bank_account
from workfair.payments.tests.flows import make_available, milestones

pytestmark = pytest.mark.django_db


def browser(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def card(number: str) -> dict[str, Any]:
    return {"card_number": number, "exp_month": 12, "exp_year": clock.today().year + 2, "cvc": "123"}


def test_a_client_adds_a_card_and_sees_it_verified() -> None:
    client = ClientFactory(payment_method=False)
    page = browser(client).get("/payments/cards/")
    assert page.status_code == 200
    assert b"Not verified yet" in page.content
    assert b"4242 4242 4242 4242" in page.content  # the sandbox's test cards
    done = browser(client).post("/payments/cards/", card("4242 4242 4242 4242"), follow=True)
    assert b"Payment verified" in done.content
    assert b"Visa \xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2 4242" in done.content


def test_declined_and_three_d_secure_cards_on_the_page() -> None:
    client = ClientFactory(payment_method=False)
    declined = browser(client).post("/payments/cards/", card(DECLINED_CARD), follow=True)
    assert b"Your card was declined." in declined.content
    browser(client).post("/payments/cards/", card(THREE_DS_CARD))
    method = PaymentMethod.objects.get(status="requires_action")
    confirmed = browser(client).post(f"/payments/cards/{method.pk}/confirm/", follow=True)
    assert b"Payment verified" in confirmed.content


def test_bad_card_form_input_is_a_400_page() -> None:
    client = ClientFactory(payment_method=False)
    answer = browser(client).post("/payments/cards/", {"card_number": "4242", "exp_month": "x"})
    assert answer.status_code == 400
    assert not PaymentMethod.objects.exists()


def test_the_contract_page_shows_what_each_side_pays_and_receives_then_funds(contract: Contract) -> None:
    page = browser(contract.client).get(f"/contracts/{contract.pk}/").content.decode()
    assert "You'll pay <strong>$105.00</strong> ($100.00 into escrow + $5.00 marketplace fee)" in page
    freelancer_page = browser(contract.freelancer).get(f"/contracts/{contract.pk}/").content.decode()
    assert "You'll receive $90.00 ($100.00 less $10.00 service fee)" in freelancer_page
    first = milestones(contract)[0]
    funded = browser(contract.client).post(f"/contracts/milestones/{first.pk}/fund/", follow=True)
    assert b"is funded: the money is in escrow" in funded.content
    assert EscrowHold.objects.get().amount == 10_000
    refunded = browser(contract.freelancer).post(
        f"/contracts/milestones/{first.pk}/refund/", {"amount": "25.50"}, follow=True
    )
    assert b"$25.50 goes back to the client" in refunded.content
    assert EscrowHold.objects.get().refunded == 2_550


def test_a_refund_of_nonsense_is_a_400_and_changes_nothing(contract: Contract) -> None:
    first = milestones(contract)[0]
    browser(contract.client).post(f"/contracts/milestones/{first.pk}/fund/")
    entries = JournalEntry.objects.count()
    for amount in ("lots", "1e400", "0.001", "-3"):
        answer = browser(contract.freelancer).post(f"/contracts/milestones/{first.pk}/refund/", {"amount": amount})
        assert answer.status_code == 400, amount
    assert JournalEntry.objects.count() == entries


def test_the_money_page_withdraws_and_exports_history(contract: Contract) -> None:
    make_available(contract, milestones(contract)[0])
    freelancer = browser(contract.freelancer)
    page = freelancer.get("/money/").content.decode()
    assert "$90.00" in page
    assert "Add the bank account" in page
    freelancer.post("/money/bank-account/", {"routing_number": "110000000", "account_number": "000123456789"})
    with clock.frozen_at(clock.now() + dt.timedelta(days=6)):
        done = freelancer.post("/money/withdraw/", {"amount": "50.00"}, follow=True)
    assert b"Your first withdrawal of $50.00 is held" in done.content
    assert Payout.objects.get().amount == 5_000
    assert balances_of(contract.freelancer).available == 4_000
    csv = freelancer.get("/money/history.csv")
    assert csv["Content-Type"].startswith("text/csv")
    rows = csv.content.decode().strip().splitlines()
    assert rows[0] == "date,entry,kind,account,description,amount_minor,currency,amount"
    assert {row.split(",")[2] for row in rows[1:]} == {"payout", "mature", "release"}
    only_payouts = freelancer.get("/money/history.csv?kind=payout").content.decode().strip().splitlines()
    assert len(only_payouts) == 2
    assert freelancer.get("/money/?kind=nonsense").status_code == 400


def test_a_withdrawal_below_the_minimum_is_refused_on_the_page(contract: Contract) -> None:
    make_available(contract, milestones(contract)[0])
    bank_account(contract.freelancer)
    answer = browser(contract.freelancer).post("/money/withdraw/", {"amount": "1.00"})
    assert answer.status_code == 400
    assert b"The smallest withdrawal is $10.00" in answer.content
    assert not Payout.objects.exists()


def test_the_offer_page_tells_an_unverified_client_to_add_a_card() -> None:
    from workfair.contracts.tests.factories import proposal_for

    client = ClientFactory(payment_method=False)
    proposal = proposal_for(client)
    page = browser(client).get(f"/offers/new/?proposal={proposal.pk}").content.decode()
    assert "Add and verify a payment method before you send an offer." in page
    assert "5% marketplace fee" in page


def test_job_posts_and_client_profiles_show_payment_verified() -> None:
    from workfair.jobs.tests.factories import JobFactory
    from workfair.profiles.tests.factories import ClientProfileFactory

    verified, unverified = ClientFactory(), ClientFactory(payment_method=False)
    viewer = browser(ClientFactory())
    for client, shown in ((verified, True), (unverified, False)):
        job = JobFactory(client=client)
        page = viewer.get(f"/jobs/{job.pk}/")
        assert page.status_code == 200
        assert (b"Payment verified" in page.content) is shown
        profile = ClientProfileFactory(user=client)
        page = viewer.get(f"/clients/{profile.user_id}/")
        assert (b"Payment verified" in page.content) is shown
