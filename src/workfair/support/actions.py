"""Every write of the support app (docs/subsystems/support.md): help-centre articles written by
staff in the console, and tickets (opening, replies from either side or by e-mail, assignment,
closing, the first-response timer). Each action is one transaction with its audit row; e-mail and
notifications go out after commit."""

from __future__ import annotations

import logging
import math
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils.text import slugify

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from workfair.core.realtime import publish_on_commit
from workfair.core.transitions import transition
from workfair.notifications.actions import do_notify
from workfair.support.intake import check_ticket_attachment
from workfair.support.models import (
    AgentStatus,
    CannedReply,
    ChatMessage,
    ChatSession,
    HelpArticle,
    HelpCategory,
    Ticket,
    TicketMessage,
)
from workfair.support.rendering import render_markdown
from workfair.support.reply_address import REPLY_ABOVE_MARKER, reply_address
from workfair.support.search import refresh_search_vectors
from workfair.support.sla import first_response_due
from workfair.support.states import (
    BODY_MAX,
    CHAT_MESSAGE_MAX,
    CHAT_TRANSITIONS,
    DEFAULT_AGENT_CAPACITY,
    MAX_AGENT_CAPACITY,
    SUBJECT_MAX,
    TICKET_TRANSITIONS,
    ChatStatus,
    MessageSource,
    TicketCategory,
    TicketStatus,
)
from workfair.trust.interface import StaffRole, has_role, require_console_role

logger = logging.getLogger(__name__)


def _text(value: Any, *, what: str, limit: int, required: bool = True) -> str:
    cleaned = (value if isinstance(value, str) else "").strip()
    if required and not cleaned:
        raise InvalidInput(f"Write the {what}.")
    if len(cleaned) > limit:
        raise InvalidInput(f"The {what} can have at most {limit} characters.")
    if "\x00" in cleaned:
        raise InvalidInput(f"The {what} may not contain NUL characters.")
    return cleaned


