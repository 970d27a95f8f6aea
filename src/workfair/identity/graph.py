"""The identity graph: which accounts share an e-mail, phone, document, face, device or network.

Every identifier an account is seen with is stored as an `Identifier` row (kind + keyed hash, see
`workfair.identity.hashing`). `check_identifiers` is what sign-up, log-in, phone verification,
document submission and photo uploads call: it records the identifiers, finds the other accounts
that share them and their standing, and hands those facts to the trust engine as a signal. The
engine's policy decides (by default: a strong identifier shared with a banned account blocks and
suspends, a weak one asks for verification, a strong one shared with another live account holds;
each opens a case in the identity queue). This module only states the facts.

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
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from workfair.core import clock
from workfair.core.errors import InvalidInput
from workfair.identity.hashing import IMAGE_KINDS, identifier_hash, ip_network, normalize_identifier, normalize_ip
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


# --- the check -----------------------------------------------------------------------------------


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


def _by_kind(pairs: Iterable[tuple[str, str]]) -> Q:
    grouped: dict[str, set[str]] = {}
    for kind, value in pairs:
        grouped.setdefault(kind, set()).add(value)
    q = Q()
    for kind, values in sorted(grouped.items()):
        q |= Q(kind=kind, value__in=sorted(values))
    return q


def _record(user_id: int, pairs: Sequence[tuple[str, str]]) -> None:
    now = clock.now()
    Identifier.objects.bulk_create(
        [Identifier(user_id=user_id, kind=k, value=v, first_seen=now, last_seen=now) for k, v in pairs],
        update_conflicts=True,
        unique_fields=["kind", "value", "user"],
        update_fields=["last_seen"],
    )


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
        Identifier.objects.filter(_by_kind(pairs))
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
    return [
        Link(account, kind, levels.get(account, "none"), distance) for (account, kind), distance in sorted(best.items())
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


def check_identifiers(
    user: Any,
    identifiers: Sequence[tuple[str, str]],
    *,
    signal_kind: str,
    target_type: str = "",
    target_id: str = "",
    request: HttpRequest | None = None,
) -> trust.SignalResult:
    """Record the identifiers `user` was seen with, link the account to the others sharing them,
    and record a trust signal of `signal_kind` with those links; returns the engine's SignalResult
    (`.outcome`: allow / warn / mask / hold / block).

    `identifiers` are (IdentifierKind, raw value) pairs: an e-mail, an E.164 phone,
    "COUNTRY:NUMBER" for a document, a device id, an IP address (a network is derived from it when
    given as kind `network`), a perceptual-hash hex for image kinds. With `request`, its device,
    IP and network are added. Runs in the caller's transaction: on "block" the caller commits
    (the suspension and the case must persist) and refuses afterwards."""
    pairs = hashed_identifiers([*identifiers, *request_identifiers(request)])
    with transaction.atomic():
        if pairs:
            _record(user.pk, pairs)
        links = find_links(user.pk, pairs)
        facts = link_facts(links)
        facts["identifier_kinds"] = sorted({kind for kind, _ in pairs})
        return trust.do_record_signal(
            actor=user, kind=signal_kind, surface="account", target_type=target_type, target_id=target_id,
            context=facts,
        )  # fmt: skip


# --- the graph for the console -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GraphNode:
    user_id: int
    email: str  # masked
    standing: str
    depth: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: int
    target: int
    kinds: tuple[str, ...]

    @property
    def strong(self) -> bool:
        return any(k in STRONG_IDENTIFIERS for k in self.kinds)


@dataclass
class LinkedGraph:
    """The accounts linked to `centre` (itself first), the identifiers they share, and whether
    the walk stopped at `limit` accounts."""

    centre: int
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)
    truncated: bool = False

    def node(self, user_id: int) -> GraphNode | None:
        return next((n for n in self.nodes if n.user_id == user_id), None)


def mask_email(email: str) -> str:
    """ "jane.doe@example.com" -> "j***@example.com": enough for a reviewer to tell accounts apart."""
    local, sep, domain = (email or "").partition("@")
    if not sep:
        return "***"
    return f"{local[:1]}***@{domain}"


def linked_accounts(user_id: int, *, depth: int = 2, limit: int = 200) -> LinkedGraph:
    """Walk the graph from `user_id` up to `depth` hops (beyond the first hop only through strong
    identifiers and devices: an IP or a network is shared by strangers), at most `limit` accounts.
    Two queries per hop, then one each for standings and e-mails. Each identifier is followed once:
    accounts sharing one identifier are drawn linked to the account they were reached from, not to
    each other (fifty accounts on one device are fifty edges, not 1,225)."""
    seen: dict[int, int] = {user_id: 0}
    shared: dict[tuple[int, int], set[str]] = {}
    followed: set[tuple[str, str]] = set()
    truncated = False
    frontier = {user_id}
    for hop in range(1, depth + 1):
        if not frontier:
            break
        mine = Identifier.objects.filter(user_id__in=frontier).order_by().values_list("user_id", "kind", "value")
        holders: dict[tuple[str, str], set[int]] = {}
        for owner, kind, value in mine[: MAX_MATCH_ROWS * 2]:
            if (kind, value) not in followed and (hop == 1 or kind in EXPANDING_KINDS):
                holders.setdefault((kind, value), set()).add(owner)
        if not holders:
            break
        followed.update(holders)
        matches = (Identifier.objects.filter(_by_kind(holders)).order_by().values_list("user_id", "kind", "value"))[
            : MAX_MATCH_ROWS * 5
        ]
        following: set[int] = set()
        for other, kind, value in matches:
            if other not in seen:
                if len(seen) >= limit:
                    truncated = True
                    continue
                seen[other] = hop
                following.add(other)
            for owner in holders.get((kind, value), ()):
                if owner != other:
                    shared.setdefault((min(owner, other), max(owner, other)), set()).add(kind)
        frontier = following
    levels = standing_levels(seen)
    emails = dict(get_user_model().objects.filter(pk__in=seen).values_list("pk", "email"))
    nodes = [
        GraphNode(uid, mask_email(emails.get(uid, "")), levels.get(uid, "none"), d)
        for uid, d in sorted(seen.items(), key=lambda item: (item[1], item[0]))
    ]
    edges = [GraphEdge(a, b, tuple(sorted(kinds))) for (a, b), kinds in sorted(shared.items())]
    return LinkedGraph(centre=user_id, nodes=nodes, edges=edges, truncated=truncated)


STANDING_COLOURS = {"none": "#2f855a", "warning": "#b7791f", "restricted": "#c05621", "suspended": "#c53030",
                    BANNED: "#742a2a"}  # fmt: skip


def render_graph_svg(graph: LinkedGraph, *, size: int = 640) -> str:
    """The graph as an inline SVG (no JavaScript): the account in the centre, first-hop accounts
    on an inner circle, the others on an outer one; each edge labelled with the shared kinds, solid
    when one is strong, dashed otherwise. Every text is escaped."""
    centre = size / 2
    positions: dict[int, tuple[float, float]] = {}
    rings: dict[int, list[GraphNode]] = {}
    for node in graph.nodes:
        if node.user_id == graph.centre:
            positions[node.user_id] = (centre, centre)
        else:
            rings.setdefault(min(node.depth, 2), []).append(node)
    for ring, members in rings.items():
        radius = size * (0.24 if ring == 1 else 0.42)
        for k, node in enumerate(members):
            angle = 2 * math.pi * k / len(members) - math.pi / 2 + (0 if ring == 1 else math.pi / max(len(members), 1))
            positions[node.user_id] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-label="Accounts linked to account #{graph.centre}" class="identity-graph">',
        f"<title>Accounts linked to account #{graph.centre}</title>",
    ]
    for edge in graph.edges:
        if edge.source not in positions or edge.target not in positions:
            continue
        (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
        dash = "" if edge.strong else ' stroke-dasharray="6 4"'
        width = 2.5 if edge.strong else 1.2
        label = escape(", ".join(edge.kinds))
        parts.append(
            f'<g class="edge {"strong" if edge.strong else "weak"}">'
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#4a5568" '
            f'stroke-width="{width}"{dash}/>'
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 4:.1f}" font-size="11" text-anchor="middle" '
            f'fill="#2d3748">{label}</text></g>'
        )
    for node in graph.nodes:
        if node.user_id not in positions:
            continue
        x, y = positions[node.user_id]
        colour = STANDING_COLOURS.get(node.standing, "#4a5568")
        is_centre = node.user_id == graph.centre
        parts.append(
            f'<g class="node standing-{escape(node.standing)}{" centre" if is_centre else ""}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{16 if is_centre else 11}" fill="{colour}"/>'
            f'<text x="{x:.1f}" y="{y + 28:.1f}" font-size="11" text-anchor="middle" fill="#1a202c">'
            f"#{node.user_id} {escape(node.email)}</text>"
            f'<text x="{x:.1f}" y="{y + 41:.1f}" font-size="10" text-anchor="middle" fill="{colour}">'
            f"{escape(node.standing)}</text></g>"
        )
    if graph.truncated:
        parts.append(
            f'<text x="8" y="{size - 8}" font-size="11" fill="#742a2a">More accounts are linked than shown.</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
