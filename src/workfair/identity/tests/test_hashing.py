"""Normalising and hashing identifiers: spellings of one identifier hash the same, others don't."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.core.errors import InvalidInput
from workfair.identity.graph import hashing
from workfair.identity.graph.hashing import (
    identifier_hash,
    ip_network,
    normalize_document,
    normalize_email,
    normalize_identifier,
    normalize_phone,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane.Doe+shop@Gmail.com", "janedoe@gmail.com"),
        ("j.a.n.e.doe@googlemail.com", "janedoe@gmail.com"),
        ("jane+news@outlook.com", "jane@outlook.com"),
        ("jane.doe+x@hotmail.com", "jane.doe@hotmail.com"),  # dots matter outside Gmail
        ("jane-shopping@yahoo.com", "jane@yahoo.com"),
        ("jane+a@me.com", "jane@icloud.com"),
        ("jane+a@protonmail.com", "jane@proton.me"),
        ("jane+a@fastmail.com", "jane@fastmail.com"),
        ("jane.doe+tag@example.com", "jane.doe+tag@example.com"),  # unknown provider: only lower-cased
        ("  JANE@Example.COM ", "jane@example.com"),
        ("jane@bücher.example", "jane@xn--bcher-kva.example"),
    ],
)
def test_email_spellings_of_one_mailbox_fold_together(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize("raw", ["", "jane", "@example.com", "jane@"])
def test_email_without_mailbox_or_domain_is_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        normalize_email(raw)


def test_phone_keeps_plus_and_digits() -> None:
    assert normalize_phone("+44 7700-900 123") == "+447700900123"
    with pytest.raises(InvalidInput):
        normalize_phone("07700 900123")  # national format: the caller converts it


def test_document_is_upper_case_without_separators() -> None:
    assert normalize_document("uto", "l898-902 c3") == "UTO:L898902C3"
    assert normalize_identifier("document", "uto:L898 902-C3") == "UTO:L898902C3"
    with pytest.raises(InvalidInput):
        normalize_identifier("document", "L898902C3")
    with pytest.raises(InvalidInput):
        normalize_document("UTO", "L898_902")


def test_networks_are_slash_24_and_slash_48() -> None:
    assert ip_network("203.0.113.77") == "203.0.113.0/24"
    assert ip_network("::ffff:203.0.113.77") == "203.0.113.0/24"
    assert ip_network("2001:db8:abcd:12::1") == "2001:db8:abcd::/48"
    assert normalize_identifier("network", "203.0.113.9") == "203.0.113.0/24"
    assert normalize_identifier("ip", "2001:DB8::0001") == "2001:db8::1"
    with pytest.raises(InvalidInput):
        ip_network("not-an-ip")


def test_hash_is_keyed_and_separates_kinds(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "HASH_KEY": "key-one"}
    first = identifier_hash("email", "jane@example.com")
    assert len(first) == 64
    assert first != "jane@example.com"
    assert identifier_hash("email", "jane@example.com") == first
    assert identifier_hash("device", "jane@example.com") != first
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "HASH_KEY": "key-two"}
    assert identifier_hash("email", "jane@example.com") != first


def test_empty_hash_key_derives_one_from_secret_key(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "HASH_KEY": ""}
    settings.SECRET_KEY = "secret-one"
    one = hashing.hash_key()
    assert len(one) == 32
    assert one != b"secret-one"
    settings.SECRET_KEY = "secret-two"
    assert hashing.hash_key() != one


def test_image_kinds_keep_the_perceptual_hash() -> None:
    assert identifier_hash("photo", "ABCDEF0123456789") == "abcdef0123456789"
    assert identifier_hash("face", "abcdef0123456789") == "abcdef0123456789"
    with pytest.raises(InvalidInput):
        identifier_hash("document_image", "not hex")
