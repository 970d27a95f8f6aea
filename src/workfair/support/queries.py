"""Reads of the support app that depend on who asks (docs/subsystems/support.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q

from workfair.core import clock
from workfair.core.errors import NotFound
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
from workfair.support.states import ChatStatus, TicketStatus
from workfair.trust.interface import StaffRole, has_role, standing_levels


def _is_staff(actor: Any) -> bool:
    return has_role(actor, StaffRole.MODERATOR)


def access_help_article_by_slug(actor: Any, slug: str) -> HelpArticle:
    """A published article, or any article for staff (a draft is previewed before it is
    published); NotFound otherwise."""
    articles = HelpArticle.objects.select_related("category")
    if not _is_staff(actor):
        articles = articles.filter(published=True)
    article = articles.filter(slug=slug).first()
    if article is None:
        raise NotFound("There is no such help article.")
    return article


def access_help_category_by_slug(slug: str) -> HelpCategory:
    category = HelpCategory.objects.filter(slug=slug).first()
    if category is None:
        raise NotFound("There is no such help category.")
    return category


def help_categories_with_articles() -> list[HelpCategory]:
    """Every category holding a published article, each with its published articles (`.listed`),
    in two queries."""
    published = HelpArticle.objects.filter(published=True).order_by("title")
    return list(
        HelpCategory.objects.annotate(n=Count("articles", filter=Q(articles__published=True)))
        .filter(n__gt=0)
        .prefetch_related(Prefetch("articles", queryset=published, to_attr="listed"))
    )


def articles_for_staff() -> list[HelpArticle]:
    """Every article, drafts included, for the console (one query)."""
    return list(HelpArticle.objects.select_related("category", "updated_by").order_by("category__position", "title"))


# --- tickets ------------------------------------------------------------------------------------


def access_ticket_by_id(actor: Any, ticket_id: int) -> Ticket:
    """The ticket, for its requester or staff; NotFound for anyone else and for no such ticket."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound("There is no such ticket.")
    tickets = Ticket.objects.select_related("requester", "assignee")
    if not _is_staff(actor):
        tickets = tickets.filter(requester=actor)
    ticket = tickets.filter(pk=ticket_id).first()
    if ticket is None:
        raise NotFound("There is no such ticket.")
    return ticket


def ticket_thread(ticket: Ticket) -> list[TicketMessage]:
    return list(ticket.messages.select_related("author"))


def tickets_of(actor: Any, *, limit: int = 100) -> list[Ticket]:
    """The actor's own tickets, latest activity first (one query)."""
    return list(Ticket.objects.filter(requester=actor).order_by("-last_activity_at")[:limit])


@dataclass(frozen=True)
class QueueRow:
    ticket: Ticket
    waiting_for_first_answer: bool
    seconds_left: int | None  # until the first-answer deadline; negative when overdue


def ticket_queue(*, mine_only_for: Any = None, limit: int = 100) -> list[QueueRow]:
    """Tickets waiting for staff, oldest deadline first (the console queue; one query). Those still
    without a first answer carry the time left on the SLA clock."""
    now = clock.now()
    tickets = Ticket.objects.filter(status=TicketStatus.OPEN).select_related("requester", "assignee")
    if mine_only_for is not None:
        tickets = tickets.filter(assignee=mine_only_for)
    rows = []
    for ticket in tickets.order_by("first_response_due_at", "pk")[:limit]:
        waiting = ticket.first_responded_at is None
        left = int((ticket.first_response_due_at - now).total_seconds()) if waiting else None
        rows.append(QueueRow(ticket=ticket, waiting_for_first_answer=waiting, seconds_left=left))
    return rows


@dataclass(frozen=True)
class SlaFigures:
    waiting: int  # open tickets without a first answer
    overdue: int  # of those, past their deadline
    answered: int  # tickets with a first answer opened since `since`
    answered_in_time: int


def sla_figures(*, since: dt.datetime | None = None) -> SlaFigures:
    """The first-response figures a metrics scrape or the console shows (two queries)."""
    now = clock.now()
    waiting = Ticket.objects.filter(first_responded_at__isnull=True).exclude(status=TicketStatus.CLOSED)
    counts = waiting.aggregate(n=Count("pk"), late=Count("pk", filter=Q(first_response_due_at__lt=now)))
    answered = Ticket.objects.filter(first_responded_at__isnull=False)
    if since is not None:
        answered = answered.filter(opened_at__gte=since)
    done = answered.aggregate(
        n=Count("pk"), in_time=Count("pk", filter=Q(first_responded_at__lte=F("first_response_due_at")))
    )
    return SlaFigures(waiting=counts["n"], overdue=counts["late"], answered=done["n"], answered_in_time=done["in_time"])


def canned_replies() -> list[CannedReply]:
    return list(CannedReply.objects.all())


# --- live chat ------------------------------------------------------------------------------------


def access_chat_by_id(actor: Any, session_id: int) -> ChatSession:
    """A chat, for its person or staff; NotFound for anyone else and for no such chat."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound("There is no such chat.")
    chats = ChatSession.objects.select_related("requester", "agent")
    if not _is_staff(actor):
        chats = chats.filter(requester=actor)
    session = chats.filter(pk=session_id).first()
    if session is None:
        raise NotFound("There is no such chat.")
    return session


def chat_messages_after(session: ChatSession, after_seq: int) -> list[ChatMessage]:
    """The chat's messages numbered above `after_seq`, in order (the resume read; one query)."""
    return list(session.messages.filter(seq__gt=after_seq).select_related("author").order_by("seq")[:1000])


def live_chat_of(actor: Any) -> ChatSession | None:
    """The person's chat that is waiting or with an agent, if any."""
    return (
        ChatSession.objects.filter(requester=actor, status__in=[ChatStatus.QUEUED, ChatStatus.ACTIVE])
        .select_related("agent")
        .first()
    )


def agent_workspace(agent: Any) -> dict[str, Any]:
    """What the agent's workspace shows: their status, their active chats with each person's
    context (account, open tickets, standing), and how many chats wait."""
    status = AgentStatus.objects.filter(agent=agent).first()
    chats = list(
        ChatSession.objects.filter(agent=agent, status=ChatStatus.ACTIVE).select_related("requester").order_by("pk")
    )
    people = [c.requester_id for c in chats]
    open_tickets: dict[int, int] = dict(
        Ticket.objects.filter(requester_id__in=people)
        .exclude(status=TicketStatus.CLOSED)
        .values_list("requester_id")
        .annotate(n=Count("pk"))
    )
    standings = standing_levels(people)
    for chat in chats:
        chat.context = {  # type: ignore[attr-defined]
            "open_tickets": open_tickets.get(chat.requester_id, 0),
            "standing": standings.get(chat.requester_id, "none"),
        }
    return {
        "status": status,
        "chats": chats,
        "waiting": ChatSession.objects.filter(status=ChatStatus.QUEUED).count(),
    }


def agents_on_shift() -> list[Any]:
    """The staff members taking chats now (one query)."""
    return [s.agent for s in AgentStatus.objects.filter(available=True).select_related("agent").order_by("agent_id")]


def agent_on_shift(agent_id: int) -> Any:
    status = AgentStatus.objects.filter(agent_id=agent_id, available=True).select_related("agent").first()
    if status is None:
        raise NotFound("That agent is not on shift.")
    return status.agent
