"""JSON API of identity verification, mounted at /api/v1/identity/verification (and the vendor
webhook). Thin: parse, call `identity.verification` / `identity.video` / `identity.verification.vendors`.

Images are accepted, never returned: the status says which photos were received, nothing more."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from workfair.core.errors import InvalidInput, NotFound
from workfair.identity.models import IdentityVerification, VideoCheck, VideoSlot
from workfair.identity.states import VerificationProvider
from workfair.identity.verification import actions as verification
from workfair.identity.verification import queries as verification_queries
from workfair.identity.verification import vendors
from workfair.identity.video import actions as video
from workfair.identity.video import queries as video_queries

router = Router(tags=["identity"])


class VerificationCheckOut(Schema):
    name: str
    passed: bool
    message: str
    blocking: bool


class StepOut(Schema):
    key: str
    title: str
    state: str
    detail: str


class VideoCheckOut(Schema):
    id: int
    starts_at: dt.datetime
    minutes: int
    meeting_url: str
    status: str


class VerificationOut(Schema):
    id: int
    status: str
    provider: str
    document_type: str
    document_country: str
    uploaded: dict[str, bool]
    missing: list[str]
    checks: list[VerificationCheckOut]
    decision_reason: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    video_check: VideoCheckOut | None


class VerificationStatusOut(Schema):
    phone_verified: bool
    identity_verified: bool
    provider: str
    steps: list[StepOut]
    verification: VerificationOut | None


class VerificationStartIn(Schema):
    document_type: str
    country: str


class SubmitIn(Schema):
    document_number: str = ""
    expiry: str = ""
    date_of_birth: str = ""


class SlotOut(Schema):
    id: int
    starts_at: dt.datetime
    minutes: int


class BookIn(Schema):
    slot_id: int


class VendorSessionOut(Schema):
    url: str


class WebhookOut(Schema):
    received: bool
    outcome: str


def _check_out(check: VideoCheck | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {
        "id": check.pk,
        "starts_at": check.slot.starts_at,
        "minutes": check.slot.minutes,
        "meeting_url": check.meeting_url,
        "status": check.status,
    }


def _verification_out(v: IdentityVerification) -> dict[str, Any]:
    return {
        "id": v.pk,
        "status": v.status,
        "provider": v.provider,
        "document_type": v.document_type,
        "document_country": v.document_country,
        "uploaded": {side: getattr(v, f"{side}_id") is not None for side in verification_queries.required_sides(v)},
        "missing": verification_queries.missing_sides(v),
        "checks": [c.__dict__ for c in verification_queries.check_lines(v)],
        "decision_reason": v.decision_reason if v.status == "rejected" else "",
        "created_at": v.created_at,
        "submitted_at": v.submitted_at,
        "decided_at": v.decided_at,
        "video_check": _check_out(video_queries.open_check(v)),
    }


def _status(user: Any) -> dict[str, Any]:
    ov = verification_queries.overview(user)
    return {
        "phone_verified": ov.phone_verified,
        "identity_verified": ov.verified,
        "provider": str(verification.identity_setting("VERIFICATION_PROVIDER") or VerificationProvider.WORKFAIR),
        "steps": [s.__dict__ for s in ov.steps],
        "verification": _verification_out(ov.verification) if ov.verification is not None else None,
    }


def _open_verification(user: Any) -> IdentityVerification:
    v = verification_queries.current_verification(user)
    if v is None or v.status not in verification_queries.OPEN_STATUSES:
        raise NotFound("You have no identity verification in progress: start one first.")
    return v


@router.get("", response=VerificationStatusOut, summary="Where my identity verification stands")
def status(request: HttpRequest) -> dict[str, Any]:
    return _status(request.user)


@router.post("/start", response={201: VerificationStatusOut}, summary="Start: choose the document and its country")
def start(request: HttpRequest, payload: VerificationStartIn) -> Status[dict[str, Any]]:
    verification.do_start_verification(actor=request.user, document_type=payload.document_type, country=payload.country)
    return Status(201, _status(request.user))


@router.post(
    "/upload", response=VerificationStatusOut, summary="Upload a photo: side is front, back or selfie (multipart)"
)
def upload(request: HttpRequest, side: Form[str], file: File[UploadedFile]) -> dict[str, Any]:
    v = _open_verification(request.user)
    verification.do_upload_document(actor=request.user, verification=v, side=side, upload=file)
    return _status(request.user)


@router.post("/submit", response=VerificationStatusOut, summary="Send the photos for checking and review")
def submit(request: HttpRequest, payload: SubmitIn | None = None) -> dict[str, Any]:
    v = _open_verification(request.user)
    data = payload or SubmitIn()
    declared = verification.clean_declared(
        document_number=data.document_number, expiry=data.expiry, date_of_birth=data.date_of_birth
    )
    verification.do_submit_verification(actor=request.user, verification=v, declared=declared)
    return _status(request.user)


@router.post("/cancel", response=VerificationStatusOut, summary="Stop the verification in progress")
def cancel(request: HttpRequest) -> dict[str, Any]:
    v = _open_verification(request.user)
    verification.do_cancel_verification(actor=request.user, verification=v)
    return _status(request.user)


@router.post("/vendor-session", response=VendorSessionOut, summary="Continue at the outside verification provider")
def vendor_session(request: HttpRequest) -> dict[str, Any]:
    v = _open_verification(request.user)
    return {"url": vendors.do_start_vendor_session(actor=request.user, verification=v)}


@router.get("/slots", response=list[SlotOut], summary="Free times for the live video check")
def slots(request: HttpRequest) -> list[VideoSlot]:
    return video_queries.available_slots()


@router.post("/book", response={201: VideoCheckOut}, summary="Book (or move to) a time for the live video check")
def book(request: HttpRequest, payload: BookIn) -> Status[dict[str, Any] | None]:
    v = _open_verification(request.user)
    slot = video_queries.access_slot_by_id(payload.slot_id)
    current = video_queries.open_check(v)
    if current is not None:
        check = video.do_rebook_video_check(actor=request.user, check=current, slot=slot)
    else:
        check = video.do_book_video_check(actor=request.user, verification=v, slot=slot)
    return Status(201, _check_out(check))


@router.post("/book/cancel", response=VerificationStatusOut, summary="Cancel the booked video check")
def cancel_booking(request: HttpRequest) -> dict[str, Any]:
    v = _open_verification(request.user)
    current = video_queries.open_check(v)
    if current is None:
        raise NotFound("You have no video check booked.")
    video.do_cancel_video_check(actor=request.user, check=current)
    return _status(request.user)


@router.post(
    "/webhooks/stripe",
    auth=None,
    response={200: WebhookOut},
    summary="Stripe Identity webhook (signed with the Stripe-Signature header)",
)
def stripe_webhook(request: HttpRequest) -> dict[str, Any]:
    signature = request.headers.get("Stripe-Signature", "")
    event = vendors.verify_stripe_event(request.body, signature)
    if event is None:  # pragma: no cover - construct_event returns an event or raises
        raise InvalidInput("The payload is not a Stripe event.")
    return {"received": True, "outcome": vendors.do_handle_stripe_event(event)}
