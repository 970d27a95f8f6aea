"""The one task decorator. Tasks take ids, never objects, and must be idempotent.

`enqueue(task, *ids)` schedules after the current transaction commits; without a broker the
task runs in-process at that moment (CELERY_TASK_ALWAYS_EAGER)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.db import transaction


def workfair_task(*, name: str, max_retries: int = 5) -> Callable[[Callable[..., Any]], Any]:
    def decorator(func: Callable[..., Any]) -> Any:
        return shared_task(
            name=name,
            bind=False,
            autoretry_for=(ConnectionError,),
            retry_backoff=True,
            max_retries=max_retries,
        )(func)

    return decorator


def enqueue(task: Any, *args: int | str) -> None:
    """Run `task.delay(*args)` once the surrounding transaction has committed."""
    transaction.on_commit(lambda: task.delay(*args))
