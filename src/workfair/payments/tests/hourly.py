"""Builders for the hourly tests: an hourly contract started on a known Monday, and moments of
its weeks (the week of 2 Nov 2026 closes Monday 9 Nov 00:00 UTC, locks 12:00, its review window
ends Saturday 14 Nov 00:00, its money is available Thursday 19 Nov 00:00)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workfair.contracts.models import Contract
from workfair.contracts.tests.factories import started_contract
from workfair.core import clock
from workfair.payments import actions
from workfair.payments.models import TimeEntry

MONDAY = dt.date(2026, 11, 2)
RATE = 4_500  # the factory's hourly offer: 45.00 an hour, 20 hours a week


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def days(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def hourly_contract() -> Contract:
    with clock.frozen_at(at(MONDAY, 8)):
        return started_contract(hourly=True)


def log(contract: Contract, day: dt.date, minutes: int, memo: str = "Built the thing", **kwargs: Any) -> TimeEntry:
    return actions.do_log_time(
        actor=contract.freelancer,
        contract_type="contracts.contract",
        contract_id=contract.pk,
        date=day,
        minutes=minutes,
        memo=memo,
        **kwargs,
    )
