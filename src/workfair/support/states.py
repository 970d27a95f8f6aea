"""Ticket statuses, the transitions between them, and the categories people file under
(docs/subsystems/support.md)."""

from __future__ import annotations

from django.db import models

SUBJECT_MAX = 150
BODY_MAX = 10_000
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class TicketStatus(models.TextChoices):
    """`open`: waiting for staff (the SLA clock runs until the first staff answer); `answered`:
    waiting for the person; `closed`: done (a reply from the person opens it again)."""

    OPEN = "open", "Waiting for support"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


TICKET_TRANSITIONS: dict[str, frozenset[str]] = {
    TicketStatus.OPEN: frozenset({TicketStatus.ANSWERED, TicketStatus.CLOSED}),
    TicketStatus.ANSWERED: frozenset({TicketStatus.OPEN, TicketStatus.CLOSED}),
    TicketStatus.CLOSED: frozenset({TicketStatus.OPEN}),
}


class TicketCategory(models.TextChoices):
    ACCOUNT = "account", "Account and sign-in"
    PAYMENTS = "payments", "Payments, fees and payouts"
    CONTRACTS = "contracts", "Contracts and milestones"
    VERIFICATION = "verification", "Identity and phone verification"
    SAFETY = "safety", "Trust and safety, appeals"
    TECHNICAL = "technical", "Something is broken"
    OTHER = "other", "Something else"


class MessageSource(models.TextChoices):
    WEB = "web", "Web"
    API = "api", "API"
    EMAIL = "email", "E-mail"


CHAT_MESSAGE_MAX = 4000
DEFAULT_AGENT_CAPACITY = 3
MAX_AGENT_CAPACITY = 10


class ChatStatus(models.TextChoices):
    """`queued`: waiting for an agent; `active`: an agent has it; `ended`: over (transcript kept);
    `ticket`: nobody was on shift, so it became a ticket."""

    QUEUED = "queued", "Waiting for an agent"
    ACTIVE = "active", "With an agent"
    ENDED = "ended", "Ended"
    TICKET = "ticket", "Turned into a ticket"


CHAT_TRANSITIONS: dict[str, frozenset[str]] = {
    ChatStatus.QUEUED: frozenset({ChatStatus.ACTIVE, ChatStatus.ENDED, ChatStatus.TICKET}),
    ChatStatus.ACTIVE: frozenset({ChatStatus.ENDED, ChatStatus.QUEUED}),
    ChatStatus.ENDED: frozenset(),
    ChatStatus.TICKET: frozenset(),
}
