"""Normalising and hashing the identifiers of the identity graph.

Two accounts are linked when they share an identifier (same kind, same value). To be linked the
values must first be written the same way (`normalize_*`), then they are stored only as keyed
hashes (`identifier_hash`): HMAC-SHA256 with `WORKFAIR_IDENTITY["HASH_KEY"]`, so a copy of the
table does not give the e-mail addresses, phone numbers or document numbers back, and the hashes
cannot be recomputed without the key.

The key: set `WORKFAIR_IDENTITY_HASH_KEY` in production (any long random string) and never change
it (a new key unlinks every account from its past). When it is empty, a key is derived from
`SECRET_KEY` with HKDF-SHA256 and the fixed label `HKDF_INFO`, which is fine for development and
tests but ties the graph to `SECRET_KEY`: rotating that would unlink everything.

Perceptual image hashes (`IMAGE_KINDS`) are kept as their hex, lower-cased: they must be compared
by Hamming distance, which a keyed hash would destroy.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from workfair.core.errors import InvalidInput
from workfair.identity.states import IdentifierKind

HKDF_INFO = b"workfair.identity.identifier-hash.v1"
IMAGE_KINDS = frozenset({IdentifierKind.PHOTO, IdentifierKind.DOCUMENT_IMAGE, IdentifierKind.FACE})
IPV4_PREFIX = 24
IPV6_PREFIX = 48
MAX_IMAGE_HASH_HEX = 64  # the column holds 64 characters

# Mail providers that deliver several spellings of one address to the same mailbox. Only the
# large ones whose rules are documented; a provider missing here just means no folding.
#   dots:  "j.a.n.e" is "jane" (Gmail only)
#   tag:   the character that starts a disposable suffix ("jane+shop", Yahoo's "jane-shop")
#   alias: the domain the others are folded into
_GMAIL = {"dots": True, "tag": "+", "alias": "gmail.com"}
_PLUS = {"dots": False, "tag": "+", "alias": ""}
MAIL_PROVIDERS: dict[str, dict[str, object]] = {
    "gmail.com": _GMAIL,
    "googlemail.com": _GMAIL,
    "outlook.com": _PLUS,
    "hotmail.com": _PLUS,
    "live.com": _PLUS,
    "msn.com": _PLUS,
    "yahoo.com": {"dots": False, "tag": "-", "alias": ""},
    "icloud.com": {"dots": False, "tag": "+", "alias": "icloud.com"},
    "me.com": {"dots": False, "tag": "+", "alias": "icloud.com"},
    "mac.com": {"dots": False, "tag": "+", "alias": "icloud.com"},
    "fastmail.com": _PLUS,
    "fastmail.fm": _PLUS,
    "proton.me": {"dots": False, "tag": "+", "alias": "proton.me"},
    "protonmail.com": {"dots": False, "tag": "+", "alias": "proton.me"},
    "pm.me": {"dots": False, "tag": "+", "alias": "proton.me"},
}

_HEX = re.compile(r"^[0-9a-f]+$")
_DOC_SEPARATORS = re.compile(r"[\s\-./]+")
_DOC_CHARS = re.compile(r"^[A-Z0-9]+$")


def _idna(domain: str) -> str:
    domain = domain.strip().rstrip(".").lower()
    try:
        return domain.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise InvalidInput("That e-mail address has an invalid domain.") from exc


def normalize_email(raw: str) -> str:
    """The mailbox an address reaches: lower-cased, domain in IDNA (ASCII) form, and for the
    providers in `MAIL_PROVIDERS` without dots or the disposable +tag part, under one domain."""
    value = (raw or "").strip().lower()
    local, sep, domain = value.rpartition("@")
    if not sep or not local or not domain:
        raise InvalidInput("Enter a valid e-mail address.")
    domain = _idna(domain)
    rules = MAIL_PROVIDERS.get(domain)
    if rules is not None:
        tag = str(rules["tag"])
        local = local.split(tag, 1)[0] or local
        if rules["dots"]:
            local = local.replace(".", "") or local
        domain = str(rules["alias"] or domain)
    return f"{local}@{domain}"


def normalize_phone(e164: str) -> str:
    """A phone number as "+" and its digits (separators dropped). Expects E.164 ("+447700900123");
    national formats must be converted by the caller (see `workfair.identity.phone`)."""
    value = (e164 or "").strip()
    digits = re.sub(r"\D", "", value)
    if not value.startswith("+") or not 7 <= len(digits) <= 15:
        raise InvalidInput("Enter the phone number in international format, e.g. +44 7700 900123.")
    return "+" + digits


def normalize_document(country: str, number: str) -> str:
    """ "COUNTRY:NUMBER" upper-cased without spaces, dashes, dots or slashes ("UTO:L898902C3")."""
    country = (country or "").strip().upper()
    number = _DOC_SEPARATORS.sub("", (number or "").strip().upper())
    if not re.fullmatch(r"[A-Z]{2,3}", country):
        raise InvalidInput("The document's country is a two- or three-letter code.")
    if not number or not _DOC_CHARS.match(number) or len(number) > 40:
        raise InvalidInput("The document number has letters and digits only.")
    return f"{country}:{number}"


def _ip(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    try:
        addr = ipaddress.ip_address((raw or "").strip())
    except ValueError as exc:
        raise InvalidInput("Not an IP address.") from exc
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped  # "::ffff:203.0.113.7" is the IPv4 address
    return addr


def normalize_ip(raw: str) -> str:
    """An IP address in its canonical (compressed) form."""
    return str(_ip(raw))


def ip_network(ip: str) -> str:
    """The network an address belongs to: the /24 of an IPv4 address, the /48 of an IPv6 one
    (what one home or office usually gets)."""
    addr = _ip(ip)
    prefix = IPV4_PREFIX if addr.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))


def normalize_image_hash(raw: str) -> str:
    value = (raw or "").strip().lower()
    if not value or len(value) > MAX_IMAGE_HASH_HEX or not _HEX.match(value):
        raise InvalidInput("A perceptual hash is a hexadecimal string.")
    return value


def normalize_identifier(kind: str, raw: str) -> str:
    """Normalise a raw identifier of `kind` as `check_identifiers` receives it: an e-mail, an
    E.164 phone, "COUNTRY:NUMBER" for a document, a device id, an IP address (also for `network`:
    the network of that address, or a network already in CIDR form), a perceptual-hash hex for
    image kinds, a provider's fingerprint for a payment instrument."""
    kind = IdentifierKind(kind)
    raw = str(raw or "").strip()
    if kind == IdentifierKind.EMAIL:
        return normalize_email(raw)
    if kind == IdentifierKind.PHONE:
        return normalize_phone(raw)
    if kind == IdentifierKind.DOCUMENT:
        country, sep, number = raw.partition(":")
        if not sep:
            raise InvalidInput('A document identifier is "COUNTRY:NUMBER".')
        return normalize_document(country, number)
    if kind == IdentifierKind.IP:
        return normalize_ip(raw)
    if kind == IdentifierKind.NETWORK:
        if "/" in raw:
            try:
                return str(ipaddress.ip_network(raw, strict=False))
            except ValueError as exc:
                raise InvalidInput("Not an IP network.") from exc
        return ip_network(raw)
    if kind in IMAGE_KINDS:
        return normalize_image_hash(raw)
    if not raw or len(raw) > 200:
        raise InvalidInput("The identifier is empty or too long.")
    return raw  # device id, payment instrument fingerprint: opaque, compared as given


@functools.lru_cache(maxsize=4)
def _derive_key(configured: str, secret_key: str) -> bytes:
    if configured:
        return configured.encode()
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO)
    return hkdf.derive(secret_key.encode())


def hash_key() -> bytes:
    """The HMAC key (see the module's docstring)."""
    return _derive_key(str(settings.WORKFAIR_IDENTITY.get("HASH_KEY") or ""), str(settings.SECRET_KEY))


def identifier_hash(kind: str, normalized: str) -> str:
    """The stored value of a normalised identifier: HMAC-SHA256 hex over "kind:value", or the
    perceptual hash itself for image kinds."""
    kind = IdentifierKind(kind)
    if kind in IMAGE_KINDS:
        return normalize_image_hash(normalized)
    return hmac.new(hash_key(), f"{kind.value}:{normalized}".encode(), hashlib.sha256).hexdigest()
