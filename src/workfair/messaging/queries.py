"""Reads about conversations and messages, always for the person asking.

Who sees what: both participants see the conversation; the receiver of a message sees it only if
its status is DELIVERED or MASKED, and then sees `delivered_body` (masked by the trust engine if
needed); the sender always sees their own message, with `body` and a note of its status. A HELD or
BLOCKED message is never shown to the receiver, counted in their unread count or previewed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from workfair.core.errors import NotFound
from workfair.core.pagination import MAX_PAGE_SIZE, PageRequest
from workfair.messaging.models import Conversation, Message, MessageAttachment, Participant
from workfair.messaging.states import MessageStatus
from workfair.trust.interface import hidden_target_ids

RECEIVER_VISIBLE_STATUSES: frozenset[str] = frozenset({MessageStatus.DELIVERED, MessageStatus.MASKED})

STATUS_NOTES_FOR_SENDER: dict[str, str] = {
    MessageStatus.MASKED: "Delivered with some details masked.",
    MessageStatus.HELD: "Held for review: not delivered yet.",
    MessageStatus.BLOCKED: "Blocked: not delivered.",
}

PREVIEW_CHARS = 140


@dataclass(frozen=True, slots=True)
class AttachmentView:
    id: int
    name: str
    size: int
    content_type: str
    url: str


@dataclass(frozen=True, slots=True)
class MessageView:
    """One message as one viewer sees it."""

    id: int
    conversation_id: int
    sender_id: int
    sender_name: str
    mine: bool
    body: str
    status: str
    status_note: str
    created_at: dt.datetime
    attachments: list[AttachmentView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MessagePage:
    """Messages oldest to newest; `next_before` is the id to pass as `before_id` for older ones."""

    messages: list[MessageView]
    has_older: bool
    next_before: int | None


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    """One line of the inbox."""

    conversation: Conversation
    other_id: int
    other_name: str
    unread_count: int
    last_message_at: dt.datetime | None
    preview: str
    last_message_mine: bool


@dataclass(frozen=True, slots=True)
class InboxPage:
    items: list[ConversationSummary]
    page: int
    size: int
    has_next: bool


def visible_to(user_id: int) -> Q:
    """The messages `user_id` may see in a conversation they take part in."""
    return Q(status__in=RECEIVER_VISIBLE_STATUSES) | Q(sender_id=user_id)


def is_participant(conversation: Conversation, user_id: int | None) -> bool:
    return user_id is not None and user_id in (conversation.client_id, conversation.freelancer_id)


def other_participant(conversation: Conversation, user_id: int | None) -> Any:
    """The other person (a user) of a conversation the given user takes part in."""
    return conversation.freelancer if conversation.client_id == user_id else conversation.client


def conversation_url(conversation_id: int) -> str:
    return reverse("messaging:conversation", args=[conversation_id])


def access_conversation_by_id(actor: Any, conversation_id: int) -> Conversation:
    """A conversation the actor takes part in, with both people loaded. NotFound for a missing id
    and for someone else's conversation alike. One query."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound("Conversation not found.")
    conversation = (
        Conversation.objects.select_related("client", "freelancer")
        .filter(Q(client_id=actor.pk) | Q(freelancer_id=actor.pk), pk=conversation_id)
        .first()
    )
    if conversation is None:
        raise NotFound("Conversation not found.")
    return conversation


def conversation_id_about(
    actor: Any, *, proposal: Any = None, invitation: Any = None, contract: Any = None
) -> int | None:
    """The id of the actor's conversation about a proposal, invitation or contract, if one is open
    (for "Message" links on other apps' pages); None otherwise."""
    lookup: dict[str, Any] = {}
    if contract is not None:
        lookup = {"contract": contract}
    elif proposal is not None:
        lookup = {"proposal": proposal}
    elif invitation is not None:
        lookup = {"invitation": invitation}
    if not lookup or not getattr(actor, "is_authenticated", False):
        return None
    return (
        Conversation.objects.filter(Q(client_id=actor.pk) | Q(freelancer_id=actor.pk), **lookup)
        .values_list("pk", flat=True)
        .first()
    )


