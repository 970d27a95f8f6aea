"""The identity graph: which accounts share an e-mail, phone, document, face, device or network.

Every identifier an account is seen with is stored as an `Identifier` row (kind + keyed hash, see
`workfair.identity.graph.hashing`). `check_identifiers` (`graph.actions`) is what sign-up, log-in, phone verification,
document submission and photo uploads call: it records the identifiers, finds the other accounts
that share them and their standing, and hands those facts to the trust engine as a signal. The
engine's policy decides (by default: a strong identifier shared with a banned account blocks and
suspends, a weak one asks for verification, a strong one shared with another live account holds;
each opens a case in the identity queue). This module finds the links; it only states the facts.

How the look-up stays fast (benchmarks/identity.py, docs/benchmarks.md "Identity"):
- exact links: one query for all identifiers, `(kind = k AND value IN (...)) OR ...`, served by the
  unique index `identity_identifier_unique (kind, value, user)` (index-only on PostgreSQL);
- near links for perceptual image hashes (`IMAGE_KINDS`): a bounded range scan of the same index
  over the hashes that share the first 16 bits (`NEAR_PREFIX_HEX`), then the Hamming distance in
  Python. The leading bits of a DCT hash (pHash) are its lowest frequencies, the most stable under
  re-encoding and resizing, so near copies nearly always keep them; a copy whose first 16 bits
  changed is not found as near (it is still found when exact). At most `NEAR_SCAN_LIMIT` rows are
  read per image;
- then one query for the standing of the linked accounts.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from workfair.accounts.queries import erased_account_ids
from workfair.core.errors import InvalidInput
from workfair.identity.graph.hashing import IMAGE_KINDS, identifier_hash, ip_network, normalize_identifier, normalize_ip
from workfair.identity.models import Identifier
from workfair.identity.states import STRONG_IDENTIFIERS, IdentifierKind
from workfair.trust import interface as trust

logger = logging.getLogger(__name__)

BANNED = "banned"
NEAR_PREFIX_HEX = 4  # 16 bits
NEAR_SCAN_LIMIT = 200
NEAR_BITS_PER_64 = 6  # near = at most 6 differing bits in 64 (scaled for longer hashes)
MAX_MATCH_ROWS = 1000  # rows read by the single look-up before falling back to one query per identifier
MAX_ROWS_PER_IDENTIFIER = 200  # a popular network or IP reaches many accounts; a sample is enough
MAX_CONTEXT_LINKS = 50  # links written into the signal's context (the counts are always exact)
# Kinds that extend the console graph beyond the first hop (IPs and networks are shared by strangers).
EXPANDING_KINDS = STRONG_IDENTIFIERS | {IdentifierKind.DEVICE}


def strength(kind: str) -> str:
    return "strong" if kind in STRONG_IDENTIFIERS else "weak"


def standing_levels(user_ids: Iterable[int]) -> dict[int, str]:
    """The standing level of each account ("none" without a row), one query."""
    return trust.standing_levels(user_ids)


# --- reading identifiers from a request ----------------------------------------------------------


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the right-most address of the header named by
    `WORKFAIR_IDENTITY["TRUSTED_PROXY_HEADER"]` (e.g. "HTTP_X_FORWARDED_FOR") when the site runs
    behind a proxy that sets it. Without that setting the header is ignored: anyone can send it."""
    from django.conf import settings

    header = str(settings.WORKFAIR_IDENTITY.get("TRUSTED_PROXY_HEADER") or "")
    if header:
        forwarded = str(request.META.get(header, "") or "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return str(request.META.get("REMOTE_ADDR", "") or "")


def request_identifiers(request: HttpRequest | None) -> list[tuple[str, str]]:
    """Device, IP and network of a request (those that can be read). The device only once the
    browser has presented its cookie: a client that keeps no cookies (API scripts) has none."""
    if request is None:
        return []
    found: list[tuple[str, str]] = []
    device = getattr(request, "device_id", "")
    if device and not getattr(request, "device_is_new", False):  # a cookie the browser presented
        found.append((IdentifierKind.DEVICE, device))
    ip = client_ip(request)
    try:
        found += [(IdentifierKind.IP, normalize_ip(ip)), (IdentifierKind.NETWORK, ip_network(ip))]
    except InvalidInput:  # an unreadable address is just not an identifier
        logger.debug("no usable client address: %r", ip)
    return found


# --- finding links --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """Another account sharing one identifier with the one checked."""

    account_id: int
    kind: str
    standing: str = "none"
    distance: int = 0  # bits, for near image matches

    @property
    def strength(self) -> str:
        return strength(self.kind)

    def as_context(self) -> dict[str, Any]:
        data: dict[str, Any] = {"account_id": self.account_id, "kind": self.kind, "strength": self.strength,
                                "standing": self.standing}  # fmt: skip
        if self.distance:
            data["distance"] = self.distance
        return data


def hashed_identifiers(identifiers: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(kind, stored value) pairs, normalised, hashed and without duplicates; empty values are
    skipped. Raises InvalidInput for a malformed one (callers validate what people type)."""
    seen: dict[tuple[str, str], None] = {}
    for kind, raw in identifiers:
        kind = IdentifierKind(kind)
        if raw is None or not str(raw).strip():
            continue
        seen[(kind.value, identifier_hash(kind, normalize_identifier(kind, str(raw))))] = None
    return list(seen)


def by_kind(pairs: Iterable[tuple[str, str]]) -> Q:
    grouped: dict[str, set[str]] = {}
    for kind, value in pairs:
        grouped.setdefault(kind, set()).add(value)
    q = Q()
    for kind, values in sorted(grouped.items()):
        q |= Q(kind=kind, value__in=sorted(values))
    return q


def near_limit(hex_length: int) -> int:
    return max(1, math.floor(hex_length * 4 * NEAR_BITS_PER_64 / 64))


def _hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _near_matches(user_id: int, kind: str, value: str) -> list[tuple[int, str, int]]:
    """Accounts whose perceptual hash of `kind` is within `near_limit` bits of `value` (not equal:
    exact ones come from the main query). (account id, value, distance)."""
    if len(value) <= NEAR_PREFIX_HEX:
        return []
    prefix = value[:NEAR_PREFIX_HEX]
    rows = Identifier.objects.filter(kind=kind, value__gte=prefix).exclude(user_id=user_id)
    following = int(prefix, 16) + 1
    if following < 16**NEAR_PREFIX_HEX:
        rows = rows.filter(value__lt=f"{following:0{NEAR_PREFIX_HEX}x}")
    limit = near_limit(len(value))
    found = []
    for other, candidate in rows.order_by().values_list("user_id", "value")[:NEAR_SCAN_LIMIT]:
        if len(candidate) != len(value) or candidate == value or not candidate.startswith(prefix):
            continue
        distance = _hamming(candidate, value)
        if distance <= limit:
            found.append((other, candidate, distance))
    return found


def find_links(user_id: int, pairs: Sequence[tuple[str, str]]) -> list[Link]:
    """The other accounts sharing any of the (kind, stored value) pairs, exactly or (image kinds)
    nearly, one Link per (account, kind), standings filled in."""
    if not pairs:
        return []
    best: dict[tuple[int, str], int] = {}  # (account, kind) -> distance
    rows = list(
        Identifier.objects.filter(by_kind(pairs))
        .exclude(user_id=user_id)
        .order_by()
        .values_list("user_id", "kind")[: MAX_MATCH_ROWS + 1]
    )
    if len(rows) > MAX_MATCH_ROWS:  # a popular IP or network: read each identifier on its own, bounded
        rows = []
        for kind, value in pairs:
            rows += (
                Identifier.objects.filter(kind=kind, value=value)
                .exclude(user_id=user_id)
                .order_by()
                .values_list("user_id", "kind")[:MAX_ROWS_PER_IDENTIFIER]
            )
    for other, kind in rows:
        best[(other, kind)] = 0
    for kind, value in pairs:
        if kind in IMAGE_KINDS:
            for other, _candidate, distance in _near_matches(user_id, kind, value):
                key = (other, kind)
                best[key] = min(best.get(key, distance), distance)
    if not best:
        return []
    levels = standing_levels({account for account, _ in best})
    # An account its owner deleted in good standing is nobody's duplicate: the person may come back.
    # One deleted under a warning, a restriction or a ban still links (docs/rules.md "Your data").
    gone = erased_account_ids({account for account, _ in best if levels.get(account, "none") == "none"})
    return [
        Link(account, kind, levels.get(account, "none"), distance)
        for (account, kind), distance in sorted(best.items())
        if account not in gone
    ]


def link_facts(links: Sequence[Link]) -> dict[str, Any]:
    """The context the trust engine reads (see `trust.detectors.behavioural.IdentityLinksDetector`):
    the links (banned and strong first, at most `MAX_CONTEXT_LINKS`) and exact counts of accounts."""

    def order(link: Link) -> tuple[int, int, int, str]:
        return (link.standing != BANNED, link.strength != "strong", link.account_id, link.kind)

    banned_strong = {x.account_id for x in links if x.standing == BANNED and x.strength == "strong"}
    banned_weak = {x.account_id for x in links if x.standing == BANNED and x.strength == "weak"} - banned_strong
    existing_strong = {x.account_id for x in links if x.standing != BANNED and x.strength == "strong"}
    return {
        "identity_links": [x.as_context() for x in sorted(links, key=order)[:MAX_CONTEXT_LINKS]],
        "banned_strong_links": len(banned_strong),
        "banned_weak_links": len(banned_weak),
        "existing_strong_links": len(existing_strong),
    }
