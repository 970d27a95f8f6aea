"""The one task decorator. Tasks take ids, never objects, and must be idempotent.

`enqueue(task, *ids)` schedules after the current transaction commits; without a broker the
task runs in-process at that moment (CELERY_TASK_ALWAYS_EAGER). An action enqueues a task of its
own app by name (`enqueue("payments.send_payout", payout_id)`), so actions.py need not import the
tasks module that imports it."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from celery import current_app, shared_task
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
    """Run `task.delay(*args)` once the surrounding transaction has committed; `task` is a task or
    its registered name."""

    def send() -> None:
        found = _by_name(task) if isinstance(task, str) else task
        found.delay(*args)

    transaction.on_commit(send)


def _by_name(name: str) -> Any:
    """The registered task `name` ("<app>.<task>"), importing `workfair.<app>.tasks` first where the
    process has not loaded it yet (a web process loads task modules only on demand)."""
    if name not in current_app.tasks:
        importlib.import_module(f"workfair.{name.split('.', 1)[0]}.tasks")
    return current_app.tasks[name]
