"""Reads of live video checks: free slots, the person's own booking, and the booked checks for the
console (staff callers check the role first, `staff.queries`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from workfair.core import clock
from workfair.core.errors import NotFound
from workfair.identity.models import IdentityVerification, VideoCheck, VideoSlot
from workfair.identity.states import (
    VideoCheckStatus,
)

# A slot can be booked until this long before it starts.
BOOKING_LEAD = dt.timedelta(minutes=30)


# Bookings that hold a place in a slot (a cancelled one frees it).
HOLDING = [s for s in VideoCheckStatus.values if s != VideoCheckStatus.CANCELLED]


def slots_with_use() -> QuerySet[VideoSlot]:
    return VideoSlot.objects.annotate(taken=Count("bookings", filter=Q(bookings__status__in=HOLDING)))


def available_slots(*, limit: int = 100) -> list[VideoSlot]:
    """Future slots with a free place, soonest first."""
    earliest = clock.now() + BOOKING_LEAD
    qs = slots_with_use().filter(starts_at__gte=earliest).order_by("starts_at", "pk")
    return [s for s in qs[: limit * 4] if s.taken < s.capacity][:limit]  # type: ignore[attr-defined]


def open_check(verification: IdentityVerification) -> VideoCheck | None:
    return (
        VideoCheck.objects.select_related("slot")
        .filter(verification=verification, status=VideoCheckStatus.BOOKED)
        .first()
    )


def access_video_check_by_id(actor: Any, check_id: int) -> VideoCheck:
    """The person's own booking; anyone else's is NotFound (staff use the console's queries)."""
    found = VideoCheck.objects.select_related("slot", "verification").filter(pk=check_id).first()
    if found is None or found.verification.user_id != getattr(actor, "pk", None):
        raise NotFound("Video check not found.")
    return found


def access_slot_by_id(slot_id: int) -> VideoSlot:
    found = VideoSlot.objects.filter(pk=slot_id).first()
    if found is None:
        raise NotFound("That time slot does not exist.")
    return found


def agent_schedule(*, day: dt.date | None = None) -> QuerySet[VideoCheck]:
    """Booked checks (of a day, else from now on), for the console."""
    qs = VideoCheck.objects.select_related("slot", "verification__user").filter(status=VideoCheckStatus.BOOKED)
    if day is not None:
        start = dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)
        qs = qs.filter(slot__starts_at__gte=start, slot__starts_at__lt=start + dt.timedelta(days=1))
    return qs.order_by("slot__starts_at", "pk")
