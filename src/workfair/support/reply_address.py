"""Signed reply addresses for tickets, and the parser of e-mails sent to them
(docs/subsystems/support.md, "Replies by e-mail").

Each e-mail about a ticket carries Reply-To `support+<ticket id>.<signature>@<REPLY_DOMAIN>`; the
signature (django.core.signing, salted for this use, keyed by SECRET_KEY) proves the address was
made by us for that ticket, so a guessed or altered address appends nothing."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses

from django.conf import settings
from django.core import signing

from workfair.core.errors import InvalidInput

_SALT = "workfair.support.ticket-reply"
_LOCAL_PREFIX = "support+"
# Where a quoted earlier message starts in a reply: "On <date>, <someone> wrote:", Outlook's
# "-----Original Message-----" or "From: ..." header block, or our own marker line.
REPLY_ABOVE_MARKER = "## Reply above this line ##"
_QUOTE_START = re.compile(
    r"^(On .{1,200} wrote:\s*$|-{2,}\s*Original Message\s*-{2,}|From:\s.+|" + re.escape(REPLY_ABOVE_MARKER) + r")",
    re.IGNORECASE | re.MULTILINE,
)


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT, sep=".")


def reply_domain() -> str:
    return str(getattr(settings, "WORKFAIR_SUPPORT", {}).get("REPLY_DOMAIN", "reply.workfair.local"))


def reply_address(ticket_id: int) -> str:
    """The address whose replies land in ticket `ticket_id`."""
    return f"{_LOCAL_PREFIX}{_signer().sign(str(ticket_id))}@{reply_domain()}"


def ticket_id_from_address(address: str) -> int | None:
    """The ticket a reply address stands for, or None if it is not one of ours or its signature
    does not hold."""
    local, _, domain = address.strip().lower().rpartition("@")
    if domain != reply_domain().lower() or not local.startswith(_LOCAL_PREFIX):
        return None
    # Addresses are matched case-insensitively by mail systems; the signature is case-sensitive,
    # so read the original spelling back from the input.
    original = address.strip().rpartition("@")[0][len(_LOCAL_PREFIX) :]
    try:
        value = _signer().unsign(original)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


@dataclass(frozen=True)
class InboundReply:
    ticket_id: int
    sender: str
    body: str


def _plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        raise InvalidInput("The e-mail has no plain-text part.")
    content = part.get_content()
    return content if isinstance(content, str) else content.decode("utf-8", "replace")


def strip_quoted(text: str) -> str:
    """The new text of a reply: everything above the first quote marker, without "> " lines."""
    text = text.replace("\r\n", "\n")
    found = _QUOTE_START.search(text)
    if found:
        text = text[: found.start()]
    lines = [line for line in text.split("\n") if not line.lstrip().startswith(">")]
    return "\n".join(lines).strip()


def parse_inbound_reply(raw: bytes) -> InboundReply:
    """Read an RFC 822 message sent to a ticket's reply address: which ticket (from the signed
    address among To, Cc and Delivered-To), who sent it, and the new text. InvalidInput when no
    address of ours with a valid signature is found or nothing new was written."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    recipients = getaddresses(
        [str(v) for header in ("To", "Cc", "Delivered-To", "X-Original-To") for v in message.get_all(header, [])]
    )
    ticket_id = next((tid for _, addr in recipients if (tid := ticket_id_from_address(addr)) is not None), None)
    if ticket_id is None:
        raise InvalidInput("The e-mail is not addressed to a valid ticket reply address.")
    senders = getaddresses([str(v) for v in message.get_all("From", [])])
    if not senders or "@" not in senders[0][1]:
        raise InvalidInput("The e-mail has no sender address.")
    body = strip_quoted(_plain_text(message))
    if not body:
        raise InvalidInput("The e-mail holds no new text.")
    return InboundReply(ticket_id=ticket_id, sender=senders[0][1].lower(), body=body)
