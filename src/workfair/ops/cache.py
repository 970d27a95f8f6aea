"""Django's Redis cache, counted and timed for Prometheus.

django-prometheus ships a counted Redis cache only for the django-redis package; this is the same
for Django's own backend (the one settings use when REDIS_URL is set).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django_prometheus.cache.metrics import (
    django_cache_get_fail_total,
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)
from prometheus_client import Histogram

CACHE_SECONDS = Histogram(
    "workfair_cache_operation_seconds",
    "Time a cache call took, by operation",
    ["backend", "operation"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
_BACKEND = "redis"
_MISSING = object()


class RedisCache(DjangoRedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        django_cache_get_total.labels(backend=_BACKEND).inc()
        started = time.perf_counter()
        try:
            value = super().get(key, _MISSING, version=version)
        except Exception:
            django_cache_get_fail_total.labels(backend=_BACKEND).inc()
            raise
        finally:
            CACHE_SECONDS.labels(backend=_BACKEND, operation="get").observe(time.perf_counter() - started)
        if value is _MISSING:
            django_cache_misses_total.labels(backend=_BACKEND).inc()
            return default
        django_cache_hits_total.labels(backend=_BACKEND).inc()
        return value

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        with CACHE_SECONDS.labels(backend=_BACKEND, operation="set").time():
            super().set(key, value, timeout=timeout, version=version)