def conversations_for_user(actor: Any, page: int = 1, size: int = 20) -> InboxPage:
    """The actor's conversations, most recent activity (last message, else opening) first, with the
    other person's public name, the subject, the actor's unread count and a preview of the last
    message the actor may see.
    Two queries whatever the page size."""
    request = PageRequest.parse(page, size)
    last_visible = (
        Message.objects.filter(conversation_id=OuterRef("conversation_id"))
        .filter(visible_to(actor.pk))
        .order_by("-id")
        .values("id")[:1]
    )
    rows = list(
        Participant.objects.filter(user_id=actor.pk)
        .select_related("conversation__client", "conversation__freelancer")
        .annotate(last_visible_id=Subquery(last_visible))
        .order_by(
            # Latest activity first: a conversation with no messages yet counts from when it opened,
            # so a new invitation sorts above last month's threads.
            Coalesce(F("conversation__last_message_at"), F("conversation__created_at")).desc(),
            "-conversation_id",
        )[request.offset : request.offset + request.size + 1]
    )
    has_next = len(rows) > request.size
    rows = rows[: request.size]
    last_ids = [row.last_visible_id for row in rows if row.last_visible_id]  # type: ignore[attr-defined]
    last_messages = (
        {m.pk: m for m in Message.objects.filter(pk__in=last_ids).only("id", "sender_id", "body", "delivered_body")}
        if last_ids
        else {}
    )
    items = []
    for row in rows:
        conversation = row.conversation
        other = other_participant(conversation, actor.pk)
        last = last_messages.get(row.last_visible_id)  # type: ignore[attr-defined]
        mine = last is not None and last.sender_id == actor.pk
        items.append(
            ConversationSummary(
                conversation=conversation,
                other_id=other.pk,
                other_name=other.public_name,
                unread_count=row.unread_count,
                last_message_at=conversation.last_message_at,
                preview=_preview(last, mine) if last is not None else "",
                last_message_mine=mine,
            )
        )
    return InboxPage(items=items, page=request.page, size=request.size, has_next=has_next)


@dataclass(frozen=True, slots=True)
class PersonThreads:
    """One line of the inbox grouped by person: the newest thread with them, and the others (each
    with its job or contract as context)."""

    other_id: int
    other_name: str
    newest: ConversationSummary
    others: list[ConversationSummary]

    @property
    def unread_count(self) -> int:
        return self.newest.unread_count + sum(item.unread_count for item in self.others)


def group_by_person(items: list[ConversationSummary]) -> list[PersonThreads]:
    """The page's conversations, one line per other person, in the order of their newest thread
    (the same person's proposal, invitation and contract threads read as one line)."""
    groups: dict[int, PersonThreads] = {}
    for item in items:
        group = groups.get(item.other_id)
        if group is None:
            groups[item.other_id] = PersonThreads(item.other_id, item.other_name, newest=item, others=[])
        else:
            group.others.append(item)
    return list(groups.values())


@dataclass(frozen=True, slots=True)
class OpeningNote:
    """What started a conversation, shown as its first entry: the text of an invitation."""

    author_name: str
    mine: bool
    body: str
    created_at: dt.datetime
    label: str


def opening_note(actor: Any, conversation: Conversation) -> OpeningNote | None:
    """The invitation's own text at the top of its thread (the freelancer met it there before as a
    notice only); None for other conversations or an invitation without a message."""
    invitation = conversation.invitation if conversation.invitation_id else None
    if invitation is None or not (invitation.message or "").strip():
        return None
    return OpeningNote(
        author_name=conversation.client.public_name,
        mine=conversation.client_id == actor.pk,
        body=invitation.message,
        created_at=invitation.created_at,
        label="Invitation",
    )


def _preview(message: Message, mine: bool) -> str:
    text = (message.body if mine else message.delivered_body).replace("\n", " ").strip()
    if not text:
        return "Sent a file."
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1].rstrip() + "…"


def messages_page(actor: Any, conversation: Conversation, before_id: int | None = None, size: int = 30) -> MessagePage:
    """One page of the messages the actor may see, found by keyset on id: the newest `size`
    messages older than `before_id` (or the newest overall), returned oldest to newest.
    `conversation` must come from `access_conversation_by_id`. Two queries (messages, attachments)."""
    if not is_participant(conversation, getattr(actor, "pk", None)):
        raise NotFound("Conversation not found.")
    size = min(MAX_PAGE_SIZE, max(1, int(size)))
    qs = Message.objects.filter(conversation_id=conversation.pk).filter(visible_to(actor.pk))
    if before_id is not None:
        qs = qs.filter(id__lt=before_id)
    rows = list(qs.order_by("-id").prefetch_related("attachments")[: size + 1])
    has_older = len(rows) > size
    rows = rows[:size]
    rows = _without_hidden(rows, viewer_id=actor.pk)
    rows.reverse()
    people = {conversation.client_id: conversation.client, conversation.freelancer_id: conversation.freelancer}
    views = [
        build_message_view(m, viewer_id=actor.pk, sender=people[m.sender_id], attachments=m.attachments.all())
        for m in rows
    ]
    return MessagePage(messages=views, has_older=has_older, next_before=rows[0].pk if has_older else None)


