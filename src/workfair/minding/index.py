"""The MinHash/LSH index of texts, kept in the database (`TextPrint` + `TextBand`): every process
sees every text, nothing is rebuilt at start-up, and a query is one indexed read of the 25 bucket
keys plus one read of the candidates' signatures."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workfair.core import clock
from workfair.minding import scoring
from workfair.minding.models import TextBand, TextPrint

# At most this many candidates (those sharing the most bands first) are compared exactly.
MAX_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class Match:
    kind: str
    object_id: int
    owner_id: int
    similarity: float


def add_print(*, kind: str, object_id: int, owner_id: int, sig: np.ndarray) -> TextPrint:
    """Store (or replace) a text's signature and its band keys. Call inside the writer's transaction."""
    TextPrint.objects.filter(kind=kind, object_id=object_id).delete()
    text_print = TextPrint.objects.create(
        kind=kind, object_id=object_id, owner_id=owner_id, signature=scoring.signature_bytes(sig),
        created_at=clock.now(),
    )  # fmt: skip
    TextBand.objects.bulk_create(TextBand(print=text_print, bucket=key) for key in scoring.band_keys(sig))
    return text_print


def near(sig: np.ndarray, *, kind: str | None, exclude: tuple[str, int] | None = None) -> list[Match]:
    """Texts of `kind` (any kind: None) sharing at least one LSH band with `sig`, most alike first, with their
    estimated similarity (texts below the LSH threshold are found only by luck: see the doc)."""
    keys = scoring.band_keys(sig)
    hits: dict[int, int] = {}
    for print_id in TextBand.objects.filter(bucket__in=keys).values_list("print_id", flat=True):
        hits[print_id] = hits.get(print_id, 0) + 1
    if not hits:
        return []
    best = sorted(hits, key=lambda pk: -hits[pk])[:MAX_CANDIDATES]
    prints = TextPrint.objects.filter(pk__in=best)
    if kind is not None:
        prints = prints.filter(kind=kind)
    rows = prints.values_list("kind", "object_id", "owner_id", "signature")
    matches = [
        Match(k, int(obj), int(owner), scoring.similarity(sig, scoring.signature_from_bytes(raw)))
        for k, obj, owner, raw in rows
        if exclude is None or (k, int(obj)) != exclude
    ]
    return sorted(matches, key=lambda m: -m.similarity)


def recent_of_owner(owner_id: int, *, kind: str, limit: int) -> list[tuple[int, np.ndarray]]:
    """The owner's latest `limit` texts of `kind`: (object id, signature)."""
    rows = (
        TextPrint.objects.filter(owner_id=owner_id, kind=kind)
        .order_by("-created_at", "-id")
        .values_list("object_id", "signature")[:limit]
    )
    return [(int(obj), scoring.signature_from_bytes(raw)) for obj, raw in rows]
