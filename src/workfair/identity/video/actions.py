"""The live video check, the last step of identity verification: staff open time slots, the person
books one (a meeting link with an unguessable token), an agent runs the call with a fixed checklist
and records the outcome. Passed: verified, the "Identity verified" badge, the verified name, and the
trust engine's verification requirement lifted."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from workfair.core.transitions import transition
from workfair.identity.badges import actions as badges
from workfair.identity.models import IdentityVerification, VideoCheck, VideoSlot
from workfair.identity.sealing import envelope as sealing
from workfair.identity.states import (
    VERIFICATION_TRANSITIONS,
    VIDEO_TRANSITIONS,
    BadgeKind,
    VerificationStatus,
    VideoCheckStatus,
)
from workfair.identity.stepup import actions as stepup
from workfair.identity.verification.actions import (
    identity_setting,
    notify,
    schedule_image_purge,
    video_due_after_return,
)
from workfair.identity.video.queries import BOOKING_LEAD

VS = VerificationStatus

# What the agent confirms during the call; all must hold for a pass.
CHECKLIST: dict[str, str] = {
    "face_matches": "The face matches the document photo and the selfie",
    "document_live": "The document was shown live, with its security features (hologram, tilt)",
    "name_and_birth_date": "Name and date of birth confirmed verbally and match the document",
    "no_coaching": "No sign of a third person coaching or a replayed video",
    "liveness": "Liveness: turned the head on request",
}

MAX_SLOTS_PER_CALL = 200


def _require_agent(actor: Any) -> None:
    from workfair.trust.interface import StaffRole, require_role

    require_role(actor, StaffRole.MODERATOR)


# --- staff: slots ---------------------------------------------------------------------------------------


def day_range(day: dt.date, *, start: dt.time, end: dt.time, minutes: int = 15) -> list[dt.datetime]:
    """Start times every `minutes` from `start` to `end` (UTC) on `day`."""
    if minutes < 5:
        raise InvalidInput("A video check takes at least 5 minutes.")
    begin = dt.datetime.combine(day, start, tzinfo=dt.UTC)
    stop = dt.datetime.combine(day, end, tzinfo=dt.UTC)
    if stop <= begin:
        raise InvalidInput("The end of the range must be after its start.")
    out = []
    at = begin
    while at + dt.timedelta(minutes=minutes) <= stop:
        out.append(at)
        at += dt.timedelta(minutes=minutes)
    return out


def do_open_video_slots(
    *, actor: Any, starts_at: Iterable[dt.datetime], minutes: int = 15, capacity: int = 1, agent: Any = None
) -> list[VideoSlot]:
    """Open slots at the given start times (a moderator or above). Times already opened by the same
    agent are skipped, so opening the same day twice adds nothing."""
    _require_agent(actor)
    times = sorted(set(starts_at))
    if not times:
        raise InvalidInput("Give at least one start time.")
    if len(times) > MAX_SLOTS_PER_CALL:
        raise InvalidInput(f"Open at most {MAX_SLOTS_PER_CALL} slots at once.")
    if not 5 <= minutes <= 120:
        raise InvalidInput("A video check takes from 5 to 120 minutes.")
    if not 1 <= capacity <= 20:
        raise InvalidInput("A slot has from 1 to 20 places.")
    now = clock.now()
    for t in times:
        if timezone.is_naive(t):
            raise InvalidInput("Start times need a time zone.")
        if t <= now:
            raise InvalidInput("Slots can only be opened in the future.")
    agent = agent or actor
    created = []
    with transaction.atomic():
        existing = set(VideoSlot.objects.filter(agent=agent, starts_at__in=times).values_list("starts_at", flat=True))
        for t in times:
            if t in existing:
                continue
            slot = VideoSlot.objects.create(starts_at=t, minutes=minutes, capacity=capacity, agent=agent)
            created.append(slot)
        if created:
            record_audit(
                actor=actor,
                action="identity.video_slots_opened",
                target=created[0],
                data={
                    "count": len(created),
                    "first": created[0].starts_at.isoformat(),
                    "last": created[-1].starts_at.isoformat(),
                    "agent": agent.pk,
                },
            )
    return created


def do_close_video_slot(*, actor: Any, slot: VideoSlot) -> None:
    """Remove a slot nobody has booked."""
    _require_agent(actor)
    with transaction.atomic():
        locked = VideoSlot.objects.select_for_update().get(pk=slot.pk)
        if locked.bookings.exists():
            raise Conflict("This slot has bookings: cancel them first.")
        record_audit(
            actor=actor,
            action="identity.video_slot_closed",
            target=locked,
            data={"starts_at": locked.starts_at.isoformat()},
        )
        locked.delete()


# --- the person: booking ------------------------------------------------------------------------------


def meeting_url() -> str:
    """A meeting link with an unguessable token (WORKFAIR_IDENTITY["MEETING_URL"] has `{token}`)."""
    template = str(identity_setting("MEETING_URL") or "https://meet.jit.si/workfair-{token}")
    token = secrets.token_urlsafe(24)
    return template.format(token=token) if "{token}" in template else f"{template.rstrip('/')}/{token}"


def _when(slot: VideoSlot) -> str:
    return slot.starts_at.astimezone(dt.UTC).strftime("%A %d %B %Y at %H:%M UTC")


def do_book_video_check(*, actor: Any, verification: IdentityVerification, slot: VideoSlot) -> VideoCheck:
    """Book `slot` for the live check of the actor's verification (status VIDEO_REQUIRED)."""
    if verification.user_id != getattr(actor, "pk", None):
        raise NotFound("Verification not found.")
    with transaction.atomic():
        check = _book(actor, verification, slot)
    return check


