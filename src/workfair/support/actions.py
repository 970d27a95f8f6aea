"""Every write of the support app (docs/subsystems/support.md): help-centre articles written by
staff in the console, and tickets (opening, replies from either side or by e-mail, assignment,
closing, the first-response timer). Each action is one transaction with its audit row; e-mail and
notifications go out after commit."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput, NotFound, PermissionDenied
from workfair.core.transitions import transition
from workfair.notifications.actions import do_notify
from workfair.support.intake import check_ticket_attachment
from workfair.support.models import CannedReply, HelpArticle, HelpCategory, Ticket, TicketMessage
from workfair.support.rendering import render_markdown
from workfair.support.reply_address import REPLY_ABOVE_MARKER, reply_address
from workfair.support.search import refresh_search_vectors
from workfair.support.sla import first_response_due
from workfair.support.states import (
    BODY_MAX,
    SUBJECT_MAX,
    TICKET_TRANSITIONS,
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
