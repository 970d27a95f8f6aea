"""Replies by e-mail: the signed reply address names the ticket; the parser keeps only the new
text; the command appends it for the requester and refuses everything else."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from workfair.accounts.tests.factories import ClientFactory
from workfair.core.errors import InvalidInput, PermissionDenied
from workfair.support.actions import do_append_email_reply, do_open_ticket, do_reply_to_ticket
from workfair.support.reply_address import parse_inbound_reply, reply_address, strip_quoted, ticket_id_from_address
from workfair.support.states import MessageSource, TicketStatus
from workfair.trust.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def rfc822(*, to: str, sender: str, body: str, extra: str = "") -> bytes:
    return (
        f"From: Carla <{sender}>\r\nTo: {to}\r\nSubject: Re: [Ticket #1] Fees\r\n{extra}"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    ).encode()


def test_a_reply_address_names_its_ticket_and_a_changed_one_names_none() -> None:
    address = reply_address(42)
    assert ticket_id_from_address(address) == 42
    assert ticket_id_from_address(address.replace("support+42", "support+43")) is None
    assert ticket_id_from_address(address.replace("@reply.", "@other.")) is None
    assert ticket_id_from_address("support+42@reply.workfair.local") is None
    assert ticket_id_from_address("nobody") is None


def test_quoted_history_is_cut_from_a_reply() -> None:
    text = "Thanks, that worked!\n\nOn Mon, 7 Dec 2026 at 10:00, Workfair <support@workfair.local> wrote:\n> old"
    assert strip_quoted(text) == "Thanks, that worked!"
    assert strip_quoted("Yes.\r\n> earlier\r\n>> older\r\nStill here") == "Yes.\nStill here"
    assert strip_quoted("New text\n-----Original Message-----\nFrom: x") == "New text"
    assert strip_quoted("Top\n## Reply above this line ##\nold") == "Top"


def test_the_parser_reads_a_multipart_message_and_finds_the_ticket_in_cc() -> None:
    raw = (
        "From: carla@example.org\r\nTo: someone@else.org\r\nCc: " + reply_address(7) + "\r\n"
        "Subject: Re: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=B\r\n\r\n"
        "--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIt arrived, merci \u00e0 vous.\r\n"
        "--B\r\nContent-Type: text/html\r\n\r\n<p>It arrived</p>\r\n--B--\r\n"
    ).encode()
    reply = parse_inbound_reply(raw)
    assert (reply.ticket_id, reply.sender, reply.body) == (7, "carla@example.org", "It arrived, merci \u00e0 vous.")


@pytest.mark.parametrize(
    "raw",
    [
        rfc822(to="support@workfair.local", sender="a@b.c", body="hi"),
        rfc822(to="support+7.forged@reply.workfair.local", sender="a@b.c", body="hi"),
        b"garbage without headers",
    ],
)
def test_the_parser_refuses_mail_not_sent_to_a_signed_address(raw: bytes) -> None:
    with pytest.raises(InvalidInput):
        parse_inbound_reply(raw)


def test_the_parser_refuses_a_reply_with_nothing_new() -> None:
    with pytest.raises(InvalidInput):
        parse_inbound_reply(rfc822(to=reply_address(3), sender="a@b.c", body="> only quoted\r\n"))


def test_the_command_appends_the_requesters_reply_and_refuses_anyone_else(monkeypatch: Any) -> None:
    user = ClientFactory(email="carla@example.org")
    ticket = do_open_ticket(actor=user, subject="Fees", body="How much?", category="payments")
    do_reply_to_ticket(actor=StaffFactory(), ticket=ticket, body="5 % for clients.")

    def run(raw: bytes) -> str:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
        out = io.StringIO()
        call_command("support_inbound_email", stdout=out)
        return out.getvalue()

    body = "And for freelancers?\r\n\r\nOn Mon, Workfair wrote:\r\n> 5 % for clients."
    assert "Appended message" in run(rfc822(to=reply_address(ticket.pk), sender="Carla@Example.org", body=body))
    ticket.refresh_from_db()
    last = ticket.messages.last()
    assert last is not None
    assert (last.body, last.source, last.from_staff, last.author) == (
        "And for freelancers?",
        MessageSource.EMAIL,
        False,
        user,
    )
    assert ticket.status == TicketStatus.OPEN
    with pytest.raises(CommandError, match="Only the person"):
        run(rfc822(to=reply_address(ticket.pk), sender="mallory@example.org", body="Close it"))
    with pytest.raises(CommandError):
        run(rfc822(to="support+1.x@reply.workfair.local", sender="carla@example.org", body="hi"))
    assert ticket.messages.count() == 3
    with pytest.raises(PermissionDenied):
        do_append_email_reply(ticket_id=ticket.pk, sender="mallory@example.org", body="x")
