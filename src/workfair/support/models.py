"""Help-centre articles and support tickets: data and constraints only (docs/subsystems/support.md)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from workfair.core.files import RandomName, private_storage
from workfair.support.states import (
    DEFAULT_AGENT_CAPACITY,
    ChatStatus,
    MessageSource,
    TicketCategory,
    TicketStatus,
)

# The text-search configuration used both to build `HelpArticle.search_vector` and to parse
# queries; the two must agree or PostgreSQL stems them differently and nothing matches.
HELP_SEARCH_CONFIG = "english"


class HelpCategory(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "help categories"

    def __str__(self) -> str:
        return self.name


class HelpArticle(models.Model):
    category = models.ForeignKey(HelpCategory, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    summary = models.CharField(max_length=300)
    # Markdown as staff wrote it, and the HTML it renders to (raw HTML refused, then sanitised),
    # rendered once on save by the actions.
    body = models.TextField(max_length=30_000)
    body_html = models.TextField(editable=False, default="")
    published = models.BooleanField(default=True)
    # Weighted title (A) + summary (B) + body (C), kept by the actions on PostgreSQL only; its GIN
    # index is created by migration 0001 on PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["category__position", "title"]
        indexes = [models.Index(fields=["published", "category"], name="support_article_listing_idx")]

    def __str__(self) -> str:
        return self.title


class Ticket(models.Model):
    """A question a person asked support. The first-response clock runs from `opened_at` to
    `first_response_due_at`; `first_responded_at` stops it; the timer sets `sla_breached_at` once
    a ticket passes its due time unanswered (docs/subsystems/support.md)."""

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_tickets")
    subject = models.CharField(max_length=150)
    category = models.CharField(max_length=20, choices=TicketCategory.choices)
    status = models.CharField(max_length=10, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets"
    )
    opened_at = models.DateTimeField()
    first_response_due_at = models.DateTimeField()
    first_responded_at = models.DateTimeField(null=True, blank=True)
    sla_breached_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            # The console queue: tickets waiting for staff, oldest due first.
            models.Index(fields=["status", "first_response_due_at"], name="support_ticket_queue_idx"),
            models.Index(fields=["requester", "-last_activity_at"], name="support_ticket_mine_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"


class TicketMessage(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_staff = models.BooleanField(default=False)
    body = models.TextField(max_length=10_000)
    source = models.CharField(max_length=10, choices=MessageSource.choices, default=MessageSource.WEB)
    # Private: a random name in the private storage, read only through the permission-checked
    # download view; `attachment_name` is the name the uploader gave.
    attachment = models.FileField(
        storage=private_storage, upload_to=RandomName("support-attachments"), blank=True, max_length=200
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="support_message_thread_idx")]


class CannedReply(models.Model):
    """A reply staff insert and adapt when answering a ticket."""

    title = models.CharField(max_length=100, unique=True)
    body = models.TextField(max_length=5000)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "canned replies"

    def __str__(self) -> str:
        return self.title


class AgentStatus(models.Model):
    """Whether a staff member takes chats now, and how many at once."""

    agent = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_agent")
    available = models.BooleanField(default=False)
    capacity = models.PositiveSmallIntegerField(default=DEFAULT_AGENT_CAPACITY)
    updated_at = models.DateTimeField()


class ChatSession(models.Model):
    """A live chat between a person and an agent. Messages are numbered 1, 2, 3... per chat
    (`ChatMessage.seq`, handed out from `next_seq` under the row lock) so a client that lost its
    connection asks for everything after the last number it saw (docs/subsystems/support.md)."""

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_chats")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="agent_chats"
    )
    status = models.CharField(max_length=10, choices=ChatStatus.choices, default=ChatStatus.QUEUED)
    next_seq = models.PositiveIntegerField(default=1)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    assigned_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["status", "created_at"], name="support_chat_queue_idx"),
            models.Index(fields=["agent", "status"], name="support_chat_agent_idx"),
        ]
        constraints = [
            # One live chat per person at a time.
            models.UniqueConstraint(
                fields=["requester"],
                condition=models.Q(status__in=["queued", "active"]),
                name="support_one_live_chat_per_person",
            )
        ]


class ChatMessage(models.Model):
    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    from_staff = models.BooleanField(default=False)
    body = models.TextField(max_length=4000)
    # The sender's own id for the message: sending the same one again (after a dropped connection)
    # stores nothing new and answers with the message already stored.
    client_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="support_chat_seq_unique"),
            models.UniqueConstraint(
                fields=["session", "client_id"], condition=~models.Q(client_id=""), name="support_chat_client_id_unique"
            ),
        ]
