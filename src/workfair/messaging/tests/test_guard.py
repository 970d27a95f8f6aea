"""The conversation guard in `do_send_message`: contact details masked before a contract and allowed
after it, payment details masked always, abuse and scams held from the receiver, details split over
two messages found, the sender told what happened and why, and a failing check holds (never a 500)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from workfair.contracts.tests.factories import proposal_for, started_contract
from workfair.core import clock
from workfair.messaging.actions import do_send_message
from workfair.messaging.models import Message, Participant
from workfair.messaging.queries import messages_page
from workfair.messaging.states import MessageStatus
from workfair.trust.models import Case, HiddenContent, Signal

pytestmark = pytest.mark.django_db

PHONE_IN_WORDS = "Call me on nine two two six six four one zero eight two so we can talk"
MASKED_PHONE = "Call me on [contact details hidden] so we can talk"


@pytest.fixture(autouse=True)
def _established_accounts(client_user: Any, freelancer_user: Any) -> None:
    """Accounts a month old: a brand-new account sharing details is held instead (another rule)."""
    for user in (client_user, freelancer_user):
        user.date_joined = clock.now() - dt.timedelta(days=30)
        user.save(update_fields=["date_joined"])


def _seen_by(user: Any, conversation: Any) -> list[str]:
    return [m.body for m in messages_page(user, conversation).messages]


def _start_contract(conversation: Any) -> None:
    started_contract(proposal_for(client=conversation.client, freelancer=conversation.freelancer))


def test_phone_number_before_a_contract_reaches_the_receiver_masked_and_the_sender_is_told(
    conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    message = do_send_message(actor=freelancer_user, conversation=conversation, body=PHONE_IN_WORDS)

    assert message.status == MessageStatus.MASKED
    assert _seen_by(client_user, conversation) == [MASKED_PHONE]
    mine = messages_page(freelancer_user, conversation).messages[0]
    assert mine.body == PHONE_IN_WORDS
    assert mine.status_note == "Contact details were hidden: sharing them before a contract starts is not allowed."
    signal = Signal.objects.get(kind="message.sent")
    assert (signal.target_type, signal.target_id) == ("messaging.message", str(message.pk))
    assert signal.context["contract_active"] is False


def test_after_the_contract_starts_the_same_message_is_delivered_as_written(
    conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    _start_contract(conversation)

    message = do_send_message(actor=freelancer_user, conversation=conversation, body=PHONE_IN_WORDS)

    assert message.status == MessageStatus.DELIVERED
    assert _seen_by(client_user, conversation) == [PHONE_IN_WORDS]
    assert messages_page(freelancer_user, conversation).messages[0].status_note == ""


def test_payment_details_are_masked_even_during_a_contract(
    conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    _start_contract(conversation)

    message = do_send_message(
        actor=freelancer_user, conversation=conversation, body="My IBAN is GB82 WEST 1234 5698 7654 32"
    )

    assert message.status == MessageStatus.MASKED
    assert _seen_by(client_user, conversation) == ["My IBAN is [payment details hidden]"]
    note = messages_page(freelancer_user, conversation).messages[0].status_note
    assert note.startswith("Some details were hidden from the receiver. Payments happen only through Workfair")


def test_abusive_message_is_held_and_the_receiver_never_sees_it(
    conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    message = do_send_message(actor=client_user, conversation=conversation, body="You are a worthless idiot")

    assert message.status == MessageStatus.HELD
    assert message.delivered_body == ""
    assert _seen_by(freelancer_user, conversation) == []
    assert Participant.objects.get(conversation=conversation, user=freelancer_user).unread_count == 0
    note = messages_page(client_user, conversation).messages[0].status_note
    assert note.startswith("Held for review: not delivered yet.")
    assert HiddenContent.objects.filter(target_type="messaging.message", target_id=str(message.pk)).exists()
    assert Case.objects.filter(queue="held_messages", target_id=str(message.pk)).exists()


def test_a_number_split_over_two_messages_is_found_in_the_second(
    conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    do_send_message(actor=freelancer_user, conversation=conversation, body="my number is 555")
    second = do_send_message(actor=freelancer_user, conversation=conversation, body="0123 4567")

    assert second.status == MessageStatus.MASKED
    assert _seen_by(client_user, conversation)[-1] == "[contact details hidden]"


def test_scam_message_is_held_and_the_receiver_gets_a_safety_banner(
    client: Client, conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    scam = "Add me on Telegram @fastpay_jobs and pay the 50 USD registration fee by gift card first"
    message = do_send_message(actor=client_user, conversation=conversation, body=scam)

    assert message.status == MessageStatus.HELD
    assert message.safety_warning is True
    client.force_login(freelancer_user)
    page = client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "Never pay outside Workfair; never move the conversation to Telegram or WhatsApp" in page
    assert "fastpay_jobs" not in page
    client.force_login(client_user)
    assert "Never pay outside Workfair" not in client.get(f"/messages/{conversation.pk}/").content.decode()


def test_a_failing_check_holds_the_message_and_the_send_still_succeeds(
    conversation: Any, client_user: Any, freelancer_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("detector crashed")

    monkeypatch.setattr("workfair.messaging.actions.gate", broken)

    message = do_send_message(actor=client_user, conversation=conversation, body="Hello there")

    assert message.status == MessageStatus.HELD
    assert _seen_by(freelancer_user, conversation) == []
    assert messages_page(client_user, conversation).messages[0].status_note.startswith("Held for review")
    assert Case.objects.filter(queue="held_messages", target_id=str(message.pk)).exists()


def test_an_honest_work_message_goes_through_untouched(
    conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    body = "I'm free 0900-1200 eastern; Order #4815162342 is the one. I built a WhatsApp bot for a client."
    message = do_send_message(actor=freelancer_user, conversation=conversation, body=body)
    assert message.status == MessageStatus.DELIVERED
    assert _seen_by(client_user, conversation) == [body]


def test_received_messages_have_a_report_link_and_own_messages_do_not(
    client: Client, conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    theirs = do_send_message(actor=freelancer_user, conversation=conversation, body="Hello Carla")
    mine = do_send_message(actor=client_user, conversation=conversation, body="Hello Fred")
    client.force_login(client_user)
    page = client.get(f"/messages/{conversation.pk}/").content.decode()
    assert f"/trust/report/?target_type=message&amp;target_id={theirs.pk}" in page
    assert f"target_id={mine.pk}" not in page


def test_receiver_does_not_see_a_delivered_message_a_moderator_took_down(
    conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    from workfair.trust.models import Decision

    message = do_send_message(actor=freelancer_user, conversation=conversation, body="Hello Carla")
    decision = Decision.objects.create(rule_key="", outcome="block", target_type="messaging.message",
                                       target_id=str(message.pk), created_at=clock.now())  # fmt: skip
    HiddenContent.objects.create(target_type="messaging.message", target_id=str(message.pk), decision=decision,
                                 hidden_at=clock.now())  # fmt: skip

    assert _seen_by(client_user, conversation) == []
    assert _seen_by(freelancer_user, conversation) == ["Hello Carla"]
    assert Message.objects.get(pk=message.pk).status == MessageStatus.DELIVERED


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["conversation", "/ws/notifications/"])
async def test_a_suspended_account_is_told_why_and_refused_on_every_socket(
    conversation: Any, client_user: Any, path: str
) -> None:
    from channels.db import database_sync_to_async
    from channels.routing import URLRouter
    from channels.testing import WebsocketCommunicator

    from workfair.messaging.routing import websocket_urlpatterns as messaging_routes
    from workfair.notifications.routing import websocket_urlpatterns as notification_routes
    from workfair.trust.tests.factories import set_standing

    await database_sync_to_async(set_standing)(client_user, "suspended", reason="Repeated scams.")
    router = URLRouter([*messaging_routes, *notification_routes])

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> Any:
        return await router({**scope, "user": client_user}, receive, send)

    ws_path = f"/ws/conversations/{conversation.pk}/" if path == "conversation" else path
    communicator = WebsocketCommunicator(app, ws_path)
    connected, _ = await communicator.connect()
    assert connected
    refusal = await communicator.receive_json_from(timeout=2)
    assert refusal == {"type": "account.locked", "message": "Your account is suspended.",
                       "reason": "Repeated scams.", "appeal_url": "/trust/standing/"}  # fmt: skip
    closed = await communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": 4403}
    await communicator.disconnect()
