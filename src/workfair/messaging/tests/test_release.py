"""A held message that a moderator approves reaches its receiver: status, page, unread count,
notification and the live event, as for a normal send; details no one may share stay masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import log_in_with_two_factor, with_totp
from workfair.core import clock
from workfair.core.errors import PermissionDenied
from workfair.core.models import StateChange
from workfair.messaging import live
from workfair.messaging.actions import do_release_held_message, do_send_message
from workfair.messaging.models import Message, Participant
from workfair.messaging.queries import messages_page, unread_total
from workfair.messaging.states import MessageStatus
from workfair.notifications.models import Notification
from workfair.trust.effects import reverse_effects
from workfair.trust.models import Case, Decision, HiddenContent
from workfair.trust.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

ABUSIVE = "You are a worthless idiot"
SCAM_WITH_HANDLE = "Add me on Telegram @fastpay_jobs and pay the 50 USD registration fee by gift card first"


@pytest.fixture(autouse=True)
def _established_accounts(client_user: Any, freelancer_user: Any, settings: Any) -> None:
    settings.WORKFAIR_TRUST = {"QUALITY_SAMPLE_RATE": 0.0}
    for user in (client_user, freelancer_user):
        user.date_joined = clock.now() - dt.timedelta(days=30)
        user.save(update_fields=["date_joined"])


@pytest.fixture
def fan_outs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dict[str, Any], int | None]]:
    sent: list[tuple[dict[str, Any], int | None]] = []
    monkeypatch.setattr(live, "fan_out_new_message", lambda event, *, receiver_id: sent.append((event, receiver_id)))
    return sent


def _moderator_console(client: Client) -> Any:
    moderator: Any = with_totp(StaffFactory())
    log_in_with_two_factor(client, moderator)
    return moderator


def test_moderator_approving_a_held_message_in_the_console_delivers_it(
    client: Client,
    conversation: Any,
    client_user: Any,
    freelancer_user: Any,
    fan_outs: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    message = do_send_message(actor=client_user, conversation=conversation, body=ABUSIVE)
    assert message.status == MessageStatus.HELD
    assert unread_total(freelancer_user) == 0
    fan_outs.clear()
    case = Case.objects.get(queue="held_messages", target_id=str(message.pk))

    _moderator_console(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/console/cases/{case.pk}/decide/", {"resolution": "approve", "note": ""})
    assert response.status_code == 302

    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_body == ABUSIVE
    assert [m.body for m in messages_page(freelancer_user, conversation).messages] == [ABUSIVE]
    assert Participant.objects.get(conversation=conversation, user=freelancer_user).unread_count == 1
    assert unread_total(freelancer_user) == 1
    assert Notification.objects.filter(recipient=freelancer_user, kind="message.received").count() == 1
    mine = messages_page(client_user, conversation).messages[0]
    assert mine.status_note == "Delivered after review by a moderator."
    assert not HiddenContent.objects.filter(target_id=str(message.pk), restored_at__isnull=True).exists()
    change = StateChange.objects.get(model="messaging.message", object_id=str(message.pk))
    assert (change.from_state, change.to_state) == ("held", "delivered")
    [(event, receiver_id)] = fan_outs
    assert receiver_id == freelancer_user.pk
    assert event["message_id"] == message.pk
    assert event["for_receiver"]["message"]["body"] == ABUSIVE
    client.force_login(freelancer_user)
    assert ABUSIVE in client.get(f"/messages/{conversation.pk}/").content.decode()


def test_released_message_keeps_contact_details_masked_before_a_contract(
    conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    message = do_send_message(actor=client_user, conversation=conversation, body=SCAM_WITH_HANDLE)
    assert message.status == MessageStatus.HELD

    released = do_release_held_message(actor=StaffFactory(), message_id=message.pk)

    assert released.status == MessageStatus.MASKED
    seen = messages_page(freelancer_user, conversation).messages[0].body
    assert "fastpay_jobs" not in seen
    assert "[contact details hidden]" in seen
    assert released.status_note == "Delivered after review by a moderator, with some details masked."


def test_release_is_idempotent_and_only_for_staff(conversation: Any, client_user: Any, freelancer_user: Any) -> None:
    message = do_send_message(actor=client_user, conversation=conversation, body=ABUSIVE)
    with pytest.raises(PermissionDenied):
        do_release_held_message(actor=freelancer_user, message_id=message.pk)
    assert Message.objects.get(pk=message.pk).status == MessageStatus.HELD

    moderator = StaffFactory()
    do_release_held_message(actor=moderator, message_id=message.pk)
    do_release_held_message(actor=moderator, message_id=message.pk)

    assert Participant.objects.get(conversation=conversation, user=freelancer_user).unread_count == 1
    delivered = do_send_message(actor=client_user, conversation=conversation, body="Sorry, I meant the draft.")
    assert do_release_held_message(actor=None, message_id=delivered.pk).status == MessageStatus.DELIVERED


def test_reversing_the_hold_on_appeal_or_review_delivers_the_message(
    conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    message = do_send_message(actor=client_user, conversation=conversation, body=ABUSIVE)
    hold = Decision.objects.get(target_id=str(message.pk), rule_key="abuse-hold")

    reverse_effects(hold, actor=StaffFactory(role="senior_moderator"))

    assert Message.objects.get(pk=message.pk).status == MessageStatus.DELIVERED
    assert unread_total(freelancer_user) == 1
