"""Receipts (the client's, per charge) and statements (the freelancer's, per release): what they
say, who may see them, their PDF, and the links from the money page's history."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from workfair.accounts.tests.factories import ClientFactory
from workfair.contracts.models import Contract
from workfair.payments import actions, statements
from workfair.payments.models import Charge, EscrowHold
from workfair.payments.tests.flows import fund, milestones, release

pytestmark = pytest.mark.django_db


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def paid(contract: Contract) -> Contract:
    """Milestone 1 funded and released (100.00: the client paid 105.00, the freelancer got 90.00)."""
    milestone = milestones(contract)[0]
    fund(contract, milestone)
    release(contract, milestone)
    return contract


def test_the_receipt_says_what_the_client_paid(paid: Contract) -> None:
    charge = Charge.objects.get()
    doc = statements.receipt(paid.client, charge.pk)
    assert [(r.label.split(" (")[0], r.amount) for r in doc.rows] == [
        (f"Into escrow for {paid.freelancer}", "$100.00"),
        ("Marketplace fee", "$5.00"),
        (f"Charged to {charge.method}", "$105.00"),
    ]
    assert doc.number == f"WF-P-{charge.pk:07d}"
    assert milestones(paid)[0].title in doc.for_what


def test_a_partly_refunded_receipt_shows_the_refund(contract: Contract) -> None:
    milestone = milestones(contract)[0]
    fund(contract, milestone)
    actions.do_refund_escrow(actor=contract.freelancer, target=("contracts.milestone", milestone.pk), amount=4_000)
    doc = statements.receipt(contract.client, Charge.objects.get().pk)
    assert [(r.label, r.amount) for r in doc.rows[3:]] == [
        ("Refunded to your card", "-$42.00"),
        ("Paid, after refunds", "$63.00"),
    ]


def test_the_statement_says_what_the_freelancer_received(paid: Contract) -> None:
    hold = EscrowHold.objects.get()
    doc = statements.statement(paid.freelancer, hold.pk)
    assert [(r.label.split(" (")[0], r.amount) for r in doc.rows] == [
        ("Released from escrow", "$100.00"),
        ("Service fee", "-$10.00"),
        ("You received", "$90.00"),
    ]
    assert any("Pending until" in note for note in doc.notes)


def test_only_the_person_it_is_for_sees_it(paid: Contract) -> None:
    charge, hold = Charge.objects.get(), EscrowHold.objects.get()
    stranger = ClientFactory()
    for who, url in [
        (paid.freelancer, f"/money/receipts/{charge.pk}/"),
        (stranger, f"/money/receipts/{charge.pk}.pdf"),
        (paid.client, f"/money/statements/{hold.pk}/"),
        (stranger, f"/money/statements/{hold.pk}.pdf"),
        (paid.client, "/money/receipts/999999/"),
    ]:
        assert browser(who).get(url).status_code == 404, (who, url)
    assert Client().get(f"/money/receipts/{charge.pk}/").status_code == 302  # to sign in


def test_no_statement_before_release(contract: Contract) -> None:
    fund(contract, milestones(contract)[0])
    assert browser(contract.freelancer).get(f"/money/statements/{EscrowHold.objects.get().pk}/").status_code == 404


def test_the_pages_and_pdfs(paid: Contract) -> None:
    charge, hold = Charge.objects.get(), EscrowHold.objects.get()
    page = browser(paid.client).get(f"/money/receipts/{charge.pk}/")
    assert page.status_code == 200
    assert b"Payment receipt" in page.content
    assert b"$105.00" in page.content
    pdf = browser(paid.client).get(f"/money/receipts/{charge.pk}.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    statement_pdf = browser(paid.freelancer).get(f"/money/statements/{hold.pk}.pdf")
    assert statement_pdf.content.startswith(b"%PDF-")


def test_the_pdf_text_holds_the_figures(paid: Contract) -> None:
    body = statements.pdf(statements.receipt(paid.client, Charge.objects.get().pk), compress=False)
    for text in (b"Payment receipt", b"$105.00", b"$5.00", b"$100.00", b"WF-P-"):
        assert text in body, text


def test_a_pdf_in_euros_spells_the_sign() -> None:
    doc = statements.Document(
        kind="receipt",
        title="Payment receipt",
        number="WF-P-0000001",
        issued=timezone.now(),
        parties=[("Paid by", "Zoë • Ω")],
        for_what="Logo — final",
        rows=[statements.Row("Charged", "€12.00", strong=True)],
        notes=[],
        html_url="/",
        pdf_url="/",
    )
    body = statements.pdf(doc, compress=False)
    assert b"EUR 12.00" in body
    assert b"Logo - final" in body


def test_the_money_page_links_each_side_to_its_document(paid: Contract) -> None:
    charge, hold = Charge.objects.get(), EscrowHold.objects.get()
    client_page = browser(paid.client).get("/money/").content.decode()
    assert f'href="/money/receipts/{charge.pk}/"' in client_page
    assert "/money/statements/" not in client_page
    freelancer_page = browser(paid.freelancer).get("/money/").content.decode()
    assert f'href="/money/statements/{hold.pk}/"' in freelancer_page
    assert "/money/receipts/" not in freelancer_page