def _book(actor: Any, verification: IdentityVerification, slot: VideoSlot) -> VideoCheck:
    locked_slot = VideoSlot.objects.select_for_update().filter(pk=slot.pk).first()
    if locked_slot is None:
        raise NotFound("That time slot does not exist.")
    if locked_slot.starts_at < clock.now() + BOOKING_LEAD:
        raise InvalidInput("That time has passed or is too close: choose a later one.")
    locked = IdentityVerification.objects.select_for_update().get(pk=verification.pk)
    if locked.status == VS.VIDEO_BOOKED:
        raise Conflict("You already have a video check booked: cancel or move it instead.")
    if locked.status != VS.VIDEO_REQUIRED:
        raise InvalidTransition("A video check can be booked once your documents are approved.")
    taken = locked_slot.bookings.exclude(status=VideoCheckStatus.CANCELLED).count()
    if taken >= locked_slot.capacity:
        raise Conflict("Someone else has just booked that time: choose another one.")
    try:
        with transaction.atomic():
            check = VideoCheck.objects.create(
                verification=locked, slot=locked_slot, meeting_url=meeting_url(), booked_at=clock.now()
            )
    except IntegrityError as exc:  # one open booking per verification
        raise Conflict("You already have a video check booked.") from exc
    transition(locked, VS.VIDEO_BOOKED, table=VERIFICATION_TRANSITIONS, actor=actor, reason="video check booked")
    record_audit(
        actor=actor,
        action="identity.video_booked",
        target=check,
        data={"slot": locked_slot.pk, "starts_at": locked_slot.starts_at.isoformat()},
    )
    notify(
        locked.user,
        title=f"Live video check booked: {_when(locked_slot)}",
        body=f"Your identity video check is on {_when(locked_slot)} and takes about {locked_slot.minutes} "
        f"minutes. Join with this link: {check.meeting_url} . Have the document you uploaded with you.",
        url="/account/verification/video/",
    )
    _copy_verification(locked, verification)
    return check


def _copy_verification(source: IdentityVerification, target: IdentityVerification) -> None:
    if source is not target:
        for f in IdentityVerification._meta.concrete_fields:
            setattr(target, f.attname, getattr(source, f.attname))


