"""Drawing a `LinkedGraph` as an inline SVG for the console's linked-accounts page."""

from __future__ import annotations

import math
from html import escape

from workfair.identity.graph.links import BANNED
from workfair.identity.graph.queries import GraphNode, LinkedGraph

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
