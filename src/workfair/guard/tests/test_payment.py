"""Payment details with their checksums, payment services after a handle, offers to pay outside."""

import pytest

from workfair.guard.decisions import screen_text
from workfair.guard.detectors.checksums import (
    aba_valid,
    base58check_payload,
    bech32_valid,
    eip55_valid,
    iban_valid,
    keccak256,
    luhn_valid,
)


def payment(text, **kw):
    return [(f.kind, f.value) for f in screen_text(text, **kw).findings if f.category == "payment"]


def test_checksums_accept_real_identifiers_and_refuse_one_changed_character():
    assert iban_valid("GB82WEST12345698765432")
    assert not iban_valid("GB82WEST12345698765433")
    assert iban_valid("DE89370400440532013000")
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert aba_valid("021000021")
    assert not aba_valid("021000022")
    assert base58check_payload("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa") is not None
    assert base58check_payload("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb") is None
    assert bech32_valid("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
    assert not bech32_valid("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdz")
    assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert eip55_valid("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    assert not eip55_valid("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("IBAN GB82 WEST 1234 5698 7654 32 thanks", "iban", "GB82WEST12345698765432"),
        ("send to DE89370400440532013000", "iban", "DE89370400440532013000"),
        ("gb82west12345698765432", "iban", "GB82WEST12345698765432"),
        ("card 4111 1111 1111 1111 exp 12/27", "card", "4111111111111111"),
        ("5500-0000-0000-0004", "card", "5500000000000004"),
        ("sort code 12-34-56 account 12345678", "sort_code", "123456"),
        ("sort code 12-34-56 account 12345678", "account_number", "12345678"),
        ("routing number 021000021", "routing_number", "021000021"),
        ("BTC: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "crypto_btc", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
        ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "crypto_btc", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
        ("usdt to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "crypto_tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
        (
            "eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "crypto_eth",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        ),
        ("paypal.me/janedoe", "paypal", "paypal:janedoe"),
        ("my paypal is jane@example.com", "paypal", "paypal:jane@example.com"),
        ("venmo @jane-doe-3", "venmo", "venmo:jane-doe-3"),
        ("cash app $JaneDoe", "cashapp", "cashapp:janedoe"),
        ("zelle to jane@example.com", "zelle", "zelle:jane@example.com"),
        ("revolut.me/jane42", "revolut", "revolut:jane42"),
        ("payoneer: jane.doe@mail.com", "payoneer", "payoneer:jane.doe@mail.com"),
    ],
)
def test_payment_details_are_found_in_normal_form(text, kind, value):
    assert (kind, value) in payment(text)


@pytest.mark.parametrize(
    "text",
    [
        "I can pay you directly to avoid the fees",
        "let's skip the platform fee",
        "pay me through wise instead",
        "I'll send the money via bank transfer",
        "do you accept payment via crypto?",
        "we can do the payment outside the platform",
    ],
)
def test_offers_to_pay_outside_are_found_and_masked_even_during_a_contract(text):
    res = screen_text(text, contract_active=True)
    assert "pay_outside" in [f.kind for f in res.findings]
    assert res.decision in ("mask", "hold")  # crypto payment is also a scam pattern: held
    assert "[payment details hidden]" in res.masked_text


@pytest.mark.parametrize(
    "text",
    [
        "I integrated PayPal checkout and Stripe for the shop",
        "Venmo API integration, budget $2,000",
        "the invoice total is $1,250.00, due on the 15th",
        "transaction id 4111111111111111",
        "git sha 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae",
        "Payment will go through the Workfair escrow as usual",
        "I set up Wise Business accounts for two clients",
        "Please pay the milestone when you approve it",
        "the account has 12 users",
    ],
)
def test_ordinary_talk_about_money_is_not_a_payment_finding(text):
    assert payment(text) == []


def test_payment_details_stay_hidden_after_a_contract_starts():
    res = screen_text("my IBAN is GB82 WEST 1234 5698 7654 32", contract_active=True)
    assert res.decision == "mask"
    assert res.masked_text == "my IBAN is [payment details hidden]"


def test_digits_inside_an_iban_are_not_also_a_phone_number():
    kinds = [f.kind for f in screen_text("IBAN GB82 WEST 1234 5698 7654 32").findings]
    assert kinds == ["iban"]
