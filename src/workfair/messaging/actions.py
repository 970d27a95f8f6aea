"""Every write about conversations and messages.

`do_send_message` is the one way a message is sent: the trust engine's gate sits there."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Case, F, PositiveIntegerField, Value, When

from workfair.core import clock, ratelimits
from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from workfair.core.realtime import conversation_group, publish_on_commit
from workfair.core.transitions import transition
from workfair.guard.masking import mask
from workfair.guard.rules import SignalFacts
from workfair.messaging import live
from workfair.messaging.hooks import active_contract_between
from workfair.messaging.models import Conversation, Message, MessageAttachment, Participant
from workfair.messaging.queries import (
    RECEIVER_VISIBLE_STATUSES,
    conversation_url,
    is_participant,
    other_participant,
    recent_bodies_by,
    visible_to,
)
from workfair.messaging.states import (
    CONVERSATION_TRANSITIONS,
    MESSAGE_RELEASE_TRANSITIONS,
    ConversationKind,
    ConversationStatus,
    MessageStatus,
)
from workfair.messaging.validation import check_attachments, clean_message_body
from workfair.notifications.actions import do_mark_notifications_read_for_url, do_notify
from workfair.notifications.queries import has_unread_notification
from workfair.trust.interface import Gate, Outcome, SignalKind, Verdict, do_record_signal, gate

logger = logging.getLogger(__name__)

CLOSED_MESSAGE = "This conversation is closed"
MESSAGE_NOTIFICATION_KIND = "message.received"

# The trust engine's outcome -> the message's status. A warning still delivers the message.
STATUS_BY_OUTCOME: dict[str, str] = {
    Outcome.ALLOW: MessageStatus.DELIVERED,
    Outcome.WARN: MessageStatus.DELIVERED,
    Outcome.MASK: MessageStatus.MASKED,
    Outcome.HOLD: MessageStatus.HELD,
    Outcome.BLOCK: MessageStatus.BLOCKED,
}
# Conversation memory: the sender's recent messages are screened with the new one, so a number
# split over two messages is found.
HISTORY_MESSAGES = 5
HISTORY_WINDOW = dt.timedelta(minutes=30)
FAILED_CLOSED_NOTE = "Held for review: our automatic check could not read this message, so a person will look first."


def _guard(actor: Any, conversation: Conversation, text: str, now: dt.datetime) -> Gate:
    """The trust engine's verdict on a message about to be sent. Never raises: any failure gives a
    verdict that holds the message for review (fail closed)."""
    contract_active = False
    try:
        contract_active = active_contract_between(conversation.client_id, conversation.freelancer_id)
        history = recent_bodies_by(conversation.pk, actor.pk, now, limit=HISTORY_MESSAGES, window=HISTORY_WINDOW)
        return gate(actor=actor, kind=SignalKind.MESSAGE_SENT, surface="message", text=text,
                    context={"contract_active": contract_active}, history=history)  # fmt: skip
    except Exception:  # the guard must never turn a send into a 500, nor let it pass unscreened
        logger.exception("message guard failed; holding the message for review")
        facts = SignalFacts(kind=SignalKind.MESSAGE_SENT, surface="message", text=text,
                            context={"contract_active": contract_active})  # fmt: skip
        verdict = Verdict(outcome=Outcome.HOLD, hits=(), shadow_hits=(), findings=(), masked_text="",
                          policy_version=0, failed_closed=True)  # fmt: skip
        return Gate(facts, verdict)


def _record_message_signal(actor: Any, message: Message, verdict: Gate) -> None:
    """Decisions, effects (hold, strikes, a case) and notices, in the send's transaction. If
    recording fails, `do_record_signal`'s own savepoint is rolled back, the message keeps the
    status the gate gave it (a held message stays held) and the send still succeeds."""
    try:
        do_record_signal(actor=actor, kind=SignalKind.MESSAGE_SENT, surface="message",
                         target_type="messaging.message", target_id=message.pk, gate=verdict)  # fmt: skip
    except Exception:  # never a 500 on send; the status already protects the receiver
        logger.exception("recording the trust signal of message %s failed", message.pk)


def _new_account_evidence(g: Gate) -> str:
    """Why the sender counts as new, with when that ends, if the new-account rule held the message."""
    for hit in g.verdict.hits:
        for finding in hit.findings:
            if finding.kind == "new_account_high_risk":
                return finding.evidence.split(";")[0]
    return ""


def _status_note(g: Gate, status: str) -> str:
    """What the sender is told about their message: what happened and why."""
    if g.verdict.failed_closed:
        return FAILED_CLOSED_NOTE
    reason = g.verdict.top.rule.reason if g.verdict.top is not None else ""
    if status == MessageStatus.MASKED:
        if {hit.rule.key for hit in g.verdict.hits} == {"contact-before-contract"}:
            return "Contact details were hidden: sharing them before a contract starts is not allowed."
        return f"Some details were hidden from the receiver. {reason}"[:500]
    if status == MessageStatus.HELD:
        lifts = _new_account_evidence(g)
        if lifts:
            # A rule for new accounts: say so, and when it stops applying to the sender.
            return (
                f"Held for review: not delivered yet. {reason} This rule is for new accounts: yours is one "
                f"({lifts}); after that your messages are checked like everyone's."
            )[:500]
        return f"Held for review: not delivered yet. {reason}"[:500]
    if status == MessageStatus.BLOCKED:
        return f"Blocked: not delivered. {reason}"[:500]
    return reason[:500]  # a warning: delivered, with the reason


@transaction.atomic
def do_open_conversation(
    *,
    actor: Any,
    kind: ConversationKind | str,
    client: Any,
    freelancer: Any,
    subject: str,
    job: Any = None,
    proposal: Any = None,
    invitation: Any = None,
    contract: Any = None,
) -> Conversation:
    """Open (or return the existing) conversation between a client and a freelancer about one
    proposal, invitation or contract. Only the client, or the platform (actor None), opens one:
    freelancers cannot message a client first."""
    if actor is not None and actor.pk != client.pk:
        raise PermissionDenied("Only the client can start a conversation with a freelancer.")
    lookup: dict[str, Any]
    if contract is not None:
        lookup = {"contract": contract}
    elif proposal is not None:
        lookup = {"proposal": proposal}
    elif invitation is not None:
        lookup = {"invitation": invitation}
    else:
        raise ValueError("A conversation is about a proposal, an invitation or a contract.")
    if client.pk == freelancer.pk:
        raise InvalidInput("A conversation is between two different people.")
    existing = Conversation.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        # A savepoint: when two requests open the same conversation at once, the unique key on
        # the proposal/invitation/contract refuses the second insert, which then returns the first.
        with transaction.atomic():
            conversation = Conversation.objects.create(
                kind=kind,
                client=client,
                freelancer=freelancer,
                subject=subject[:200],
                job=job,
                proposal=proposal,
                invitation=invitation,
                contract=contract,
                created_at=clock.now(),
            )
            Participant.objects.bulk_create(
                [
                    Participant(conversation=conversation, user=client),
                    Participant(conversation=conversation, user=freelancer),
                ]
            )
    except IntegrityError:
        return Conversation.objects.get(**lookup)
    record_audit(actor=actor, action="conversation.open", target=conversation, data={"kind": str(kind)})
    return conversation


def do_send_message(*, actor: Any, conversation: Conversation, body: str, attachments: Iterable[Any] = ()) -> Message:
    """Send a message from `actor` in `conversation`; returns the new Message.

    Contract:
    - `actor` takes part in the conversation, else NotFound; the conversation is open, else
      InvalidTransition ("This conversation is closed").
    - `body` is stripped; 1..settings.WORKFAIR["MAX_MESSAGE_CHARS"] characters (may be empty when
      files are attached); control characters other than newline and tab are refused (InvalidInput).
    - `attachments`: up to 5 uploaded files, each at most settings.WORKFAIR_MAX_ATTACHMENT_BYTES,
      of an allowed type whose content matches its extension (`messaging.validation`).
    - A refusal writes nothing (no row, no file, no event).

    The trust engine's gate goes at the marked place below: inside the transaction, after the
    input checks and before anything is written. It decides `status` (DELIVERED / MASKED / HELD /
    BLOCKED) and `delivered_body` (what the receiver sees, e.g. with contact details masked). The
    rest of this function already honours the decision: a HELD or BLOCKED message is never shown to
    the receiver (not in their page, unread count, inbox order or preview, notification or live
    event); the sender sees their own message with a note of its status.

    Effects, kept lean because sending has a 20 ms p95 budget (about six queries): the message (and
    attachment rows), the receiver's unread count (+1, by F()), the conversation's last_message_at,
    the sender's read pointer, an audit row; an in-app notification (with one e-mail) only when the
    receiver has no unread notification about this conversation yet; after commit, the
    "message.created" event to the conversation group and the unread total to the receiver."""
    if not is_participant(conversation, getattr(actor, "pk", None)):
        raise NotFound("Conversation not found.")
    receiver_id = conversation.freelancer_id if actor.pk == conversation.client_id else conversation.client_id
    checked_files = check_attachments(attachments)
    text = clean_message_body(body, allow_empty=bool(checked_files))
    ratelimits.consume("message", user_id=actor.pk)
    ratelimits.consume("upload", user_id=actor.pk, hits=len(checked_files))
    now = clock.now()

    with transaction.atomic():
        # The trust engine's gate: what the receiver gets, decided before anything is written.
        verdict = _guard(actor, conversation, text, now)
        status: str = STATUS_BY_OUTCOME.get(verdict.outcome, MessageStatus.HELD)
        delivered_body = verdict.masked_text if status == MessageStatus.MASKED else text
        if status in (MessageStatus.HELD, MessageStatus.BLOCKED):
            delivered_body = ""  # never stored where a receiver-side read could reach it
        visible = status in RECEIVER_VISIBLE_STATUSES

        # One statement both checks that the conversation is still open and records the activity;
        # a message the receiver will not see must not move the conversation up in their inbox.
        still_open = Conversation.objects.filter(pk=conversation.pk, status=ConversationStatus.OPEN).update(
            last_message_at=Value(now) if visible else F("last_message_at")
        )
        if not still_open:
            raise InvalidTransition(CLOSED_MESSAGE, code="conversation_closed")
        message = Message.objects.create(
            conversation_id=conversation.pk,
            sender=actor,
            body=text,
            delivered_body=delivered_body,
            status=status,
            status_note=_status_note(verdict, status),
            safety_warning=any(f.category == "scam" for f in verdict.verdict.findings),
            created_at=now,
        )
        rows = _store_attachments(message, checked_files, now)
        _record_message_signal(actor, message, verdict)
        # Both participants' rows in one statement: the receiver gains an unread message (if they
        # can see it); the sender has read everything up to what they just wrote.
        Participant.objects.filter(conversation_id=conversation.pk).update(
            unread_count=Case(
                When(user_id=receiver_id, then=F("unread_count") + (1 if visible else 0)),
                default=Value(0),
                output_field=PositiveIntegerField(),
            ),
            last_read_message_id=Case(
                When(user_id=actor.pk, then=Value(message.pk)),
                default=F("last_read_message_id"),
                output_field=BigIntegerField(),
            ),
        )
        record_audit(
            actor=actor,
            action="message.send",
            target=message,
            data={"conversation_id": conversation.pk, "status": status, "attachments": len(rows)},
        )
        if visible:
            _notify_receiver_once(conversation, sender=actor, receiver_id=receiver_id)
        event = live.message_created_event(
            message, sender=actor, receiver_id=receiver_id, attachments=rows, visible_to_receiver=visible
        )
        transaction.on_commit(lambda: live.fan_out_new_message(event, receiver_id=receiver_id if visible else None))
    if visible:
        conversation.last_message_at = now
    return message


RELEASED_NOTE = "Delivered after review by a moderator."
RELEASED_MASKED_NOTE = "Delivered after review by a moderator, with some details masked."


def _released_body(message: Message, conversation: Conversation) -> tuple[str, str]:
    """(status, what the receiver sees) of a held message a moderator approved: the moderator
    cleared what held it, but details no one may share now (contact details before a contract,
    payment details) stay masked, as for a message sent now."""
    contract_active = active_contract_between(conversation.client_id, conversation.freelancer_id)
    g = gate(actor=message.sender, kind=SignalKind.MESSAGE_SENT, surface="message", text=message.body,
             context={"contract_active": contract_active})  # fmt: skip
    spans = [f for h in g.verdict.hits if h.rule.outcome == Outcome.MASK for f in h.findings if f.end > f.start]
    if not spans:
        return MessageStatus.DELIVERED, message.body
    return MessageStatus.MASKED, mask(message.body, spans)


def do_release_held_message(*, actor: Any, message_id: int | str) -> Message:
    """Deliver a message the trust engine held, after a moderator approved it (called by the trust
    engine's restore path; `actor` is the moderator, or None for the platform).

    The message goes held -> delivered (or masked, see `_released_body`) through the transition
    table, the receiver's unread count grows by one, the conversation moves up in their inbox, they
    get the usual notification (once per conversation) and, after commit, the live event and their
    unread total, as for a normal send. A message that is not held is returned unchanged
    (idempotent: approving twice delivers once). Refusals: no such message (NotFound), an actor who
    is not staff (PermissionDenied)."""
    if actor is not None and not getattr(actor, "is_staff", False):
        raise PermissionDenied("Only a moderator can release a held message.")
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=int(message_id)).first()
        if message is None:
            raise NotFound("Message not found.")
        if message.status != MessageStatus.HELD:
            return message
        conversation = Conversation.objects.select_for_update().get(pk=message.conversation_id)
        sender = message.sender
        receiver_id = conversation.freelancer_id if sender.pk == conversation.client_id else conversation.client_id
        status, delivered_body = _released_body(message, conversation)
        note = RELEASED_NOTE if status == MessageStatus.DELIVERED else RELEASED_MASKED_NOTE
        transition(message, status, table=MESSAGE_RELEASE_TRANSITIONS, actor=actor, reason="approved by a moderator",
                   extra_updates={"delivered_body": delivered_body, "status_note": note})  # fmt: skip
        if conversation.last_message_at is None or conversation.last_message_at < message.created_at:
            Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
        Participant.objects.filter(conversation_id=conversation.pk, user_id=receiver_id).update(
            unread_count=F("unread_count") + 1
        )
        _notify_receiver_once(conversation, sender=sender, receiver_id=receiver_id)
        rows = list(message.attachments.all())
        event = live.message_created_event(
            message, sender=sender, receiver_id=receiver_id, attachments=rows, visible_to_receiver=True
        )
        transaction.on_commit(lambda: live.fan_out_new_message(event, receiver_id=receiver_id))
    return message


def _store_attachments(message: Message, files: Iterable[Any], now: Any) -> list[MessageAttachment]:
    rows = []
    for checked in files:
        row = MessageAttachment(
            message=message, name=checked.name, size=checked.size, content_type=checked.content_type, created_at=now
        )
        # A random stored name: files are served only through the permission-checked view, and
        # the person's own file name (kept in `name`) never reaches the file system.
        row.file.save(f"{uuid.uuid4().hex}.{checked.extension}", checked.upload, save=False)
        rows.append(row)
    if rows:
        MessageAttachment.objects.bulk_create(rows)
    return rows


def _notify_receiver_once(conversation: Conversation, *, sender: Any, receiver_id: int) -> None:
    # One unread notification (and one e-mail) per conversation, not one per message: the next
    # one comes only after the receiver has read the conversation or the notification.
    url = conversation_url(conversation.pk)
    if has_unread_notification(receiver_id, kind=MESSAGE_NOTIFICATION_KIND, url=url):
        return
    receiver = other_participant(conversation, sender.pk)
    do_notify(
        receiver,
        kind=MESSAGE_NOTIFICATION_KIND,
        title=f"New message from {sender.public_name}",
        body=f"{sender.public_name} wrote to you about “{conversation.subject}”.",
        url=url,
    )


def do_mark_read(*, actor: Any, conversation: Conversation, up_to_message_id: int | None = None) -> Participant:
    """Move the actor's read pointer: to the newest message they can see (default), or up to
    `up_to_message_id` (never backwards); recount their unread messages; mark read their
    notifications about this conversation once nothing is unread. Not a participant: NotFound.
    Returns the actor's Participant row (read pointer and unread count)."""
    with transaction.atomic():
        # Locked so that a message sent at the same moment is either counted here or added after.
        participant = (
            Participant.objects.select_for_update().filter(conversation_id=conversation.pk, user_id=actor.pk).first()
        )
        if participant is None:
            raise NotFound("Conversation not found.")
        if up_to_message_id is None and participant.unread_count == 0:
            return participant
        visible = Message.objects.filter(conversation_id=conversation.pk).filter(visible_to(actor.pk))
        if up_to_message_id is not None:
            # Capped at a message that exists, so a made-up large id cannot hide future messages.
            visible = visible.filter(id__lte=up_to_message_id)
        newest = visible.order_by("-id").values_list("id", flat=True).first() or 0
        pointer = max(participant.last_read_message_id, newest)
        if up_to_message_id is None:
            unread = 0
        else:
            unread = (
                Message.objects.filter(
                    conversation_id=conversation.pk, id__gt=pointer, status__in=RECEIVER_VISIBLE_STATUSES
                )
                .exclude(sender_id=actor.pk)
                .count()
            )
        if pointer == participant.last_read_message_id and unread == participant.unread_count:
            return participant
        before = participant.unread_count
        participant.last_read_message_id = pointer
        participant.unread_count = unread
        participant.save(update_fields=["last_read_message_id", "unread_count"])
        record_audit(
            actor=actor,
            action="conversation.read",
            target=conversation,
            data={"up_to": pointer, "unread": unread},
        )
        if unread == 0 and before > 0:
            do_mark_notifications_read_for_url(actor=actor, url=conversation_url(conversation.pk))
        if unread != before:
            user_id = actor.pk
            transaction.on_commit(lambda: live.publish_unread_total(user_id))
    return participant


def _check_may_close(actor: Any, conversation: Conversation) -> None:
    # The platform (actor None) and staff may close any conversation; of the participants only
    # the client, who opened it, may close or reopen it.
    if actor is None or getattr(actor, "is_staff", False):
        return
    if not is_participant(conversation, actor.pk):
        raise NotFound("Conversation not found.")
    if actor.pk != conversation.client_id:
        raise PermissionDenied("Only the client can close or reopen this conversation.")


def do_close_conversation(*, actor: Any, conversation: Conversation, reason: str = "") -> Conversation:
    """Close a conversation: no more messages until reopened. The client, staff or the platform
    (actor None) may do it (e.g. when a proposal is declined). Already closed: InvalidTransition."""
    _check_may_close(actor, conversation)
    with transaction.atomic():
        transition(
            conversation,
            ConversationStatus.CLOSED,
            table=CONVERSATION_TRANSITIONS,
            actor=actor,
            reason=reason,
            error_message="This conversation is already closed.",
        )
        _publish_status(conversation)
    return conversation


def do_reopen_conversation(*, actor: Any, conversation: Conversation, reason: str = "") -> Conversation:
    """Reopen a closed conversation (client, staff or the platform). Already open: InvalidTransition."""
    _check_may_close(actor, conversation)
    with transaction.atomic():
        transition(
            conversation,
            ConversationStatus.OPEN,
            table=CONVERSATION_TRANSITIONS,
            actor=actor,
            reason=reason,
            error_message="This conversation is already open.",
        )
        _publish_status(conversation)
    return conversation


def do_close_conversation_about(
    *, actor: Any, proposal: Any = None, invitation: Any = None, contract: Any = None, reason: str = ""
) -> Conversation | None:
    """Close the conversation about a proposal, invitation or contract if there is one and it is
    open (for other apps: a declined proposal, a withdrawn invitation). Returns it, or None when
    there was nothing to close. Same permissions as `do_close_conversation`."""
    lookup: dict[str, Any]
    if contract is not None:
        lookup = {"contract": contract}
    elif proposal is not None:
        lookup = {"proposal": proposal}
    elif invitation is not None:
        lookup = {"invitation": invitation}
    else:
        raise ValueError("Say which proposal, invitation or contract the conversation is about.")
    conversation = Conversation.objects.filter(status=ConversationStatus.OPEN, **lookup).first()
    if conversation is None:
        return None
    return do_close_conversation(actor=actor, conversation=conversation, reason=reason)


def _publish_status(conversation: Conversation) -> None:
    publish_on_commit(
        conversation_group(conversation.pk),
        {"type": "conversation.status", "conversation_id": conversation.pk, "status": conversation.status},
    )
