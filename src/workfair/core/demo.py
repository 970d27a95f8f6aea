"""The seeding context that every step of the demo marketplace shares (`workfair.demo`).

A step is a function of one `SeedContext`: it draws from the context's random generator, runs its
actions at moved clocks (`at`, `later`) and scales its numbers by `scale`. Core knows no domain, so
what a step builds for the steps after it (the people, the categories, ...) lives in a dataclass of
that domain's own `demo.py`, kept here by type: `context.built(People)` is the same object for
every step, made empty the first time it is asked for.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar, cast

from workfair.core import clock

# The youngest event is this long before "now", so nothing the demo builds lies in the future.
MIN_AGO_DAYS = 0.02

Built = TypeVar("Built")


class SeedContext:
    """The random generator, the seed's "now", the scale and what the steps so far built."""

    def __init__(self, *, rng: random.Random, now: dt.datetime, scale: float) -> None:
        self.rng = rng
        self.now = now
        self.scale = scale
        self._built: dict[type, object] = {}

    @contextmanager
    def at(self, days_ago: float) -> Iterator[None]:
        """Run the block with the clock at `days_ago` days before the seed's "now"."""
        with clock.frozen_at(self.now - dt.timedelta(days=max(days_ago, MIN_AGO_DAYS))):
            yield

    def later(self, days_ago: float, low: float, high: float) -> float:
        """A moment `low`..`high` days after `days_ago`, never closer to now than MIN_AGO_DAYS."""
        return max(days_ago - self.rng.uniform(low, high), MIN_AGO_DAYS)

    def built(self, kind: type[Built]) -> Built:
        """The steps' record of `kind` (a dataclass whose fields all have defaults)."""
        if kind not in self._built:
            self._built[kind] = kind()
        return cast(Built, self._built[kind])
