"""Checksums that tell a real payment identifier from a look-alike string. The check digits come
from `python-stdnum` (IBAN mod-97 with each country's length and format, Luhn, ABA routing, Bitcoin
Base58Check and Bech32/Bech32m); Keccak-256 for Ethereum's EIP-55 from pycryptodome. Base58Check
payloads (TRON's version byte) are read here: stdnum validates only Bitcoin's."""

from __future__ import annotations

import hashlib

from Crypto.Hash import keccak
from stdnum import bitcoin, iban, luhn
from stdnum.us import rtn

# IBAN length per country (ISO 13616 registry): the shapes the payment detector looks for; a shape
# is a finding only when stdnum validates it.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
    "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def iban_valid(value: str) -> bool:
    """True when `value` (upper case, no spaces) is a valid IBAN: its country's length, format and
    mod-97 check (stdnum)."""
    if IBAN_LENGTHS.get(value[:2]) != len(value) or not value.isalnum():
        return False
    return bool(iban.is_valid(value))


def luhn_valid(digits: str) -> bool:
    """The Luhn check of card numbers."""
    return bool(luhn.is_valid(digits))


def aba_valid(digits: str) -> bool:
    """The ABA routing number check (US)."""
    return len(digits) == 9 and digits.isdigit() and bool(rtn.is_valid(digits))


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: k for k, c in enumerate(_B58)}


def base58check_payload(s: str) -> bytes | None:
    """The payload (version byte + data) of a Base58Check string, or None when the checksum fails."""
    n = 0
    for c in s:
        k = _B58_INDEX.get(c)
        if k is None:
            return None
        n = n * 58 + k
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    raw = b"\x00" * (len(s) - len(s.lstrip("1"))) + raw
    if len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


def bech32_valid(addr: str) -> bool:
    """True for a Bitcoin Bech32 (v0) or Bech32m (v1+) address with a correct checksum."""
    return addr[:3].lower() == "bc1" and bool(bitcoin.is_valid(addr))


def keccak256(data: bytes) -> bytes:
    """Keccak-256 digest of `data` (the pre-standard SHA-3 Ethereum uses; hashlib's sha3_256 pads
    differently)."""
    return keccak.new(digest_bits=256, data=data).digest()


def eip55_valid(addr: str) -> bool:
    """True when a mixed-case 0x address carries a correct EIP-55 checksum."""
    body = addr[2:]
    digest = keccak256(body.lower().encode("ascii")).hex()
    return all(not c.isalpha() or c.isupper() == (int(h, 16) >= 8) for c, h in zip(body, digest, strict=False))
