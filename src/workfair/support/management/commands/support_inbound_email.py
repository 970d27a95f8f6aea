"""Append an e-mailed reply to its ticket: reads one RFC 822 message on standard input (pipe it in
from the mail server, e.g. a Postfix `pipe` transport for the reply domain)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from workfair.core.errors import WorkfairError
from workfair.support.actions import do_append_email_reply
from workfair.support.reply_address import parse_inbound_reply


class Command(BaseCommand):
    help = "Read an e-mail (RFC 822) on stdin and append it to the ticket its signed reply address names."

    def handle(self, *args: Any, **options: Any) -> None:
        raw = sys.stdin.buffer.read()
        try:
            reply = parse_inbound_reply(raw)
            message = do_append_email_reply(ticket_id=reply.ticket_id, sender=reply.sender, body=reply.body)
        except WorkfairError as exc:
            # A non-zero exit makes the mail server bounce the message with this reason.
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Appended message {message.pk} to ticket #{reply.ticket_id}.")