def _free_slug(model: Any, base: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(base) or "article")[:140]
    taken = set(model.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _require_staff(actor: Any) -> None:
    if actor is not None:  # None: the system (demo seeding, data migrations)
        require_console_role(actor)


@transaction.atomic
def do_create_help_category(*, actor: Any, name: str, description: str = "", position: int = 0) -> HelpCategory:
    """A help-centre category (staff only; `actor=None` for seeding). A name already used: the
    existing category, unchanged."""
    _require_staff(actor)
    name = _text(name, what="category name", limit=80)
    existing = HelpCategory.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    category = HelpCategory.objects.create(
        name=name,
        slug=_free_slug(HelpCategory, name),
        description=_text(description, what="description", limit=300, required=False),
        position=position,
    )
    record_audit(actor=actor, action="support.help_category_created", target=category, data={"name": name})
    return category


@transaction.atomic
def do_save_help_article(
    *,
    actor: Any,
    article: HelpArticle | None,
    category: HelpCategory,
    title: str,
    summary: str,
    body: str,
    published: bool = True,
) -> HelpArticle:
    """Create (`article=None`) or change a help article (staff only; `actor=None` for seeding).
    The Markdown is rendered to sanitised HTML here, once, and the search index refreshed.
    InvalidInput for an empty or too long title, summary or body."""
    _require_staff(actor)
    title = _text(title, what="title", limit=150)
    summary = _text(summary, what="summary", limit=300)
    body = _text(body, what="article text", limit=30_000)
    now = clock.now()
    editor = actor if getattr(actor, "is_authenticated", False) else None
    if article is None:
        article = HelpArticle.objects.create(
            category=category,
            title=title,
            slug=_free_slug(HelpArticle, title),
            summary=summary,
            body=body,
            body_html=render_markdown(body),
            published=bool(published),
            created_at=now,
            updated_at=now,
            updated_by=editor,
        )
        action = "support.help_article_created"
    else:
        article = HelpArticle.objects.select_for_update().get(pk=article.pk)
        article.category = category
        article.title = title
        article.summary = summary
        article.body = body
        article.body_html = render_markdown(body)
        article.published = bool(published)
        article.updated_at = now
        article.updated_by = editor
        article.save()
        action = "support.help_article_updated"
    refresh_search_vectors([article.pk])
    record_audit(actor=actor, action=action, target=article, data={"title": title, "published": article.published})
    return article


# --- tickets ------------------------------------------------------------------------------------


def _is_staff(actor: Any) -> bool:
    return has_role(actor, StaffRole.MODERATOR)


def _ticket_url(ticket: Ticket) -> str:
    return reverse("support:ticket", args=[ticket.pk])


def _email_requester_on_commit(ticket: Ticket, subject: str, text: str) -> None:
    """E-mail the requester about `ticket` after commit, with Reply-To the ticket's signed reply
    address so that answering the e-mail answers the ticket."""
    to = ticket.requester.email
    if not to:
        return
    link = f"{settings.SITE_URL}{_ticket_url(ticket)}"
    body = f"{REPLY_ABOVE_MARKER}\n\n{text}\n\nSee the whole conversation: {link}"
    message = EmailMessage(
        subject=f"[Ticket #{ticket.pk}] {subject}",
        body=body,
        to=[to],
        reply_to=[reply_address(ticket.pk)],
    )

    def send() -> None:
        try:
            message.send()
        except Exception:  # a mail server down must not undo the reply; the page shows it anyway
            logger.exception("support e-mail for ticket %s not sent", ticket.pk)

    transaction.on_commit(send)


def _new_message(
    *, ticket: Ticket, author: Any, body: str, from_staff: bool, source: str, attachment: Any
) -> TicketMessage:
    message = TicketMessage(
        ticket=ticket, author=author, from_staff=from_staff, body=body, source=source, created_at=clock.now()
    )
    if attachment is not None:
        message.attachment_name = check_ticket_attachment(attachment)
        message.attachment.save(message.attachment_name, attachment, save=False)
    message.save()
    return message


@transaction.atomic
def do_open_ticket(
    *,
    actor: Any,
    subject: str,
    body: str,
    category: str,
    attachment: Any = None,
    source: str = MessageSource.WEB,
) -> Ticket:
    """Open a ticket for the signed-in `actor`: its first message, the first-response clock
    started (docs/rules.md, "Support"), an e-mail to the requester with the reply address.
    InvalidInput for a missing or too long subject or text, an unknown category, or a refused file."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Log in to contact support.")
    subject = _text(subject, what="subject", limit=SUBJECT_MAX)
    body = _text(body, what="question", limit=BODY_MAX)
    if category not in TicketCategory.values:
        raise InvalidInput("Choose what your question is about.")
    if attachment is not None:
        check_ticket_attachment(attachment)
    now = clock.now()
    ticket = Ticket.objects.create(
        requester=actor,
        subject=subject,
        category=category,
        opened_at=now,
        first_response_due_at=first_response_due(now),
        last_activity_at=now,
        updated_at=now,
    )
    _new_message(ticket=ticket, author=actor, body=body, from_staff=False, source=source, attachment=attachment)
    record_audit(actor=actor, action="support.ticket_opened", target=ticket, data={"category": category})
    _email_requester_on_commit(
        ticket,
        subject,
        f"We have your question and a person will answer by {ticket.first_response_due_at:%Y-%m-%d %H:%M} UTC.",
    )
    return ticket


@transaction.atomic
def do_reply_to_ticket(
    *, actor: Any, ticket: Ticket, body: str, attachment: Any = None, source: str = MessageSource.WEB
) -> TicketMessage:
    """Add a message to `ticket`'s thread. From staff: the ticket becomes answered (the first such
    answer stops the SLA clock) and the requester is notified and e-mailed. From the requester: the
    ticket waits for support again (a closed one reopens). Anyone else: NotFound."""
    staff = _is_staff(actor)
    if not staff and ticket.requester_id != getattr(actor, "pk", None):
        raise NotFound("There is no such ticket.")
    body = _text(body, what="reply", limit=BODY_MAX)
    if attachment is not None:
        check_ticket_attachment(attachment)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    now = clock.now()
    message = _new_message(
        ticket=ticket, author=actor, body=body, from_staff=staff, source=source, attachment=attachment
    )
    updates: dict[str, Any] = {"last_activity_at": now}
    if staff:
        if ticket.first_responded_at is None:
            updates["first_responded_at"] = now
        if ticket.assignee_id is None:
            updates["assignee"] = actor
        target = TicketStatus.ANSWERED
    else:
        target = TicketStatus.OPEN
        if ticket.status == TicketStatus.CLOSED:
            updates["closed_at"] = None
    if ticket.status != target:
        ticket = transition(ticket, target, table=TICKET_TRANSITIONS, actor=actor, extra_updates=updates)
    else:
        for name, value in updates.items():
            setattr(ticket, name, value)
        ticket.updated_at = now
        ticket.save(update_fields=[*updates, "updated_at"])
    record_audit(
        actor=actor,
        action="support.ticket_replied",
        target=ticket,
        data={"message": message.pk, "from_staff": staff, "source": source},
    )
    if staff:
        do_notify(
            ticket.requester,
            kind="support.ticket_answered",
            title=f"Support answered: {ticket.subject}",
            body=body[:300],
            url=_ticket_url(ticket),
            email=False,  # the e-mail below carries the reply address
        )
        _email_requester_on_commit(ticket, ticket.subject, body)
    return message


@transaction.atomic
def do_assign_ticket(*, actor: Any, ticket: Ticket, assignee: Any) -> Ticket:
    """Give `ticket` to a staff member (`assignee=None` puts it back in the pool). Staff only."""
    require_console_role(actor)
    if assignee is not None and not _is_staff(assignee):
        raise InvalidInput("Tickets can be assigned only to staff.")
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    ticket.assignee = assignee
    ticket.updated_at = clock.now()
    ticket.save(update_fields=["assignee", "updated_at"])
    record_audit(
        actor=actor, action="support.ticket_assigned", target=ticket, data={"assignee": getattr(assignee, "pk", None)}
    )
    return ticket


@transaction.atomic
def do_close_ticket(*, actor: Any, ticket: Ticket) -> Ticket:
    """Close `ticket` (staff, or the requester when the question is settled). A reply from the
    requester opens it again. Closing a closed ticket: InvalidTransition."""
    if not _is_staff(actor) and ticket.requester_id != getattr(actor, "pk", None):
        raise NotFound("There is no such ticket.")
    now = clock.now()
    return transition(
        ticket,
        TicketStatus.CLOSED,
        table=TICKET_TRANSITIONS,
        actor=actor,
        extra_updates={"closed_at": now, "last_activity_at": now},
        error_message="This ticket is already closed.",
    )


def do_flag_overdue_tickets() -> int:
    """The first-response timer: mark every ticket still waiting for its first staff answer past
    its due time (`sla_breached_at`), once, with an audit row each, and tell its assignee. Returns
    how many were flagged. Idempotent: a flagged ticket is not flagged again."""
    now = clock.now()
    flagged = 0
    overdue = Ticket.objects.filter(
        first_responded_at__isnull=True,
        sla_breached_at__isnull=True,
        first_response_due_at__lte=now,
    ).exclude(status=TicketStatus.CLOSED)
    for ticket_id in list(overdue.values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=ticket_id)
            if ticket.sla_breached_at is not None or ticket.first_responded_at is not None:
                continue
            ticket.sla_breached_at = now
            ticket.save(update_fields=["sla_breached_at"])
            record_audit(
                actor=None,
                action="support.ticket_sla_breached",
                target=ticket,
                data={"due": ticket.first_response_due_at.isoformat()},
            )
            if ticket.assignee is not None:
                do_notify(
                    ticket.assignee,
                    kind="support.ticket_overdue",
                    title=f"Ticket #{ticket.pk} passed its first-answer deadline",
                    url=reverse("support:console_ticket", args=[ticket.pk]),
                )
            flagged += 1
    if flagged:
        logger.warning("support: %d ticket(s) passed the first-response deadline", flagged)
    return flagged


def do_append_email_reply(*, ticket_id: int, sender: str, body: str) -> TicketMessage:
    """Append a reply that came by e-mail (already parsed from a signed reply address) to its
    ticket, as a message of the requester. The sender's address must be the requester's: anyone
    else's mail is refused (PermissionDenied) and writes nothing."""
    ticket = Ticket.objects.select_related("requester").filter(pk=ticket_id).first()
    if ticket is None:
        raise NotFound("There is no such ticket.")
    if ticket.requester.email.lower() != sender.lower():
        raise PermissionDenied("Only the person who opened the ticket can reply to it by e-mail.")
    return do_reply_to_ticket(actor=ticket.requester, ticket=ticket, body=body, source=MessageSource.EMAIL)


