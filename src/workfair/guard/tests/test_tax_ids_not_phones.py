"""False alarms on honest text: tax ids and file numbers, by their label or their own format, are not
phone numbers; a phone word between the label and the number makes it one again."""

from __future__ import annotations

import pytest

from workfair.guard.decisions import screen_text


@pytest.mark.parametrize(
    "text",
    [
        "Aktenzeichen 4 O 123/25, bitte im Vertrag erwähnen",
        "Our VAT number is DE 123 456 789 (example in the invoice template)",
        "Example CNPJ for the test form: 11.222.333/0001-81",
        "Example CPF for the form validation: 123.456.789-09",
        "Steuernummer 12/345/67890 steht auf der Rechnung",
        "NIP 123-456-32-18 na fakturze",
        "Partita IVA 01234567890 per la fattura",
    ],
)
def test_a_tax_id_or_file_number_is_no_phone(text: str) -> None:
    result = screen_text(text)
    assert result.decision == "allow", result.findings


@pytest.mark.parametrize(
    "text",
    [
        "my tax id is 123, whatsapp me 0300 1234567",
        "VAT number: call 0300 1234567",
        "My CPF is 123.456.789-09 and call me at 11 98765-4321",
        "call me 030 1234567, my tax number is 12/345/67890",
    ],
)
def test_a_phone_beside_a_tax_label_is_still_a_phone(text: str) -> None:
    result = screen_text(text)
    assert result.decision == "mask"
    assert any(f.kind == "phone" for f in result.findings)


def test_a_cpf_after_pix_is_still_a_payment_key() -> None:
    result = screen_text("pix: 123.456.789-09")
    assert result.decision != "allow"
    assert any(f.category == "payment" for f in result.findings)
