"""Reads of the identity pages of the staff console. Every one checks the staff role first (through
`console.queries.require_console_role`: NotFound for non-staff, PermissionDenied without the role).

Images and document details are decrypted only through `sealing.open_sealed`, which audits each read
with the staff member and the reason; nothing here reads a sealed file without saying why."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from workfair.core import clock
from workfair.core.errors import NotFound
from workfair.identity.models import IdentityVerification, SealedFile, VideoCheck
from workfair.identity.sealing import envelope as sealing
from workfair.identity.states import STRONG_IDENTIFIERS, IdentifierKind, VerificationStatus
from workfair.trust.interface import require_console_role

SIDES = ("front", "back", "selfie")
REVIEW_PAGE_SIZE = 50


def access_verification_for_review(actor: Any, verification_id: int) -> IdentityVerification:
    """A verification, for a moderator (or above); NotFound otherwise."""
    require_console_role(actor)
    found = (
        IdentityVerification.objects.select_related("user", "front", "back", "selfie", "details", "reviewed_by")
        .filter(pk=verification_id)
        .first()
    )
    if found is None:
        raise NotFound("Verification not found.")
    return found


def verification_of_case(actor: Any, case_id: int) -> IdentityVerification:
    """The verification an identity-queue case is about (target "identity.verification")."""
    require_console_role(actor)
    found = IdentityVerification.objects.filter(case_id=case_id).order_by("-pk").first()
    if found is None:
        raise NotFound("No identity verification belongs to this case.")
    return found


def waiting_reviews(actor: Any) -> list[IdentityVerification]:
    """Verifications waiting for a reviewer, oldest first (one query)."""
    require_console_role(actor)
    return list(
        IdentityVerification.objects.select_related("user")
        .filter(status=VerificationStatus.IN_REVIEW)
        .order_by("submitted_at", "pk")[:REVIEW_PAGE_SIZE]
    )


def history_of(actor: Any, user_id: int) -> list[IdentityVerification]:
    """Every verification attempt of an account, newest first."""
    require_console_role(actor)
    return list(
        IdentityVerification.objects.select_related("reviewed_by")
        .filter(user_id=user_id)
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class ImageSlot:
    """One picture of a verification as the review page shows it."""

    side: str
    label: str
    state: str  # "present" | "purged" | "missing"


def image_slots(verification: IdentityVerification) -> list[ImageSlot]:
    from workfair.identity.verification.actions import SIDE_LABELS
    from workfair.identity.verification.queries import required_sides

    slots = []
    for side in required_sides(verification):
        sealed = getattr(verification, side)
        if sealed is None:
            state = "missing"
        elif sealed.purged_at is not None or not sealed.storage_name:
            state = "purged"
        else:
            state = "present"
        slots.append(ImageSlot(side, SIDE_LABELS[side], state))
    return slots


def sealed_image(actor: Any, verification: IdentityVerification, side: str) -> SealedFile:
    """The sealed picture `side` of a verification (NotFound for an unknown side or no picture)."""
    require_console_role(actor)
    if side not in SIDES:
        raise NotFound("No such picture.")
    sealed = getattr(verification, side)
    if sealed is None:
        raise NotFound("This picture was not uploaded.")
    return sealed


def read_image(actor: Any, verification: IdentityVerification, side: str) -> bytes:
    """Decrypt one picture for a moderator; the read is audited (one row per call)."""
    sealed = sealed_image(actor, verification, side)
    return sealing.open_sealed(
        sealed, actor=actor, reason=f"identity review of verification #{verification.pk}: {side}"
    )


def read_details(actor: Any, verification: IdentityVerification) -> dict[str, Any] | None:
    """The details read from the document (sealed JSON), decrypted for the review page (audited).
    None when there are none or they were deleted under the retention rules."""
    require_console_role(actor)
    sealed = verification.details
    if sealed is None or sealed.purged_at is not None or not sealed.storage_name:
        return None
    raw = sealing.open_sealed(
        sealed, actor=actor, reason=f"identity review of verification #{verification.pk}: details"
    )
    try:
        data = json.loads(raw)
    except ValueError:
        return {"unreadable": "The stored details could not be read."}
    return {str(k): v for k, v in data.items()} if isinstance(data, dict) else {"details": data}


def details_purged(verification: IdentityVerification) -> bool:
    sealed = verification.details
    return sealed is not None and (sealed.purged_at is not None or not sealed.storage_name)


# --- video checks ---------------------------------------------------------------------------------


def access_video_check_for_agent(actor: Any, check_id: int) -> VideoCheck:
    require_console_role(actor)
    found = VideoCheck.objects.select_related("slot", "verification__user", "recorded_by").filter(pk=check_id).first()
    if found is None:
        raise NotFound("Video check not found.")
    return found


@dataclass(frozen=True)
class AgentDay:
    today: list[VideoCheck]
    upcoming: list[VideoCheck]
    now: dt.datetime


def agent_day(actor: Any) -> AgentDay:
    """Booked checks of today (UTC) and of the days after, soonest first."""
    from workfair.identity.video.queries import agent_schedule

    require_console_role(actor)
    now = clock.now()
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)
    today = list(agent_schedule(day=now.date()))
    upcoming = list(agent_schedule().filter(slot__starts_at__gte=tomorrow)[:100])
    return AgentDay(today, upcoming, now)


# --- linked accounts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedKind:
    kind: str
    label: str
    strong: bool


@dataclass(frozen=True)
class LinkRow:
    """Two linked accounts and what they share: identifier kinds and their strength only."""

    source: Any
    target: Any
    kinds: list[SharedKind]

    @property
    def strong(self) -> bool:
        return any(k.strong for k in self.kinds)


@dataclass(frozen=True)
class LinkedAccounts:
    user: Any
    graph: Any
    svg: str
    rows: list[LinkRow]


def _shared(kind: str) -> SharedKind:
    label = str(IdentifierKind(kind).label) if kind in IdentifierKind.values else kind
    return SharedKind(kind, label, kind in STRONG_IDENTIFIERS)


def linked_accounts_of(actor: Any, user_id: int) -> LinkedAccounts:
    """The accounts linked to `user_id` through the identity graph, drawn and tabulated. Never the
    raw identifiers (the graph stores only keyed hashes; the page shows kinds and strength)."""
    from workfair.identity.graph.drawing import render_graph_svg
    from workfair.identity.graph.queries import linked_accounts

    require_console_role(actor)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("Account not found.")
    graph = linked_accounts(user_id)
    nodes = {n.user_id: n for n in graph.nodes}
    rows = [
        LinkRow(nodes.get(edge.source), nodes.get(edge.target), [_shared(k) for k in edge.kinds])
        for edge in graph.edges
    ]
    rows.sort(key=lambda r: (not r.strong, getattr(r.source, "depth", 9) + getattr(r.target, "depth", 9)))
    return LinkedAccounts(user, graph, render_graph_svg(graph), rows)


def recent_verifications(actor: Any) -> QuerySet[IdentityVerification]:
    """Verifications decided lately, newest first (the console index shows a few)."""
    require_console_role(actor)
    return (
        IdentityVerification.objects.select_related("user", "reviewed_by")
        .exclude(decided_at__isnull=True)
        .order_by("-decided_at", "-pk")
    )
