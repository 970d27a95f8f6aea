"""What the trust engine needs of messages: delivering a held message a moderator cleared, the
context of a message being typed (is a contract active, the sender's recent messages),
reporting a message, and showing a message to a moderator with the thread around it. Registered
from `MessagingConfig.ready`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from workfair.core import clock
from workfair.core.errors import InvalidInput, NotFound
from workfair.messaging.actions import do_release_held_message
from workfair.messaging.hooks import active_contract_between
from workfair.messaging.models import Message
from workfair.messaging.queries import access_conversation_by_id, is_participant, recent_bodies_by
from workfair.trust import interface as trust


def release_message(actor: Any, message_id: int) -> dict[str, Any]:
    try:
        message = do_release_held_message(actor=actor, message_id=message_id)
    except NotFound:  # gone with its conversation: nothing left to deliver
        return {"message_status": "missing"}
    return {"message_status": message.status}


def message_context(actor: Any, params: dict[str, Any]) -> tuple[bool, Sequence[str]]:
    conversation_id = params.get("conversation_id")
    if conversation_id is None:
        raise InvalidInput("Say which conversation the message is for.")
    conversation = access_conversation_by_id(actor, int(conversation_id))
    contract_active = active_contract_between(conversation.client_id, conversation.freelancer_id)
    return contract_active, recent_bodies_by(conversation.pk, actor.pk, clock.now())


def _message_owner(actor: Any, message_id: int) -> Any:
    # messaging has no access_message_by_id yet: the message's conversation must be the actor's.
    message = Message.objects.select_related("conversation", "sender").filter(pk=message_id).first()
    if message is None or not is_participant(message.conversation, actor.pk):
        raise NotFound("Message not found.")
    return message.sender


# How many messages before and after a reported message a moderator sees.
THREAD_AROUND = 5


def message_view(message_id: int) -> trust.TargetView | None:
    """A message as written (not as masked for the receiver), with up to THREAD_AROUND messages of
    its conversation on either side, for the console's case page."""
    message = Message.objects.select_related("conversation", "sender").filter(pk=message_id).first()
    if message is None:
        return None
    thread = Message.objects.filter(conversation_id=message.conversation_id).select_related("sender")
    before = list(thread.filter(pk__lt=message.pk).order_by("-id")[:THREAD_AROUND])[::-1]
    after = list(thread.filter(pk__gt=message.pk).order_by("id")[:THREAD_AROUND])
    lines = [
        trust.ContextLine(m.sender.public_name, m.created_at, m.body, is_target=m.pk == message.pk)
        for m in [*before, message, *after]
    ]
    return trust.TargetView(
        label=f"Message #{message.pk} in “{message.conversation.subject}” ({message.get_status_display().lower()})",
        text=message.body,
        url=reverse("admin:messaging_message_change", args=[message.pk]),
        author=message.sender.public_name,
        context_title=f"The conversation around it ({len(before)} before, {len(after)} after)",
        context=lines,
    )


def register() -> None:
    trust.register_content_release("messaging.message", release_message)
    trust.register_screening_context("message", message_context)
    trust.register_report_target("message", "messaging.message", _message_owner)
    trust.register_target_view("messaging.message", message_view)