def _cancel(actor: Any, check: VideoCheck, *, reason: str) -> IdentityVerification:
    locked = VideoCheck.objects.select_for_update().get(pk=check.pk)
    transition(
        locked,
        VideoCheckStatus.CANCELLED,
        table=VIDEO_TRANSITIONS,
        actor=actor,
        reason=reason,
        error_message="This video check is over or was already cancelled.",
    )
    verification = IdentityVerification.objects.select_for_update().get(pk=locked.verification_id)
    transition(verification, VS.VIDEO_REQUIRED, table=VERIFICATION_TRANSITIONS, actor=actor, reason=reason,
               extra_updates={"video_due_at": video_due_after_return(verification)})  # fmt: skip
    check.status = locked.status
    return verification


def do_cancel_video_check(*, actor: Any, check: VideoCheck) -> VideoCheck:
    """The person (or staff) cancels a booking; the person can book another time."""
    from workfair.trust.interface import StaffRole, has_role

    owner_id = check.verification.user_id
    by_staff = has_role(actor, StaffRole.MODERATOR) and getattr(actor, "pk", None) != owner_id
    if getattr(actor, "pk", None) != owner_id and not by_staff:
        raise NotFound("Video check not found.")
    with transaction.atomic():
        verification = _cancel(actor, check, reason="cancelled by staff" if by_staff else "cancelled by the person")
        if by_staff:
            notify(
                verification.user,
                title="Your live video check was cancelled",
                body="Our team had to cancel your video check. Please choose another time.",
                url="/account/verification/video/",
            )
    return check


def do_rebook_video_check(*, actor: Any, check: VideoCheck, slot: VideoSlot) -> VideoCheck:
    """Move a booking to another slot in one step (the old place is freed only if the new one is free)."""
    if check.verification.user_id != getattr(actor, "pk", None):
        raise NotFound("Video check not found.")
    if slot.pk == check.slot_id:
        raise InvalidInput("That is the time you already have.")
    with transaction.atomic():
        verification = _cancel(actor, check, reason="moved to another time")
        new_check = _book(actor, verification, slot)
    return new_check


# --- the agent: outcome ------------------------------------------------------------------------------


def _clean_checklist(checklist: Mapping[str, Any]) -> dict[str, bool]:
    unknown = set(checklist) - set(CHECKLIST)
    if unknown:
        raise InvalidInput(f"Unknown checklist items: {', '.join(sorted(unknown))}.")
    return {key: bool(checklist.get(key)) for key in CHECKLIST}


def _document_name(verification: IdentityVerification, agent: Any) -> tuple[str, str] | None:
    """First and last name read from the document (sealed details); None when not available."""
    if verification.details is None or verification.details.purged_at is not None:
        return None
    try:
        raw = sealing.open_sealed(verification.details, actor=agent, reason="verified name after the video check")
        details = json.loads(raw)
    except (sealing.SealBroken, ValueError, NotFound):
        return None
    first = str(details.get("given_names") or details.get("first_name") or "").strip()
    last = str(details.get("surname") or details.get("last_name") or "").strip()
    return (first.title(), last.title()) if first or last else None


def _set_verified_name(user: Any, verification: IdentityVerification, agent: Any) -> None:
    """Record the verified name through accounts' `do_set_verified_name` when that action exists (it
    owns the name fields). The account's own spelling is kept when it has one: the checks, the
    reviewer and the agent compared it with the document; else the name read from the document."""
    from workfair.accounts import actions as accounts_actions

    setter = getattr(accounts_actions, "do_set_verified_name", None)
    if setter is None:
        return
    first, last = user.first_name.strip(), user.last_name.strip()
    if not (first or last):
        first, last = _document_name(verification, agent) or ("", "")
    if not (first or last):
        return
    params = inspect.signature(setter).parameters
    if "first_name" in params:
        setter(user, first_name=first, last_name=last, actor=agent)
    else:
        setter(user, f"{first} {last}".strip(), actor=agent)


