"""Invoices and statements per charge: the client's payment receipt (what was paid: the escrow
amount and the marketplace fee, less refunds) and the freelancer's earnings statement (what was
released, the service fee, what they received). Reads that depend on who asks: each raises
NotFound for anyone but the person the document is for (and for a declined charge or money not
released yet). `pdf()` renders either as a PDF with fpdf2 (pure Python, built-in fonts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from fpdf import FPDF

from workfair.core.errors import NotFound
from workfair.core.money import format_money
from workfair.payments.config import setting
from workfair.payments.models import Charge, EscrowHold, JournalEntry, JournalLine
from workfair.payments.states import AccountKind, ChargeStatus, EntryKind

CHARGE_STATES = (ChargeStatus.SUCCEEDED, ChargeStatus.DISPUTED, ChargeStatus.DISPUTE_WON, ChargeStatus.DISPUTE_LOST)


@dataclass(frozen=True)
class Row:
    label: str
    amount: str
    strong: bool = False


@dataclass(frozen=True)
class Document:
    kind: str  # "receipt" | "statement"
    title: str
    number: str
    issued: dt.datetime
    parties: list[tuple[str, str]]  # ("Paid by", "Ada L."), ...
    for_what: str
    rows: list[Row]
    notes: list[str]
    html_url: str
    pdf_url: str


def _uid(actor: Any) -> int:
    return actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else 0


def _what(hold: EscrowHold) -> str:
    entry = JournalEntry.objects.filter(idempotency_key=f"fund:{hold.target_type}:{hold.target_id}").first()
    text = entry.description if entry else ""
    return text.removeprefix("Escrow for ").strip() or f"{hold.target_type} {hold.target_id}"


def _percent(bps: int) -> str:
    return f"{bps / 100:g} %"


def receipt(actor: Any, charge_id: int) -> Document:
    """The client's receipt for one charge."""
    charge = (
        Charge.objects.filter(pk=charge_id, user_id=_uid(actor) or -1, status__in=CHARGE_STATES)
        .select_related("method", "user")
        .first()
    )
    hold = EscrowHold.objects.filter(charge_id=charge_id).select_related("freelancer").first() if charge else None
    if charge is None or hold is None:
        raise NotFound("Receipt not found.")
    cur = charge.currency
    refunded_lines = JournalLine.objects.filter(
        entry__kind=EntryKind.REFUND_PAID,
        entry__target_type=hold.target_type,
        entry__target_id=hold.target_id,
        account__kind=AccountKind.PROCESSOR_CLEARING,
    ).values_list("amount", flat=True)
    refunded = sum(refunded_lines)
    rows = [
        Row(f"Into escrow for {hold.freelancer}", format_money(hold.amount, cur)),
        Row(f"Marketplace fee ({_percent(int(setting('CLIENT_FEE_BPS')))})", format_money(hold.client_fee, cur)),
        Row(f"Charged to {charge.method}", format_money(charge.amount, cur), strong=True),
    ]
    if refunded:
        rows.append(Row("Refunded to your card", format_money(-refunded, cur)))
        rows.append(Row("Paid, after refunds", format_money(charge.amount - refunded, cur), strong=True))
    notes = {
        ChargeStatus.DISPUTED: "You disputed this charge with your card issuer; the money in escrow is frozen.",
        ChargeStatus.DISPUTE_WON: "A dispute of this charge was decided for the freelancer.",
        ChargeStatus.DISPUTE_LOST: "A dispute of this charge was decided for you: your card issuer gave it back.",
    }
    return Document(
        kind="receipt",
        title="Payment receipt",
        number=f"WF-P-{charge.pk:07d}",
        issued=charge.created_at,
        parties=[("Paid by", f"{charge.user} ({charge.user.email})"), ("Freelancer", str(hold.freelancer))],
        for_what=_what(hold),
        rows=rows,
        notes=[n for status, n in notes.items() if charge.status == status]
        + ["Workfair holds the money in escrow until you approve the work; the freelancer is paid from there."],
        html_url=reverse("payments:receipt", args=[charge.pk]),
        pdf_url=reverse("payments:receipt_pdf", args=[charge.pk]),
    )


