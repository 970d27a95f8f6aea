"""Receipts and statements (thin): the printable page and the PDF of each, for its owner only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workfair.core.views import member_view
from workfair.payments import statements


def _page(request: HttpRequest, document: statements.Document) -> HttpResponse:
    return render(request, "payments/document.html", {"doc": document})


def _pdf(document: statements.Document) -> HttpResponse:
    response = HttpResponse(statements.pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="workfair-{document.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@member_view
def receipt(request: HttpRequest, charge_id: int) -> HttpResponse:
    return _page(request, statements.receipt(request.user, charge_id))


@member_view
def receipt_pdf(request: HttpRequest, charge_id: int) -> HttpResponse:
    return _pdf(statements.receipt(request.user, charge_id))


@member_view
def statement(request: HttpRequest, hold_id: int) -> HttpResponse:
    return _page(request, statements.statement(request.user, hold_id))


@member_view
def statement_pdf(request: HttpRequest, hold_id: int) -> HttpResponse:
    return _pdf(statements.statement(request.user, hold_id))