def _without_hidden(rows: list[Message], *, viewer_id: int) -> list[Message]:
    """Drop the messages a trust decision took down since they were delivered (one query). The
    sender still sees their own; a MASKED message is already what the decision allows the
    receiver to see (a masking rule's hide effect is the mask itself)."""
    candidates = [m.pk for m in rows if m.sender_id != viewer_id and m.status == MessageStatus.DELIVERED]
    if not candidates:
        return rows
    hidden = hidden_target_ids("messaging.message", candidates)
    return [m for m in rows if str(m.pk) not in hidden or m.sender_id == viewer_id]


def recent_bodies_by(conversation_id: int, sender_id: int, now: dt.datetime, *, limit: int = 5,
                     window: dt.timedelta = dt.timedelta(minutes=30)) -> list[str]:  # fmt: skip
    """What `sender_id` wrote last in the conversation (at most `limit` messages within `window`
    before `now`), oldest first, for the trust engine's conversation memory. One query."""
    rows = (
        Message.objects.filter(conversation_id=conversation_id, sender_id=sender_id, created_at__gte=now - window)
        .order_by("-id")
        .values_list("body", flat=True)[:limit]
    )
    return [body for body in reversed(list(rows)) if body]


def safety_warning_for(actor: Any, conversation: Conversation) -> bool:
    """Whether the other person wrote something with scam patterns in this conversation: the
    actor is then shown a safety banner (even when those messages are held from them)."""
    return (
        Message.objects.filter(conversation_id=conversation.pk, safety_warning=True)
        .exclude(sender_id=actor.pk)
        .exists()
    )


def message_view(actor: Any, message: Message, conversation: Conversation) -> MessageView:
    """A single message as `actor` sees it (e.g. to render the one just sent). NotFound if the actor
    may not see it."""
    if not is_participant(conversation, actor.pk) or message.conversation_id != conversation.pk:
        raise NotFound("Message not found.")
    if message.sender_id != actor.pk and message.status not in RECEIVER_VISIBLE_STATUSES:
        raise NotFound("Message not found.")
    sender = conversation.client if message.sender_id == conversation.client_id else conversation.freelancer
    return build_message_view(message, viewer_id=actor.pk, sender=sender, attachments=message.attachments.all())


def build_message_view(
    message: Message, *, viewer_id: int, sender: Any, attachments: Iterable[MessageAttachment]
) -> MessageView:
    """What `viewer_id` sees of `message` (the caller has checked that they may see it)."""
    mine = message.sender_id == viewer_id
    return MessageView(
        id=message.pk,
        conversation_id=message.conversation_id,
        sender_id=message.sender_id,
        sender_name=sender.public_name,
        mine=mine,
        body=message.body if mine else message.delivered_body,
        status=message.status,
        status_note=(message.status_note or STATUS_NOTES_FOR_SENDER.get(message.status, "")) if mine else "",
        created_at=message.created_at,
        attachments=[
            AttachmentView(
                id=a.pk,
                name=a.name,
                size=a.size,
                content_type=a.content_type,
                url=reverse("messaging:attachment", args=[a.pk]),
            )
            for a in attachments
        ],
    )


def unread_total(user: Any) -> int:
    """How many messages `user` has not read, over all conversations (0 when signed out). One query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return unread_total_for_user_id(user.pk)


def unread_total_for_user_id(user_id: int) -> int:
    total = Participant.objects.filter(user_id=user_id, unread_count__gt=0).aggregate(total=Sum("unread_count"))
    return int(total["total"] or 0)


def attachment_for_download(actor: Any, attachment_id: int) -> MessageAttachment:
    """An attachment of a message the actor may see (participant, and the message is theirs or was
    delivered to them). NotFound otherwise. One query."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound("File not found.")
    attachment = (
        MessageAttachment.objects.select_related("message")
        .filter(
            Q(message__conversation__client_id=actor.pk) | Q(message__conversation__freelancer_id=actor.pk),
            pk=attachment_id,
        )
        .first()
    )
    if attachment is None:
        raise NotFound("File not found.")
    message = attachment.message
    if message.sender_id != actor.pk and message.status not in RECEIVER_VISIBLE_STATUSES:
        raise NotFound("File not found.")
    return attachment


def participant_state(actor: Any, conversation: Conversation) -> Participant:
    """The actor's read state in a conversation they take part in (NotFound otherwise)."""
    participant = Participant.objects.filter(conversation_id=conversation.pk, user_id=actor.pk).first()
    if participant is None:
        raise NotFound("Conversation not found.")
    return participant
