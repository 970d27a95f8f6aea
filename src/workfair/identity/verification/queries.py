"""Reads of identity verification: the actor's own verifications, which photos a document needs and
which are missing, the stored check results, and the person's overview step by step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from workfair.core.errors import NotFound
from workfair.identity.models import IdentityVerification, PhoneNumber
from workfair.identity.states import (
    TWO_SIDED,
    VerificationStatus,
)

VS = VerificationStatus

# Verifications that are still going on: at most one per account.
OPEN_STATUSES = frozenset({VS.DRAFT, VS.CHECKS_FAILED, VS.IN_REVIEW, VS.VIDEO_REQUIRED, VS.VIDEO_BOOKED})


UPLOAD_STATUSES = frozenset({VS.DRAFT, VS.CHECKS_FAILED})


def access_verification_by_id(actor: Any, verification_id: int) -> IdentityVerification:
    """The actor's own verification; anybody else's (or none) is NotFound."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound("Verification not found.")
    found = IdentityVerification.objects.filter(pk=verification_id, user_id=actor.pk).first()
    if found is None:
        raise NotFound("Verification not found.")
    return found


def verifications_of(user: Any) -> QuerySet[IdentityVerification]:
    return IdentityVerification.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def current_verification(user: Any) -> IdentityVerification | None:
    """The open verification of `user`, else the latest one (verified, rejected...), else None."""
    qs = verifications_of(user)
    return qs.filter(status__in=OPEN_STATUSES).first() or qs.first()


def has_verified_phone(user: Any) -> bool:
    return PhoneNumber.objects.filter(user_id=user.pk, verified_at__isnull=False).exists()


def required_sides(verification: IdentityVerification) -> list[str]:
    sides = ["front"]
    if verification.document_type in TWO_SIDED:
        sides.append("back")
    sides.append("selfie")
    return sides


def missing_sides(verification: IdentityVerification) -> list[str]:
    return [side for side in required_sides(verification) if getattr(verification, f"{side}_id") is None]


@dataclass(frozen=True)
class CheckLine:
    name: str
    passed: bool
    message: str
    blocking: bool
    ran: bool = True  # false: the check could not be made, and says "not run", not "passed"


# Results stored before `ran` was recorded: these were the messages of checks that did not run.
_NOT_RUN_MESSAGES = ("were not read", "was not read", "not compared")


def check_lines(verification: IdentityVerification) -> list[CheckLine]:
    """The automatic check results stored on the verification, for pages and the API."""
    lines = []
    for row in verification.checks or []:
        if isinstance(row, Mapping):
            lines.append(
                CheckLine(
                    name=str(row.get("name", "")),
                    passed=bool(row.get("passed")),
                    message=str(row.get("message", "")),
                    blocking=bool(row.get("blocking", True)),
                    ran=bool(row.get("ran", not any(m in str(row.get("message", "")) for m in _NOT_RUN_MESSAGES))),
                )
            )
    return lines


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    state: str  # done | current | waiting | todo | failed
    detail: str


@dataclass(frozen=True)
class Overview:
    """Where a person stands, step by step (for the hub page and the API)."""

    verification: IdentityVerification | None
    phone_verified: bool
    verified: bool
    uploaded: dict[str, bool]
    steps: list[Step]


def overview(user: Any) -> Overview:
    from workfair.identity.badges.queries import has_badge

    v = current_verification(user)
    phone = has_verified_phone(user)
    verified = has_badge(user, "identity_verified")
    status = v.status if v is not None else ""
    uploaded = {side: getattr(v, f"{side}_id") is not None for side in required_sides(v)} if v is not None else {}
    after_docs = {VS.IN_REVIEW, VS.VIDEO_REQUIRED, VS.VIDEO_BOOKED, VS.VERIFIED}
    docs_state, docs_detail = "todo", "Photograph your document and take a selfie holding it."
    if status in UPLOAD_STATUSES:
        docs_state = "failed" if status == VS.CHECKS_FAILED else "current"
        docs_detail = (
            "Some photos need retaking: see below."
            if status == VS.CHECKS_FAILED
            else f"{sum(uploaded.values())} of {len(uploaded)} photos uploaded."
        )
    elif status in after_docs:
        docs_state, docs_detail = "done", "Documents received."
    review_state, review_detail = "todo", "A member of our team compares your photos with your document."
    if status == VS.IN_REVIEW:
        review_state, review_detail = "waiting", "Waiting for a reviewer (usually within a day)."
    elif status in {VS.VIDEO_REQUIRED, VS.VIDEO_BOOKED, VS.VERIFIED}:
        review_state, review_detail = "done", "Documents approved."
    elif status == VS.REJECTED:
        review_state, review_detail = "failed", v.decision_reason if v is not None else ""
    video_state, video_detail = "todo", "A short live video call with our team."
    if status == VS.VIDEO_REQUIRED:
        video_state, video_detail = "current", "Choose a time for your video check."
        if v is not None and v.video_due_at is not None:
            due = date_format(timezone.localtime(v.video_due_at), "j F Y")
            video_detail = f"Choose a time for your video check, by {due} (after that you would start again)."
    elif status == VS.VIDEO_BOOKED:
        video_state, video_detail = "waiting", "Your video check is booked."
    elif status == VS.VERIFIED:
        video_state, video_detail = "done", "Video check passed."
    steps = [
        Step(
            "phone",
            "Verify your phone number",
            "done" if phone else "current",
            "Done." if phone else "We send a code by text message or voice call.",
        ),
        Step("documents", "Upload your document and a selfie", docs_state, docs_detail),
        Step("review", "Review by our team", review_state, review_detail),
        Step("video", "Live video check", video_state, video_detail),
        Step(
            "badge",
            "Identity verified badge",
            "done" if verified else "todo",
            "Shown on your profile and proposals." if verified else "Shown on your profile once verified.",
        ),
    ]
    return Overview(verification=v, phone_verified=phone, verified=verified, uploaded=uploaded, steps=steps)
