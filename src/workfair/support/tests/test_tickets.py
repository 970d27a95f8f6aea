"""Tickets: opened by a person (web, API), answered by staff in the console within the
first-response deadline, replies both ways, attachments kept private, the SLA timer, e-mail
notices with a signed reply address."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory, log_in_with_two_factor, with_totp
from workfair.core import clock
from workfair.core.errors import InvalidInput, InvalidTransition, NotFound
from workfair.core.models import AuditLogEntry
from workfair.support import queries
from workfair.support.actions import (
    do_assign_ticket,
    do_close_ticket,
    do_flag_overdue_tickets,
    do_open_ticket,
    do_reply_to_ticket,
)
from workfair.support.models import Ticket, TicketMessage
from workfair.support.reply_address import ticket_id_from_address
from workfair.support.states import TicketStatus
from workfair.support.tasks import flag_overdue_tickets
from workfair.trust.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def open_ticket(user: Any, **kw: Any) -> Ticket:
    values = {
        "subject": "Withdrawal stuck",
        "body": "My withdrawal has been pending for a week.",
        "category": "payments",
    }
    return do_open_ticket(actor=user, **{**values, **kw})


def staff_client(staff: Any = None) -> tuple[Client, Any]:
    staff = staff or with_totp(StaffFactory())
    c = Client()
    log_in_with_two_factor(c, staff)
    return c, staff


def test_opening_a_ticket_starts_the_four_hour_clock_and_mails_a_signed_reply_address(
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = ClientFactory()
    with clock.frozen_at(T0), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(InvalidInput):
            open_ticket(user, subject="  ")
        with pytest.raises(InvalidInput):
            open_ticket(user, category="nonsense")
        assert not Ticket.objects.exists()
        ticket = open_ticket(user)
    assert ticket.status == TicketStatus.OPEN
    assert ticket.first_response_due_at == T0 + dt.timedelta(hours=4)
    assert ticket.messages.get().body == "My withdrawal has been pending for a week."
    assert AuditLogEntry.objects.filter(action="support.ticket_opened", target_id=str(ticket.pk)).count() == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [user.email]
    assert ticket_id_from_address(sent.reply_to[0]) == ticket.pk


def test_the_deadline_follows_the_setting(settings: Any) -> None:
    settings.WORKFAIR_SUPPORT = {**settings.WORKFAIR_SUPPORT, "FIRST_RESPONSE_HOURS": 1}
    with clock.frozen_at(T0):
        ticket = open_ticket(ClientFactory())
    assert ticket.first_response_due_at == T0 + dt.timedelta(hours=1)


def test_a_staff_answer_stops_the_clock_notifies_and_a_user_reply_reopens(
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = ClientFactory()
    staff = StaffFactory()
    with clock.frozen_at(T0):
        ticket = open_ticket(user)
    mail.outbox.clear()
    with clock.frozen_at(T0 + dt.timedelta(hours=1)), django_capture_on_commit_callbacks(execute=True):
        do_reply_to_ticket(actor=staff, ticket=ticket, body="It is held 3 days as a first withdrawal.")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ANSWERED
    assert ticket.first_responded_at == T0 + dt.timedelta(hours=1)
    assert ticket.assignee == staff
    assert user.notifications.filter(kind="support.ticket_answered").count() == 1
    assert len(mail.outbox) == 1
    assert "held 3 days" in mail.outbox[0].body
    with clock.frozen_at(T0 + dt.timedelta(hours=2)):
        do_reply_to_ticket(actor=user, ticket=ticket, body="Thanks, and when exactly?")
        do_reply_to_ticket(actor=staff, ticket=ticket, body="Thursday.")
    ticket.refresh_from_db()
    assert ticket.first_responded_at == T0 + dt.timedelta(hours=1)  # the first answer stays the first
    do_close_ticket(actor=user, ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED
    assert ticket.closed_at is not None
    with pytest.raises(InvalidTransition):
        do_close_ticket(actor=staff, ticket=ticket)
    do_reply_to_ticket(actor=user, ticket=ticket, body="It did not arrive.")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    assert ticket.closed_at is None
    assert ticket.messages.count() == 5


def test_someone_else_can_neither_see_nor_answer_a_ticket() -> None:
    ticket = open_ticket(ClientFactory())
    stranger = FreelancerFactory()
    with pytest.raises(NotFound):
        queries.access_ticket_by_id(stranger, ticket.pk)
    with pytest.raises(NotFound):
        do_reply_to_ticket(actor=stranger, ticket=ticket, body="mine now")
    with pytest.raises(NotFound):
        do_close_ticket(actor=stranger, ticket=ticket)
    with pytest.raises(NotFound):
        do_assign_ticket(actor=stranger, ticket=ticket, assignee=stranger)
    assert ticket.messages.count() == 1
    c = Client()
    c.force_login(stranger)
    assert c.get(f"/support/tickets/{ticket.pk}/").status_code == 404
    assert c.get(f"/api/v1/support/tickets/{ticket.pk}").status_code == 404


def test_the_timer_flags_tickets_past_the_deadline_once() -> None:
    staff = StaffFactory()
    with clock.frozen_at(T0):
        late = open_ticket(ClientFactory())
        do_assign_ticket(actor=staff, ticket=late, assignee=staff)
        answered = open_ticket(ClientFactory())
        do_reply_to_ticket(actor=staff, ticket=answered, body="Done.")
    with clock.frozen_at(T0 + dt.timedelta(hours=2)):
        fresh = open_ticket(ClientFactory())
    with clock.frozen_at(T0 + dt.timedelta(hours=3, minutes=59)):
        assert do_flag_overdue_tickets() == 0
    with clock.frozen_at(T0 + dt.timedelta(hours=4, minutes=1)):
        assert flag_overdue_tickets() == 1
        assert do_flag_overdue_tickets() == 0  # idempotent
        figures = queries.sla_figures()
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.sla_breached_at == T0 + dt.timedelta(hours=4, minutes=1)
    assert fresh.sla_breached_at is None
    assert staff.notifications.filter(kind="support.ticket_overdue").count() == 1
    assert AuditLogEntry.objects.filter(action="support.ticket_sla_breached").count() == 1
    assert (figures.waiting, figures.overdue, figures.answered, figures.answered_in_time) == (2, 1, 1, 1)


def test_the_console_queue_lists_waiting_tickets_oldest_deadline_first_with_time_left() -> None:
    with clock.frozen_at(T0):
        first = open_ticket(ClientFactory(), subject="First")
    with clock.frozen_at(T0 + dt.timedelta(hours=1)):
        second = open_ticket(ClientFactory(), subject="Second")
    with clock.frozen_at(T0 + dt.timedelta(hours=4, minutes=30)):
        rows = queries.ticket_queue()
        c, _staff = staff_client()
        page = c.get("/console/support/").content.decode()
    assert [r.ticket.pk for r in rows] == [first.pk, second.pk]
    assert rows[0].seconds_left == -30 * 60
    assert rows[1].seconds_left == 30 * 60
    assert "overdue by" in page
    assert "First" in page
    assert "Second" in page


def test_staff_answer_assign_and_close_in_the_console_and_people_are_kept_out() -> None:
    user = ClientFactory()
    ticket = open_ticket(user)
    outsider = Client()
    outsider.force_login(user)
    assert outsider.get("/console/support/").status_code == 404
    assert outsider.get(f"/console/support/tickets/{ticket.pk}/").status_code == 404
    c, staff = staff_client()
    assert c.post(f"/console/support/tickets/{ticket.pk}/", {"do": "assign_me"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == staff
    assert c.post(f"/console/support/tickets/{ticket.pk}/", {"do": "reply", "body": ""}).status_code == 200
    assert c.post(f"/console/support/tickets/{ticket.pk}/", {"do": "reply", "body": "Here you go."}).status_code == 302
    assert c.post(f"/console/support/tickets/{ticket.pk}/", {"do": "close"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED
    assert ticket.messages.filter(from_staff=True).get().body == "Here you go."
    assert "Here you go." in outsider.get(f"/support/tickets/{ticket.pk}/").content.decode()


def test_a_person_opens_a_ticket_with_a_private_attachment_on_the_web() -> None:
    user = ClientFactory()
    c = Client()
    c.force_login(user)
    assert c.get("/support/tickets/new/").status_code == 200
    fake = SimpleUploadedFile("shot.png", b"MZ\x90\x00 not a png", content_type="image/png")
    refused = c.post(
        "/support/tickets/new/",
        {"subject": "Broken", "category": "technical", "body": "See the picture.", "attachment": fake},
    )
    assert refused.status_code == 200
    assert "does not match its type" in refused.content.decode()
    assert not Ticket.objects.exists()
    good = SimpleUploadedFile("shot.png", PNG, content_type="image/png")
    answer = c.post(
        "/support/tickets/new/",
        {"subject": "Broken", "category": "technical", "body": "See the picture.", "attachment": good},
    )
    ticket = Ticket.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/support/tickets/{ticket.pk}/"
    message = TicketMessage.objects.get()
    assert message.attachment_name == "shot.png"
    assert "shot" not in message.attachment.name
    url = f"/support/tickets/{ticket.pk}/files/{message.pk}/"
    download = c.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    stranger = Client()
    stranger.force_login(FreelancerFactory())
    assert stranger.get(url).status_code == 404
    assert "Broken" in c.get("/support/tickets/").content.decode()


def test_the_api_opens_lists_reads_replies_and_closes_own_tickets() -> None:
    user = ClientFactory()
    c = Client()
    c.force_login(user)
    bad = c.post(
        "/api/v1/support/tickets",
        data=json.dumps({"subject": "", "category": "payments", "body": "x"}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    made = c.post(
        "/api/v1/support/tickets",
        data=json.dumps({"subject": "Fees?", "category": "payments", "body": "How much?"}),
        content_type="application/json",
    )
    assert made.status_code == 201
    ticket_id = made.json()["id"]
    assert made.json()["messages"][0]["body"] == "How much?"
    assert [t["id"] for t in c.get("/api/v1/support/tickets").json()] == [ticket_id]
    reply = c.post(
        f"/api/v1/support/tickets/{ticket_id}/messages",
        data=json.dumps({"body": "Also: when?"}),
        content_type="application/json",
    )
    assert reply.status_code == 201
    assert len(reply.json()["messages"]) == 2
    assert c.post(f"/api/v1/support/tickets/{ticket_id}/close").json()["status"] == "closed"
    assert Client().get("/api/v1/support/tickets").status_code == 401
    hits = Client().get("/api/v1/support/help/search", {"q": "a\x00b"})
    assert hits.status_code == 400