def statement(actor: Any, hold_id: int) -> Document:
    """The freelancer's statement for the money released to them from one escrow."""
    hold = (
        EscrowHold.objects.filter(pk=hold_id, freelancer_id=_uid(actor) or -1, released__gt=0)
        .select_related("client", "freelancer", "charge")
        .first()
    )
    if hold is None:
        raise NotFound("Statement not found.")
    cur = hold.currency
    net = hold.released - hold.freelancer_fee
    rows = [
        Row("Released from escrow", format_money(hold.released, cur)),
        Row(f"Service fee ({_percent(int(setting('FREELANCER_FEE_BPS')))})", format_money(-hold.freelancer_fee, cur)),
        Row("You received", format_money(net, cur), strong=True),
    ]
    notes = []
    if hold.available_at:
        when = timezone.localtime(hold.available_at).strftime("%-d %b %Y")
        notes.append(f"Pending until {when}, then available to withdraw.")
    if hold.charge.status == ChargeStatus.DISPUTE_LOST:
        notes.append("The client's card issuer reversed this payment (a chargeback): it was taken back.")
    return Document(
        kind="statement",
        title="Earnings statement",
        number=f"WF-S-{hold.pk:07d}",
        issued=hold.released_at or hold.updated_at,
        parties=[("Paid to", f"{hold.freelancer} ({hold.freelancer.email})"), ("Client", str(hold.client))],
        for_what=_what(hold),
        rows=rows,
        notes=notes,
        html_url=reverse("payments:statement", args=[hold.pk]),
        pdf_url=reverse("payments:statement_pdf", args=[hold.pk]),
    )


def attach_documents(actor: Any, lines: Iterable[JournalLine]) -> None:
    """Give each history line its document, if it has one, as `line.document` (label, url): the
    client's charge lines their receipt, the freelancer's release lines their statement (one query)."""
    lines = list(lines)
    uid = _uid(actor)
    wanted = {
        (line.entry.target_type, line.entry.target_id)
        for line in lines
        if line.entry.kind in (EntryKind.CHARGE, EntryKind.RELEASE)
    }
    holds: dict[tuple[str, str], EscrowHold] = {}
    if wanted:
        types = {t for t, _ in wanted}
        ids = {i for _, i in wanted}
        for found in EscrowHold.objects.filter(target_type__in=types, target_id__in=ids):
            holds[(found.target_type, found.target_id)] = found
    for line in lines:
        hold = holds.get((line.entry.target_type, line.entry.target_id))
        document: tuple[str, str] | None = None
        if hold is not None:
            if line.entry.kind == EntryKind.CHARGE and hold.client_id == uid:
                document = ("Receipt", reverse("payments:receipt", args=[hold.charge_id]))
            elif line.entry.kind == EntryKind.RELEASE and hold.freelancer_id == uid:
                document = ("Statement", reverse("payments:statement", args=[hold.pk]))
        line.document = document  # type: ignore[attr-defined]


def _latin1(text: str) -> str:
    """The PDF's built-in fonts know Latin-1 only: currency signs and bullets outside it are spelt."""
    for char, spelt in {"€": "EUR ", "•": "*", "\u2014": "-", "\u2013": "-", "\u2019": "'"}.items():
        text = text.replace(char, spelt)
    return text.encode("latin-1", "replace").decode("latin-1")


def pdf(document: Document, *, compress: bool = True) -> bytes:
    """The document as an A4 PDF (`compress=False` leaves its text readable in the bytes)."""
    out = FPDF(format="A4")
    out.set_compression(compress)
    out.set_title(f"{document.title} {document.number}")
    out.set_author("Workfair")
    out.set_creation_date(document.issued)
    out.add_page()
    out.set_font("helvetica", "B", 18)
    out.cell(0, 10, _latin1("Workfair"), new_x="LMARGIN", new_y="NEXT")
    out.set_font("helvetica", "B", 14)
    out.cell(0, 9, _latin1(document.title), new_x="LMARGIN", new_y="NEXT")
    out.set_font("helvetica", "", 10)
    issued = timezone.localtime(document.issued).strftime("%-d %b %Y %H:%M")
    out.cell(0, 6, _latin1(f"No. {document.number} - {issued}"), new_x="LMARGIN", new_y="NEXT")
    out.ln(4)
    for label, value in document.parties:
        out.set_font("helvetica", "B", 10)
        out.cell(30, 6, _latin1(label))
        out.set_font("helvetica", "", 10)
        out.multi_cell(0, 6, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    out.set_font("helvetica", "B", 10)
    out.cell(30, 6, "For")
    out.set_font("helvetica", "", 10)
    out.multi_cell(0, 6, _latin1(document.for_what), new_x="LMARGIN", new_y="NEXT")
    out.ln(4)
    width = out.epw
    for row in document.rows:
        out.set_font("helvetica", "B" if row.strong else "", 11)
        out.cell(width - 45, 8, _latin1(row.label), border="B")
        out.cell(45, 8, _latin1(row.amount), border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    out.ln(4)
    out.set_font("helvetica", "", 9)
    for note in document.notes:
        out.multi_cell(0, 5, _latin1(note), new_x="LMARGIN", new_y="NEXT")
    return bytes(out.output())
