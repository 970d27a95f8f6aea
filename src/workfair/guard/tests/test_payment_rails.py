"""National payment rails (`detectors/rails.py`): a CLABE, a UPI id and a Pix key given as a CPF or
CNPJ are payment details; the same digits without their label or check digit are left alone."""

from __future__ import annotations

import pytest

from workfair.guard.decisions import screen_text

# a CLABE whose control digit the `clabe` library computed (bank 002), printed three ways
CLABE = "002180700845419870"

PAYMENT = [
    (f"mi CLABE es {CLABE} para la transferencia", "clabe", CLABE),
    ("deposita a mi cuenta CLABE 0121 8000 1234 5678 99", "clabe", "012180001234567899"),
    ("transfiere por SPEI: 072-180-00123456789-7", "clabe", "072180001234567897"),
    ("my upi id is raj.kumar@okaxis", "upi_id", "raj.kumar@okaxis"),
    ("send it to 9876543210@ybl on phonepe", "upi_id", "9876543210@ybl"),
    ("minha chave pix é meu cpf 529.982.247-25", "pix_key", "52998224725"),
    ("chave pix cnpj 11.222.333/0001-81", "pix_key", "11222333000181"),
]


@pytest.mark.parametrize(("text", "kind", "value"), PAYMENT)
def test_payment_rails_are_payment_details(text, kind, value):
    res = screen_text(text)
    (found,) = [f for f in res.findings if f.kind == kind]
    assert found.category == "payment"
    assert found.value == value
    assert text[found.start : found.end] == found.text
    assert res.decision in ("mask", "hold")
    assert found.text not in res.masked_text
    # payment details are masked during a contract too: money moves through escrow
    assert screen_text(text, contract_active=True).decision != "allow"


HONEST = [
    f"tracking number {CLABE}, it ships today",  # a valid CLABE without a bank label
    "order 012180001234567899 was delivered",
    "mi CLABE es 002180700845419871",  # wrong control digit: not a CLABE (no rail finding)
    "my email is raj@sbi.co.in",  # an e-mail on a bank's domain, not a UPI id
    "the pix integration validates the CPF 529.982.247-25 in our tests",
    "CPF 111.444.777-35 is the example value in the docs",
]


@pytest.mark.parametrize("text", HONEST)
def test_the_same_digits_without_label_or_check_digit_are_no_rail(text):
    assert not [f for f in screen_text(text).findings if f.detector == "rails"], text


def test_a_tax_id_after_its_label_is_no_phone_number():
    assert screen_text("CPF 111.444.777-35 is the example value in the docs").decision == "allow"
    assert screen_text("the pix integration validates the CPF 529.982.247-25 in our tests").decision == "allow"


def test_a_phone_inside_a_clabe_is_the_clabe():
    res = screen_text("deposita a mi cuenta CLABE 0121 8000 1234 5678 99")
    assert [f.kind for f in res.findings] == ["clabe"]