@transaction.atomic
def do_create_canned_reply(*, actor: Any, title: str, body: str) -> CannedReply:
    """A reply staff can insert when answering (staff only; `actor=None` for seeding). A title
    already used: the existing reply, unchanged."""
    _require_staff(actor)
    title = _text(title, what="title", limit=100)
    body = _text(body, what="reply", limit=5000)
    reply, created = CannedReply.objects.get_or_create(title=title, defaults={"body": body})
    if created:
        record_audit(actor=actor, action="support.canned_reply_created", target=reply, data={"title": title})
    return reply


# --- live chat ------------------------------------------------------------------------------------


def chat_group(session_id: int) -> str:
    return f"support.chat.{session_id}"


def agent_group(agent_id: int) -> str:
    return f"support.agent.{agent_id}"


def chat_message_payload(message: ChatMessage) -> dict[str, Any]:
    return {
        "seq": message.seq,
        "from_staff": message.from_staff,
        "author_name": "Workfair support"
        if message.from_staff
        else (message.author.public_name if message.author else ""),
        "body": message.body,
        "client_id": message.client_id,
        "created_at": message.created_at.isoformat(),
    }


def queue_position(session: ChatSession) -> int | None:
    """1 for the first chat waiting, 2 for the next...; None when not waiting."""
    if session.status != ChatStatus.QUEUED:
        return None
    return ChatSession.objects.filter(status=ChatStatus.QUEUED, pk__lt=session.pk).count() + 1


