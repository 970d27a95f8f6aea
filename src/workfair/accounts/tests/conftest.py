from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    # allauth keeps its rate-limit counters in the cache; each test starts with a clean budget.
    cache.clear()
    yield
    cache.clear()
