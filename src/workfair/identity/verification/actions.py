"""Identity verification with documents: choose a document, upload its photos and a selfie holding
it, automatic checks, the identity graph, then a person reviews and a live video check follows
(`identity.video`).

Uploads go through `images.load_upload` (limits, bombs, re-encoding) and only the clean JPEG is
kept, sealed (`identity.sealing`); nothing uploaded is ever served back, not even to its owner.
Images are deleted `IMAGE_RETENTION_DAYS` after the final decision (task
`identity.purge_expired_images`); the document number stays only as a keyed hash and the graph's
identifiers stay as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from typing import IO, Any

from django.conf import settings
from django.db import transaction

from workfair.core import clock, ratelimits
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied, RateLimited
from workfair.core.transitions import transition
from workfair.identity.models import IdentityVerification, SealedFile
from workfair.identity.sealing import envelope as sealing
from workfair.identity.states import (
    TWO_SIDED,
    DocumentType,
    IdentifierKind,
    SealedPurpose,
    VerificationProvider,
    VerificationStatus,
)
from workfair.identity.stepup import queries as stepup_queries
from workfair.identity.verification import images
from workfair.identity.verification.queries import (
    OPEN_STATUSES,
    UPLOAD_STATUSES,
    has_verified_phone,
    missing_sides,
    required_sides,
    verifications_of,
)

VS = VerificationStatus

# An account may start this many verifications in 30 days (documents are expensive to review).
MAX_ATTEMPTS_PER_30_DAYS = 3

FINAL_STATUSES = frozenset({VS.VERIFIED, VS.REJECTED, VS.CANCELLED})

SIDES: dict[str, str] = {
    "front": SealedPurpose.DOCUMENT_FRONT,
    "back": SealedPurpose.DOCUMENT_BACK,
    "selfie": SealedPurpose.SELFIE,
}
SIDE_LABELS = {"front": "Front of the document", "back": "Back of the document", "selfie": "Selfie with the document"}
SIDE_HELP = {
    "front": "The whole page or card with your photo, flat, in good light, every corner visible, no glare.",
    "back": "The back of the card, every corner visible.",
    "selfie": "Your face and the document together: hold it next to your face, photo side towards the camera.",
}

_COUNTRY = re.compile(r"^[A-Z]{2,3}$")


def identity_setting(name: str, default: Any = None) -> Any:
    return getattr(settings, "WORKFAIR_IDENTITY", {}).get(name, default)


def retention() -> dt.timedelta:
    return dt.timedelta(days=int(identity_setting("IMAGE_RETENTION_DAYS", 90)))


VIDEO_GRACE = dt.timedelta(days=7)  # at least this long to book again after a missed or cancelled call


def video_due(now: dt.datetime) -> dt.datetime:
    """When the live video check must be done by, for documents approved at `now`."""
    return now + dt.timedelta(days=int(identity_setting("VIDEO_WINDOW_DAYS", 30)))


def video_due_after_return(verification: IdentityVerification) -> dt.datetime:
    """The deadline once a booking fell through (missed or cancelled): unchanged, but never less
    than `VIDEO_GRACE` from now, so nobody loses the verification for a call that did not happen."""
    floor = clock.now() + VIDEO_GRACE
    due = verification.video_due_at
    return floor if due is None or due < floor else due


# --- helpers ---------------------------------------------------------------------------------------------


def _lock(verification: IdentityVerification) -> IdentityVerification:
    return IdentityVerification.objects.select_for_update().get(pk=verification.pk)


def _set_purge_after(files: list[int | None], when: dt.datetime | None) -> None:
    ids = [pk for pk in files if pk]
    if ids:
        SealedFile.objects.filter(pk__in=ids, purged_at__isnull=True).update(purge_after=when)


def image_ids(verification: IdentityVerification) -> list[int | None]:
    return [verification.front_id, verification.back_id, verification.selfie_id]


def schedule_image_purge(verification: IdentityVerification, decided_at: dt.datetime) -> None:
    """At the final decision: the images go `IMAGE_RETENTION_DAYS` later (the details and hashes stay)."""
    _set_purge_after(image_ids(verification), decided_at + retention())


def notify(user: Any, *, title: str, body: str, url: str = "/account/verification/") -> None:
    from workfair.notifications.actions import do_notify

    do_notify(user, kind="identity.verification", title=title, body=body, url=url)


def _document_checks() -> Callable[..., Any]:
    """`checks.run_document_checks` (a seam so tests can give its verdict without real documents)."""
    from workfair.identity.verification.checks import run_document_checks

    return run_document_checks


def _field(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _trust() -> Any:
    from workfair.trust import interface

    return interface


# --- actions --------------------------------------------------------------------------------------------


def do_start_verification(*, actor: Any, document_type: str, country: str) -> IdentityVerification:
    """Start verifying (or change the document of the open draft). Needs a verified phone number."""
    if document_type not in DocumentType.values:
        raise InvalidInput("Choose the kind of document: passport, identity card or driving licence.")
    country = (country or "").strip().upper()
    if not _COUNTRY.match(country):
        raise InvalidInput("Enter the country that issued the document as a two- or three-letter code, e.g. GB.")
    if not has_verified_phone(actor):
        raise PermissionDenied("Verify your phone number first: it is the first step of identity verification.")
    with transaction.atomic():
        open_one = (
            IdentityVerification.objects.select_for_update()
            .filter(user_id=actor.pk, status__in=OPEN_STATUSES)
            .order_by("-pk")
            .first()
        )
        if open_one is not None:
            if open_one.status not in UPLOAD_STATUSES:
                raise Conflict("Your documents are already being checked; you cannot change them now.")
            changes: dict[str, Any] = {"document_country": country}
            if open_one.document_type != document_type:
                # Another document: the photos of the first one are no longer wanted.
                _set_purge_after(image_ids(open_one), clock.now())
                changes.update(document_type=document_type, front=None, back=None, selfie=None)
            for name, value in changes.items():
                setattr(open_one, name, value)
            open_one.save(update_fields=list(changes))
            record_audit(
                actor=actor,
                action="identity.verification_document_chosen",
                target=open_one,
                data={"document_type": document_type, "country": country},
            )
            return open_one
        if verifications_of(actor).filter(
            status=VS.VERIFIED
        ).exists() and not stepup_queries.identity_reverification_wanted(actor):
            raise Conflict("Your identity is already verified.")
        since = clock.now() - dt.timedelta(days=30)
        if verifications_of(actor).filter(created_at__gte=since).count() >= MAX_ATTEMPTS_PER_30_DAYS:
            raise RateLimited("You have started identity verification too often. Try again in a few weeks.")
        provider = (
            VerificationProvider.STRIPE
            if identity_setting("VERIFICATION_PROVIDER") == VerificationProvider.STRIPE
            else VerificationProvider.WORKFAIR
        )
        verification = IdentityVerification.objects.create(
            user_id=actor.pk,
            document_type=document_type,
            document_country=country,
            provider=provider,
            created_at=clock.now(),
        )
        record_audit(
            actor=actor,
            action="identity.verification_started",
            target=verification,
            data={"document_type": document_type, "country": country, "provider": provider},
        )
    return verification


def do_upload_document(
    *, actor: Any, verification: IdentityVerification, side: str, upload: bytes | IO[bytes]
) -> IdentityVerification:
    """Store one photo (front, back or selfie), sealed. The upload is decoded and re-encoded by
    `images.load_upload` first; a bad file is refused (InvalidInput) and nothing is stored."""
    if verification.user_id != getattr(actor, "pk", None):
        raise NotFound("Verification not found.")
    if side not in SIDES:
        raise InvalidInput("Upload the front, the back or the selfie.")
    if verification.provider != VerificationProvider.WORKFAIR:
        raise InvalidInput("This verification is done with the outside provider; upload your documents there.")
    if side == "back" and verification.document_type not in TWO_SIDED:
        raise InvalidInput("A passport has no back side to upload.")
    if verification.status not in UPLOAD_STATUSES:
        raise InvalidTransition("Your documents have been sent for checking; they cannot be changed now.")
    safe = images.load_upload(upload)  # raises InvalidInput with the reason: nothing stored
    ratelimits.consume("upload", user_id=actor.pk)
    with transaction.atomic():
        locked = _lock(verification)
        if locked.status not in UPLOAD_STATUSES:
            raise InvalidTransition("Your documents have been sent for checking; they cannot be changed now.")
        sealed = sealing.seal(actor, SIDES[side], safe.jpeg, "image/jpeg")
        # Until a decision, a draft's photos go after the retention period even if never submitted.
        SealedFile.objects.filter(pk=sealed.pk).update(purge_after=clock.now() + retention())
        previous = getattr(locked, f"{side}_id")
        if previous:
            _set_purge_after([previous], clock.now())  # replaced: the old photo goes at the next purge
        if locked.status == VS.CHECKS_FAILED:
            transition(
                locked,
                VS.DRAFT,
                table=_table(),
                actor=actor,
                reason=f"new {side} photo",
                extra_updates={f"{side}_id": sealed.pk},
            )
        else:
            setattr(locked, f"{side}_id", sealed.pk)
            locked.save(update_fields=[f"{side}_id"])
        record_audit(
            actor=actor,
            action="identity.verification_uploaded",
            target=locked,
            data={"side": side, "sealed_file": sealed.pk, "width": safe.width, "height": safe.height},
        )
    _copy(locked, verification)
    return verification


def _table() -> dict[str, frozenset[str]]:
    from workfair.identity.states import VERIFICATION_TRANSITIONS

    return VERIFICATION_TRANSITIONS


def _copy(source: IdentityVerification, target: IdentityVerification) -> None:
    if source is not target:
        for f in IdentityVerification._meta.concrete_fields:
            setattr(target, f.attname, getattr(source, f.attname))


class VerificationBlocked(PermissionDenied):
    """The identity graph and the trust engine refused the submission (the decision is kept)."""


def clean_declared(
    *, document_number: str = "", expiry: str | dt.date | None = None, date_of_birth: str | dt.date | None = None
) -> dict[str, Any]:
    """What the person typed from the document (used where the machine-readable lines are not read)."""
    declared: dict[str, Any] = {}
    number = re.sub(r"[\s.\-/]", "", (document_number or "").strip().upper())
    if number:
        if not re.fullmatch(r"[A-Z0-9<]{3,40}", number):
            raise InvalidInput("The document number has letters and digits only, as printed on the document.")
        declared["document_number"] = number
    for name, value, label in (("expiry", expiry, "expiry date"), ("date_of_birth", date_of_birth, "date of birth")):
        if value in (None, ""):
            continue
        if isinstance(value, dt.date):
            declared[name] = value
            continue
        try:
            declared[name] = dt.date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise InvalidInput(f"Enter the {label} as YYYY-MM-DD.") from exc
    birth = declared.get("date_of_birth")
    if birth is not None and not dt.date(1900, 1, 1) <= birth <= clock.today():
        raise InvalidInput("The date of birth is not a real one.")
    return declared


def do_submit_verification(
    *, actor: Any, verification: IdentityVerification, declared: Mapping[str, Any] | None = None
) -> IdentityVerification:
    """Run the automatic checks on the uploaded photos; passed: check the identity graph and send
    the documents to a reviewer (IN_REVIEW); failed: CHECKS_FAILED with what to retake. A "block"
    from the trust engine rejects the verification (committed) and then raises VerificationBlocked.
    `declared`: what the person typed from the document (see `clean_declared`)."""
    if verification.user_id != getattr(actor, "pk", None):
        raise NotFound("Verification not found.")
    if verification.provider != VerificationProvider.WORKFAIR:
        raise InvalidInput("This verification is done with the outside provider.")
    if verification.status == VS.CHECKS_FAILED:
        raise InvalidTransition("Upload new photos where the checks failed, then send them again.")
    if verification.status != VS.DRAFT:
        raise InvalidTransition("These documents have already been sent.")
    missing = missing_sides(verification)
    if missing:
        raise InvalidInput("Upload " + ", ".join(SIDE_LABELS[s].lower() for s in missing) + " first.")

    pictures = {
        side: images.load_upload(
            sealing.open_sealed(getattr(verification, side), actor=None, reason="automatic document checks")
        )
        for side in required_sides(verification)
    }
    user = verification.user
    profile = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_of_birth": getattr(user, "date_of_birth", None),
    }
    report = _document_checks()(
        pictures["front"],
        pictures.get("back"),
        pictures["selfie"],
        document_type=verification.document_type,
        profile=profile,
        mrz_text=None,
        declared={**(declared or {}), "country": verification.document_country},
    )
    results = [
        {
            "name": str(_field(r, "name", "")),
            "passed": bool(_field(r, "passed")),
            "message": str(_field(r, "message", "")),
            "blocking": bool(_field(r, "blocking", True)),
            "ran": bool(_field(r, "ran", True)),
        }
        for r in (_field(report, "results") or [])
    ]
    passed = bool(_field(report, "passed"))
    extracted = dict(_field(report, "extracted") or {})
    document_hash = str(_field(report, "document_hash") or "") or images.perceptual_hash(pictures["front"])
    face_hash = str(_field(report, "face_hash") or "") or images.perceptual_hash(pictures["selfie"])
    blocked = False
    now = clock.now()
    with transaction.atomic():
        locked = _lock(verification)
        if locked.status != VS.DRAFT or image_ids(locked) != image_ids(verification):
            raise InvalidTransition("These documents changed or were already sent; look at the page again.")
        if not passed:
            transition(
                locked,
                VS.CHECKS_FAILED,
                table=_table(),
                actor=actor,
                reason="automatic checks failed",
                extra_updates={"checks": results, "submitted_at": now},
            )
            _copy(locked, verification)
            return verification

        country = str(extracted.get("country") or locked.document_country).upper()
        number = str(extracted.get("document_number") or "")
        identifiers: list[tuple[str, str]] = []
        number_hash = ""
        if number:
            from workfair.identity.graph.hashing import identifier_hash, normalize_document

            try:
                normalized = normalize_document(country, number)
            except InvalidInput:
                results.append(
                    {
                        "name": "document_number",
                        "passed": False,
                        "blocking": False,
                        "message": "The document number could not be read clearly; the reviewer checks it.",
                    }
                )
            else:
                number_hash = identifier_hash(IdentifierKind.DOCUMENT, normalized)
                identifiers.append((IdentifierKind.DOCUMENT, normalized))
        identifiers += [(IdentifierKind.DOCUMENT_IMAGE, document_hash), (IdentifierKind.FACE, face_hash)]
        details = sealing.seal(
            actor,
            SealedPurpose.DETAILS,
            json.dumps({**extracted, "country": country}, default=str, sort_keys=True).encode(),
            "application/json",
        )
        transition(
            locked,
            VS.IN_REVIEW,
            table=_table(),
            actor=actor,
            reason="automatic checks passed",
            extra_updates={
                "checks": results,
                "submitted_at": now,
                "details": details,
                "document_number_hash": number_hash,
                "document_country": country,
            },
        )
        _set_purge_after(image_ids(locked), None)  # kept while a person reviews

        from workfair.identity.graph.actions import check_identifiers

        signal = check_identifiers(
            user,
            identifiers,
            signal_kind="identity.submitted",
            target_type="identity.verification",
            target_id=str(locked.pk),
        )
        trust = _trust()
        if signal.outcome == "block":
            blocked = True
            reason = (
                "The trust engine refused these documents: they are linked to an account that may not use Workfair."
            )
            transition(
                locked,
                VS.REJECTED,
                table=_table(),
                actor=None,
                reason=reason,
                extra_updates={"decided_at": now, "decision_reason": reason},
            )
            schedule_image_purge(locked, now)
        else:
            risk = 80 if signal.outcome == "hold" else 40 if signal.outcome in ("warn", "mask") else 20
            case_id = trust.open_case(
                queue=trust.Queue.IDENTITY,
                title=f"Identity documents: {locked.get_document_type_display()}",
                subject_id=user.pk,
                target_type="identity.verification",
                target_id=str(locked.pk),
                risk=risk,
            )
            IdentityVerification.objects.filter(pk=locked.pk).update(case_id=case_id)
            locked.case_id = case_id
    _copy(locked, verification)
    if blocked:
        raise VerificationBlocked(
            "We cannot verify these documents: they are linked to another account that may not use Workfair. "
            "Read the decision in your account standing to appeal."
        )
    return verification


def do_cancel_verification(*, actor: Any, verification: IdentityVerification) -> IdentityVerification:
    """The person stops: the photos are deleted at the next purge."""
    if verification.user_id != getattr(actor, "pk", None):
        raise NotFound("Verification not found.")
    with transaction.atomic():
        locked = _lock(verification)
        transition(
            locked,
            VS.CANCELLED,
            table=_table(),
            actor=actor,
            reason="cancelled by the person",
            extra_updates={"decided_at": clock.now()},
            error_message="This verification can no longer be cancelled.",
        )
        _set_purge_after(image_ids(locked), clock.now())
    _copy(locked, verification)
    return verification


def do_expire_unfinished_verifications() -> int:
    """Cancel the verifications whose live video check was not booked by their deadline
    (`video_due_at`): the photos are deleted at the next purge, the person is told and can start
    again. A booked call is left alone (the agent records how it went). Idempotent; returns how
    many were cancelled."""
    now = clock.now()
    due = IdentityVerification.objects.filter(status=VS.VIDEO_REQUIRED, video_due_at__lte=now)
    expired = 0
    for pk in due.values_list("pk", flat=True).order_by("pk")[:1000]:
        with transaction.atomic():
            locked = IdentityVerification.objects.select_for_update().get(pk=pk)
            if locked.status != VS.VIDEO_REQUIRED or locked.video_due_at is None or locked.video_due_at > now:
                continue  # booked or moved on since the query
            reason = "The live video check was not done in time; the photos are deleted."
            transition(locked, VS.CANCELLED, table=_table(), actor=None, reason=reason,
                       extra_updates={"decided_at": now, "decision_reason": reason})  # fmt: skip
            _set_purge_after(image_ids(locked), now)
            notify(
                locked.user,
                title="Your identity verification expired",
                body="The live video check was not booked in time, so we deleted your document photos. "
                "You can start again whenever you like.",
            )
            expired += 1
    return expired


def do_review_verification(
    *, actor: Any, verification: IdentityVerification, approve: bool, reason: str
) -> IdentityVerification:
    """A moderator's decision on the documents: approve -> the person books a live video check;
    reject -> REJECTED (the images go after the retention period). Closes the trust case."""
    from workfair.trust.interface import StaffRole, require_role

    require_role(actor, StaffRole.MODERATOR)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why: the person reads the reason when documents are rejected.")
    if verification.user_id == actor.pk:
        raise PermissionDenied("You cannot review your own identity documents.")
    now = clock.now()
    with transaction.atomic():
        locked = _lock(verification)
        if locked.status != VS.IN_REVIEW:
            raise InvalidTransition("This verification is not waiting for a review (it was decided already).")
        to = VS.VIDEO_REQUIRED if approve else VS.REJECTED
        updates: dict[str, Any] = {"reviewed_by": actor, "decision_reason": reason[:5000]}
        if approve:
            updates["video_due_at"] = video_due(now)
        else:
            updates["decided_at"] = now
        transition(locked, to, table=_table(), actor=actor, reason=reason, extra_updates=updates)
        if not approve:
            schedule_image_purge(locked, now)
        if locked.case_id:
            _trust().close_case(
                actor=actor, case_id=locked.case_id, resolution="approve" if approve else "remove", reason=reason
            )
        if approve:
            notify(
                locked.user,
                title="Your documents were approved: book a live video check",
                body="A reviewer checked your documents. The last step is a short live video call with our "
                "team; choose a time that suits you.",
                url="/account/verification/video/",
            )
        else:
            notify(
                locked.user,
                title="We could not verify your identity",
                body=f"A reviewer could not accept your documents. Reason: {reason}",
            )
    _copy(locked, verification)
    return verification