# Without finished chats to learn from, a chat is taken to last this long.
DEFAULT_CHAT_MINUTES = 6


def expected_wait_minutes(position: int | None) -> int | None:
    """An honest estimate of the wait of the chat at `position` in the queue: the average length
    of the last 50 finished chats, times the position, over the places the agents on shift have
    (rounded up; at least 1 minute). None when not waiting or nobody is on shift."""
    if position is None:
        return None
    places = sum(AgentStatus.objects.filter(available=True).values_list("capacity", flat=True))
    if not places:
        return None
    recent = list(
        ChatSession.objects.filter(status=ChatStatus.ENDED, assigned_at__isnull=False, ended_at__isnull=False)
        .order_by("-ended_at")
        .values_list("assigned_at", "ended_at")[:50]
    )
    lengths = [(end - start).total_seconds() for start, end in recent if start is not None and end is not None]
    minutes = sum(lengths) / len(lengths) / 60 if lengths else DEFAULT_CHAT_MINUTES
    return max(1, math.ceil(position * minutes / places))


def chat_status_payload(session: ChatSession) -> dict[str, Any]:
    position = queue_position(session)
    return {
        "type": "chat.status",
        "session_id": session.pk,
        "status": session.status,
        "agent_name": session.agent.public_name if session.agent else "",
        "queue_position": position,
        "expected_wait_minutes": expected_wait_minutes(position),
        "ticket_url": reverse("support:ticket", args=[session.ticket_id]) if session.ticket_id else "",
    }


def _publish_status(session: ChatSession) -> None:
    publish_on_commit(chat_group(session.pk), chat_status_payload(session))


def _agents_on_shift() -> bool:
    return AgentStatus.objects.filter(available=True).exists()


def _free_agent() -> Any:
    """The available agent with the fewest active chats below their capacity (ties: the lowest
    id), or None. Locks the available agents' rows so that two chats routed at once cannot both
    take an agent's last place."""
    statuses = list(AgentStatus.objects.select_for_update().filter(available=True).order_by("agent_id"))
    if not statuses:
        return None
    loads = dict(
        ChatSession.objects.filter(status=ChatStatus.ACTIVE, agent_id__in=[s.agent_id for s in statuses])
        .values_list("agent_id")
        .annotate(n=Count("pk"))
    )
    spare = [s for s in statuses if loads.get(s.agent_id, 0) < s.capacity]
    if not spare:
        return None
    best = min(spare, key=lambda s: (loads.get(s.agent_id, 0), s.agent_id))
    return best.agent


def _route_queued() -> int:
    """Give waiting chats, oldest first, to agents with spare capacity; tell the people still
    waiting their new place. Returns how many were routed. Call inside a transaction."""
    routed = 0
    waiting = list(ChatSession.objects.filter(status=ChatStatus.QUEUED).order_by("pk")[:200])
    for session in waiting:
        agent = _free_agent()
        if agent is None:
            break
        _assign(session, agent)
        routed += 1
    if routed:
        for session in waiting[routed : routed + 50]:
            _publish_status(session)
    return routed


