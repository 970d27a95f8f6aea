"""A new freelancer's own contact details once the contract has started (issue 13, item 9): the
new-account rule is about off-platform fraud before a contract; in a contract contact details are
allowed to everyone, so they are delivered. What the rule still holds (payment details), the
sender is told is a rule for new accounts, and until when."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.contracts.tests.factories import proposal_for, started_contract
from workfair.core import clock
from workfair.messaging.actions import do_send_message
from workfair.messaging.queries import messages_page
from workfair.messaging.states import MessageStatus

pytestmark = pytest.mark.django_db

PHONE = "Great to start! Call me on +44 7700 900123 whenever you like."
START = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def new_freelancer_in_contract(conversation: Any, client_user: Any, freelancer_user: Any) -> Any:
    client_user.date_joined = START - dt.timedelta(days=60)
    client_user.save(update_fields=["date_joined"])
    freelancer_user.date_joined = START - dt.timedelta(hours=2)  # signed up this morning
    freelancer_user.save(update_fields=["date_joined"])
    with clock.frozen_at(START):
        started_contract(proposal_for(client=conversation.client, freelancer=conversation.freelancer))
    return conversation


def test_a_new_freelancers_phone_number_is_delivered_once_the_contract_started(
    new_freelancer_in_contract: Any, client_user: Any, freelancer_user: Any
) -> None:
    with clock.frozen_at(START + dt.timedelta(minutes=5)):
        message = do_send_message(actor=freelancer_user, conversation=new_freelancer_in_contract, body=PHONE)

    assert message.status == MessageStatus.DELIVERED
    assert [m.body for m in messages_page(client_user, new_freelancer_in_contract).messages] == [PHONE]


def test_what_the_new_account_rule_still_holds_says_it_is_for_new_accounts_and_when_it_lifts(
    new_freelancer_in_contract: Any, client_user: Any, freelancer_user: Any
) -> None:
    with clock.frozen_at(START + dt.timedelta(minutes=5)):
        message = do_send_message(
            actor=freelancer_user,
            conversation=new_freelancer_in_contract,
            body="Send the deposit to my IBAN GB82 WEST 1234 5698 7654 32 instead, it is faster.",
        )

    assert message.status == MessageStatus.HELD
    assert messages_page(client_user, new_freelancer_in_contract).messages == []
    note = messages_page(freelancer_user, new_freelancer_in_contract).messages[0].status_note
    assert "This rule is for new accounts" in note
    # Three days after sign-up (08:00 on 7 December): 10 December 2026 08:00 UTC.
    assert "until 10 December 2026 08:00 UTC" in note
