"""JSON API for support (thin: parse, call queries/actions, return): help search, and the
requester's side of tickets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Status

from workfair.core.api_errors import ErrorOut
from workfair.support import actions, queries
from workfair.support.models import Ticket
from workfair.support.schemas import HelpArticleHitOut, TicketDetailOut, TicketIn, TicketOut, TicketReplyIn
from workfair.support.search import search_articles
from workfair.support.states import MessageSource

router = Router(tags=["support"])

ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _ticket_out(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.pk,
        "subject": ticket.subject,
        "category": ticket.category,
        "status": ticket.status,
        "opened_at": ticket.opened_at,
        "first_response_due_at": ticket.first_response_due_at,
        "first_responded_at": ticket.first_responded_at,
        "closed_at": ticket.closed_at,
        "last_activity_at": ticket.last_activity_at,
    }


def _detail_out(ticket: Ticket) -> dict[str, Any]:
    return {
        **_ticket_out(ticket),
        "messages": [
            {
                "id": m.pk,
                "from_staff": m.from_staff,
                "author_name": "Workfair support" if m.from_staff else m.author.public_name,
                "body": m.body,
                "source": m.source,
                "attachment_name": m.attachment_name,
                "created_at": m.created_at,
            }
            for m in queries.ticket_thread(ticket)
        ],
    }


@router.get("/help/search", response={200: list[HelpArticleHitOut], 400: ErrorOut}, auth=None)
def search_help(request: HttpRequest, q: str = "") -> list[dict[str, Any]]:
    """Help-centre articles that answer a question, best first (at most 10)."""
    return [
        {
            "slug": a.slug,
            "title": a.title,
            "summary": a.summary,
            "category": a.category.name,
            "url": reverse("support:help_article", args=[a.slug]),
        }
        for a in search_articles(q)
    ]


@router.get("/tickets", response={200: list[TicketOut], **ERRORS})
def list_tickets(request: HttpRequest) -> list[dict[str, Any]]:
    """Your support tickets, latest activity first."""
    return [_ticket_out(t) for t in queries.tickets_of(request.auth)]  # type: ignore[attr-defined]


@router.post("/tickets", response={201: TicketDetailOut, **ERRORS})
def open_ticket(request: HttpRequest, payload: TicketIn) -> Status[dict[str, Any]]:
    """Open a ticket; a person answers within the first-response time (4 hours by default)."""
    ticket = actions.do_open_ticket(
        actor=request.auth,  # type: ignore[attr-defined]
        subject=payload.subject,
        body=payload.body,
        category=payload.category,
        source=MessageSource.API,
    )
    return Status(201, _detail_out(ticket))


@router.get("/tickets/{int:ticket_id}", response={200: TicketDetailOut, **ERRORS})
def get_ticket(request: HttpRequest, ticket_id: int) -> dict[str, Any]:
    """One of your tickets with its whole thread."""
    return _detail_out(queries.access_ticket_by_id(request.auth, ticket_id))  # type: ignore[attr-defined]


@router.post("/tickets/{int:ticket_id}/messages", response={201: TicketDetailOut, **ERRORS})
def reply_to_ticket(request: HttpRequest, ticket_id: int, payload: TicketReplyIn) -> Status[dict[str, Any]]:
    """Reply to one of your tickets (a closed one opens again)."""
    actor = request.auth  # type: ignore[attr-defined]
    ticket = queries.access_ticket_by_id(actor, ticket_id)
    actions.do_reply_to_ticket(actor=actor, ticket=ticket, body=payload.body, source=MessageSource.API)
    ticket.refresh_from_db()
    return Status(201, _detail_out(ticket))


@router.post("/tickets/{int:ticket_id}/close", response={200: TicketOut, **ERRORS})
def close_ticket(request: HttpRequest, ticket_id: int) -> dict[str, Any]:
    """Close one of your tickets once it is answered."""
    actor = request.auth  # type: ignore[attr-defined]
    ticket = actions.do_close_ticket(actor=actor, ticket=queries.access_ticket_by_id(actor, ticket_id))
    return _ticket_out(ticket)