def _assign(session: ChatSession, agent: Any) -> ChatSession:
    now = clock.now()
    session = transition(
        session,
        ChatStatus.ACTIVE,
        table=CHAT_TRANSITIONS,
        actor=None,
        extra_updates={"agent": agent, "assigned_at": now},
    )
    _publish_status(session)
    publish_on_commit(agent_group(agent.pk), {"type": "chat.assigned", "session_id": session.pk})
    return session


def _chat_to_ticket(session: ChatSession) -> ChatSession:
    """Nobody is on shift: the chat's messages become a ticket, answered within the usual time."""
    lines = [m.body for m in session.messages.all()]
    first = lines[0] if lines else "Live chat"
    ticket = do_open_ticket(
        actor=session.requester,
        subject=f"Chat: {first[:60]}",
        body="\n\n".join(lines) or "Live chat",
        category=TicketCategory.OTHER,
    )
    session = transition(
        session,
        ChatStatus.TICKET,
        table=CHAT_TRANSITIONS,
        actor=None,
        extra_updates={"ticket": ticket, "ended_at": clock.now()},
    )
    _publish_status(session)
    return session


def _append_chat_message(
    session: ChatSession, *, author: Any, from_staff: bool, body: str, client_id: str
) -> ChatMessage:
    """Number and store one message under the session's row lock; a `client_id` already stored
    answers with that message and stores nothing."""
    locked = ChatSession.objects.select_for_update().get(pk=session.pk)
    if client_id:
        existing = ChatMessage.objects.filter(session=locked, client_id=client_id).first()
        if existing is not None:
            return existing
    message = ChatMessage.objects.create(
        session=locked,
        seq=locked.next_seq,
        author=author,
        from_staff=from_staff,
        body=body,
        client_id=client_id,
        created_at=clock.now(),
    )
    locked.next_seq = F("next_seq") + 1
    locked.updated_at = clock.now()
    locked.save(update_fields=["next_seq", "updated_at"])
    publish_on_commit(chat_group(session.pk), {"type": "chat.message", "message": chat_message_payload(message)})
    return message


def _chat_text(body: Any) -> str:
    return _text(body, what="message", limit=CHAT_MESSAGE_MAX)


def _client_id(value: Any) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or len(value) > 64 or not value.isprintable():
        raise InvalidInput("A message id is at most 64 printable characters.")
    return value


@transaction.atomic
def do_set_agent_availability(*, actor: Any, available: bool, capacity: int = DEFAULT_AGENT_CAPACITY) -> AgentStatus:
    """Staff put themselves on or off shift for chats, with how many they take at once (1 to
    MAX_AGENT_CAPACITY). On: waiting chats are routed. Off (or a disconnected agent): their open
    chats go back to the front of the queue; if nobody is left on shift, every waiting chat becomes
    a ticket."""
    require_console_role(actor)
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= MAX_AGENT_CAPACITY:
        raise InvalidInput(f"Take between 1 and {MAX_AGENT_CAPACITY} chats at once.")
    now = clock.now()
    status, _ = AgentStatus.objects.select_for_update().get_or_create(
        agent=actor, defaults={"available": False, "capacity": capacity, "updated_at": now}
    )
    status.available = bool(available)
    status.capacity = capacity
    status.updated_at = now
    status.save()
    record_audit(
        actor=actor,
        action="support.agent_availability",
        target=status,
        data={"available": status.available, "capacity": capacity},
    )
    if not status.available:
        for session in ChatSession.objects.filter(agent=actor, status=ChatStatus.ACTIVE).order_by("pk"):
            session = transition(
                session, ChatStatus.QUEUED, table=CHAT_TRANSITIONS, actor=actor, extra_updates={"agent": None}
            )
            _publish_status(session)
    if _agents_on_shift():
        _route_queued()
    else:
        for session in ChatSession.objects.filter(status=ChatStatus.QUEUED).order_by("pk"):
            _chat_to_ticket(session)
    return status


