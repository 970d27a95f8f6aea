"""The task queue as the operator sees it in `/metrics`: how many tasks wait, and for how long.

- `workfair_task_queue_depth{queue}`: tasks waiting in the broker's queue (RabbitMQ or Redis),
  asked of the broker with a passive declare (it creates nothing and takes nothing).
- `workfair_task_queue_waiting_seconds{queue}`: how long the queue has held tasks without being
  seen empty; 0 when it is empty. The broker does not say when its oldest message arrived, so this
  is an upper bound of the oldest task's wait: alert when it keeps growing.
- `workfair_task_queue_broker_up`: 1 when the broker answered the last look, 0 when it did not.

One look at the broker serves every process and scrape for QUEUE_CACHE_SECONDS: it is kept in the
shared cache, beside the moment the queue was first seen holding tasks. Without a broker (tasks run
in-process) the families are there with no samples.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from prometheus_client.core import GaugeMetricFamily, Metric

QUEUE_CACHE_SECONDS = 10
BROKER_TIMEOUT_SECONDS = 2.0
_LOOK_KEY = "workfair:ops:task-queue:{queue}:look"
_BUSY_KEY = "workfair:ops:task-queue:{queue}:busy-since"


def queue_name() -> str:
    return str(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery"))


def broker_depth(url: str, queue: str) -> int | None:
    """Tasks waiting in `queue`, 0 for a queue never declared, None when the broker does not answer."""
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
            broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
            channel = broker.channel()
            try:
                return int(channel.queue_declare(queue=queue, passive=True).message_count)
            except broker.channel_errors:
                return 0  # no such queue yet: nothing was ever sent
            finally:
                with contextlib.suppress(Exception):  # a refused passive declare closed it already
                    channel.close()
    except Exception:  # any failure to reach the broker is "down", never a failed scrape
        return None


def look(now: float | None = None) -> dict[str, Any] | None:
    """{"queue", "depth" (None: broker down), "waiting_seconds"}, or None without a broker."""
    url = getattr(settings, "CELERY_BROKER_URL", "")
    if not url or getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return None
    queue = queue_name()
    now = time.time() if now is None else now
    depth = cache.get(_LOOK_KEY.format(queue=queue), default="unknown")
    if depth == "unknown":
        depth = broker_depth(url, queue)
        cache.set(_LOOK_KEY.format(queue=queue), depth, QUEUE_CACHE_SECONDS)
    busy_key = _BUSY_KEY.format(queue=queue)
    if depth == 0:
        cache.delete(busy_key)
        waiting = 0.0
    elif depth is None:
        waiting = 0.0
    else:
        cache.add(busy_key, now, None)  # the first look that saw tasks waiting
        waiting = max(0.0, now - float(cache.get(busy_key, now)))
    return {"queue": queue, "depth": depth, "waiting_seconds": waiting}


class TaskQueueCollector:
    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily("workfair_task_queue_depth", "Tasks waiting in the broker's queue", labels=["queue"])
        waiting = GaugeMetricFamily(
            "workfair_task_queue_waiting_seconds",
            "How long the queue has held tasks without being seen empty (an upper bound of the oldest task's wait)",
            labels=["queue"],
        )
        up = GaugeMetricFamily("workfair_task_queue_broker_up", "1 when the broker answered the last look")
        seen = look()
        if seen is not None:
            up.add_metric([], 0 if seen["depth"] is None else 1)
            if seen["depth"] is not None:
                depth.add_metric([seen["queue"]], seen["depth"])
                waiting.add_metric([seen["queue"]], seen["waiting_seconds"])
        yield from (depth, waiting, up)

    def describe(self) -> list[Metric]:
        return []
