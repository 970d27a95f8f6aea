"""The one source of time. Tests move it with `frozen_at` or `advance` (weeks, SLAs, expiry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_offset = dt.timedelta(0)
_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """Aware UTC now, as the clock sees it (moved by tests, real otherwise)."""
    if _frozen is not None:
        return _frozen
    return timezone.now() + _offset


def today() -> dt.date:
    return now().date()


@contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[None]:
    """Freeze the clock at `moment` (aware) for the duration of the block."""
    global _frozen
    previous = _frozen
    _frozen = moment
    try:
        yield
    finally:
        _frozen = previous


@contextmanager
def advanced(by: dt.timedelta) -> Iterator[None]:
    """Move the clock forward by `by` for the duration of the block."""
    global _offset, _frozen
    previous_offset, previous_frozen = _offset, _frozen
    if _frozen is not None:
        _frozen = _frozen + by
    else:
        _offset = _offset + by
    try:
        yield
    finally:
        _offset, _frozen = previous_offset, previous_frozen