@transaction.atomic
def do_start_chat(*, actor: Any, body: str, client_id: str = "") -> ChatSession:
    """A signed-in person starts a chat with its first message (or adds it to the chat they
    already have open). Routed at once to the least busy agent on shift with room; else queued
    (its place is in the status event); with nobody on shift it becomes a ticket."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Log in to chat with support.")
    body = _chat_text(body)
    client_id = _client_id(client_id)
    live = ChatSession.objects.filter(requester=actor, status__in=[ChatStatus.QUEUED, ChatStatus.ACTIVE]).first()
    if live is not None:
        _append_chat_message(live, author=actor, from_staff=False, body=body, client_id=client_id)
        return live
    now = clock.now()
    session = ChatSession.objects.create(requester=actor, created_at=now, updated_at=now)
    _append_chat_message(session, author=actor, from_staff=False, body=body, client_id=client_id)
    record_audit(actor=actor, action="support.chat_started", target=session)
    if not _agents_on_shift():
        return _chat_to_ticket(session)
    agent = _free_agent()
    if agent is not None:
        return _assign(session, agent)
    _publish_status(session)
    return session


@transaction.atomic
def do_send_chat_message(*, actor: Any, session: ChatSession, body: str, client_id: str = "") -> ChatMessage:
    """A message in a live chat, from its person or its agent (any other staff member: refused;
    anyone else: NotFound). Numbered in order; sending the same `client_id` twice stores it once."""
    staff = actor.pk != session.requester_id and _is_staff(actor)
    if not staff and actor.pk != session.requester_id:
        raise NotFound("There is no such chat.")
    if staff and session.agent_id != actor.pk:
        raise PermissionDenied("This chat is not yours: take it from the queue first.")
    if session.status not in (ChatStatus.QUEUED, ChatStatus.ACTIVE):
        raise InvalidTransition("This chat has ended.")
    return _append_chat_message(
        session, author=actor, from_staff=staff, body=_chat_text(body), client_id=_client_id(client_id)
    )


@transaction.atomic
def do_end_chat(*, actor: Any, session: ChatSession) -> ChatSession:
    """End a chat (its person, its agent or any staff member). The transcript stays and is
    e-mailed to the person; the agent's freed place takes the next waiting chat."""
    if actor.pk != session.requester_id and not _is_staff(actor):
        raise NotFound("There is no such chat.")
    session = transition(
        session,
        ChatStatus.ENDED,
        table=CHAT_TRANSITIONS,
        actor=actor,
        extra_updates={"ended_at": clock.now()},
        error_message="This chat has already ended.",
    )
    _publish_status(session)
    transcript = "\n".join(
        f"[{m.created_at:%H:%M}] {'Workfair support' if m.from_staff else 'You'}: {m.body}"
        for m in session.messages.all()
    )
    to = session.requester.email
    if to:
        message = EmailMessage(subject="Your chat with Workfair support", body=transcript, to=[to])
        transaction.on_commit(lambda: _send_quietly(message, session.pk))
    _route_queued()
    return session


def _send_quietly(message: EmailMessage, session_id: int) -> None:
    try:
        message.send()
    except Exception:  # the transcript stays on the site; a mail server down must not fail the chat
        logger.exception("chat transcript %s not e-mailed", session_id)


@transaction.atomic
def do_transfer_chat(*, actor: Any, session: ChatSession, to_agent: Any) -> ChatSession:
    """Hand an active chat to another agent on shift (by its agent or any staff member). The person
    is told the new agent's name; the new agent's workspace hears of it. Refused (InvalidInput)
    when the other is not on shift or is the chat's agent already."""
    require_console_role(actor)
    if session.status != ChatStatus.ACTIVE:
        raise InvalidTransition("Only a chat with an agent can be transferred.")
    if not _is_staff(to_agent) or not AgentStatus.objects.filter(agent=to_agent, available=True).exists():
        raise InvalidInput("Transfer only to an agent on shift.")
    locked = ChatSession.objects.select_for_update().get(pk=session.pk)
    if locked.agent_id == to_agent.pk:
        raise InvalidInput("This chat is with that agent already.")
    previous = locked.agent_id
    locked.agent = to_agent
    locked.updated_at = clock.now()
    locked.save(update_fields=["agent", "updated_at"])
    record_audit(
        actor=actor, action="support.chat_transferred", target=locked, data={"from": previous, "to": to_agent.pk}
    )
    _publish_status(locked)
    publish_on_commit(agent_group(to_agent.pk), {"type": "chat.assigned", "session_id": locked.pk})
    return locked
