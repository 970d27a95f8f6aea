"""Identity's part of the demo marketplace: everyone has verified a phone, and the staff account
offers live video checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from workfair.accounts.demo import People
from workfair.core.demo import SeedContext
from workfair.identity.interface import do_open_video_slots, do_record_verified_phone, video_day_range


@dataclass
class Phones:
    recorded: int = 0


def verify_phone(context: SeedContext, user: Any) -> None:
    """Everyone in the demo has verified a phone (needed to post and to bid): numbers of a mobile
    range, recorded without sending anything."""
    phones = context.built(Phones)
    phones.recorded += 1
    do_record_verified_phone(user=user, raw_number=f"+44 7400 1{phones.recorded:05d}", source="demo seed")


def build_video_slots(context: SeedContext) -> None:
    """Live video checks can be booked with the staff account on the next working days, 09:00-12:00 UTC."""
    admin = context.built(People).admin
    if admin is None:
        return
    day = context.now.date()
    times: list[dt.datetime] = []
    while len(times) < 36:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            times += video_day_range(day, start=dt.time(9), end=dt.time(12), minutes=20)
    do_open_video_slots(actor=admin, starts_at=times, agent=admin)
