"""The identity graph as the console shows it: the accounts around one account, edges labelled with the
shared identifier kinds (never the values). Staff-only callers check the role first (`staff.queries`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from workfair.identity.graph.links import EXPANDING_KINDS, MAX_MATCH_ROWS, by_kind, standing_levels
from workfair.identity.models import Identifier
from workfair.identity.states import STRONG_IDENTIFIERS


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
        matches = (Identifier.objects.filter(by_kind(holders)).order_by().values_list("user_id", "kind", "value"))[
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