def do_record_video_outcome(
    *, actor: Any, check: VideoCheck, passed: bool, checklist: Mapping[str, Any], note: str = "", no_show: bool = False
) -> VideoCheck:
    """The agent records the call. Passed or no-show only once the slot has started (before:
    InvalidInput, nothing changes); passed needs every checklist item; failed needs a note.
    passed -> VERIFIED + badge + verified name + trust requirement lifted; failed -> REJECTED;
    no_show -> back to VIDEO_REQUIRED (the person books again)."""
    _require_agent(actor)
    items = _clean_checklist(checklist)
    note = (note or "").strip()
    if passed and no_show:
        raise InvalidInput("A check cannot be both passed and missed.")
    if passed and not all(items.values()):
        missing = [CHECKLIST[k].split(":")[0].lower() for k, v in items.items() if not v]
        raise InvalidInput("A pass needs every item of the checklist. Not confirmed: " + "; ".join(missing) + ".")
    if not passed and not no_show and not note:
        raise InvalidInput("Say why the check failed: the person reads it.")
    now = clock.now()
    with transaction.atomic():
        locked = VideoCheck.objects.select_for_update().select_related("slot").get(pk=check.pk)
        verification = IdentityVerification.objects.select_for_update().get(pk=locked.verification_id)
        if verification.user_id == actor.pk:
            raise InvalidInput("You cannot run your own video check.")
        if locked.status != VideoCheckStatus.BOOKED:
            raise InvalidTransition("The outcome of this video check has already been recorded.")
        if (passed or no_show) and now < locked.slot.starts_at:
            # The call has not happened yet: nobody can have passed it or missed it.
            starts = locked.slot.starts_at.astimezone(dt.UTC).strftime("%d %B %Y at %H:%M UTC")
            what = "A no-show" if no_show else "A pass"
            raise InvalidInput(f"{what} can only be recorded once the slot has started ({starts}).")
        to = VideoCheckStatus.PASSED if passed else VideoCheckStatus.NO_SHOW if no_show else VideoCheckStatus.FAILED
        transition(
            locked,
            to,
            table=VIDEO_TRANSITIONS,
            actor=actor,
            reason=note[:500],
            extra_updates={"checklist": items, "outcome_note": note[:5000], "recorded_by": actor, "recorded_at": now},
        )
        user = verification.user
        if passed:
            transition(
                verification,
                VS.VERIFIED,
                table=VERIFICATION_TRANSITIONS,
                actor=actor,
                reason="video check passed",
                extra_updates={"decided_at": now},
            )
            schedule_image_purge(verification, now)
            badges.do_grant_badge(user, BadgeKind.IDENTITY_VERIFIED, actor=actor)
            _set_verified_name(user, verification, actor)
            from workfair.trust import interface as trust

            trust.clear_verification_requirement(user, actor=actor)
            stepup.complete_identity_step_ups(user, actor=actor)
            notify(
                user,
                title="Your identity is verified",
                body="You passed the live video check. Your profile now shows the Identity verified badge.",
            )
        elif no_show:
            transition(
                verification,
                VS.VIDEO_REQUIRED,
                table=VERIFICATION_TRANSITIONS,
                actor=actor,
                reason="did not attend the video check",
                extra_updates={"video_due_at": video_due_after_return(verification)},
            )
            notify(
                user,
                title="You missed your live video check",
                body="We did not see you at the video check. Choose another time to finish verifying your identity.",
                url="/account/verification/video/",
            )
        else:
            transition(
                verification,
                VS.REJECTED,
                table=VERIFICATION_TRANSITIONS,
                actor=actor,
                reason=note[:500],
                extra_updates={"decided_at": now, "decision_reason": note[:5000]},
            )
            schedule_image_purge(verification, now)
            notify(
                user,
                title="We could not verify your identity",
                body=f"The live video check did not pass. Reason: {note}",
            )
    for f in VideoCheck._meta.concrete_fields:
        setattr(check, f.attname, getattr(locked, f.attname))
    return check
