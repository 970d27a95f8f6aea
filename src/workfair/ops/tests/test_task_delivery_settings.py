"""The settings behind at-least-once task delivery and the operator's timer intervals
(docs/operations.md); the scale-out tests (tests/scaleout) show them working on a real broker."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings import timer_intervals
from workfair import cli

SCHEDULE = {"escalate-overdue-cases": {"schedule": 60}, "release-escrow-after-review-window": {"schedule": 900}}


def test_timer_intervals_take_the_operators_seconds_for_named_timers() -> None:
    assert timer_intervals("", SCHEDULE) == {}
    assert timer_intervals(" escalate-overdue-cases = 5 , release-escrow-after-review-window=30,", SCHEDULE) == {
        "escalate-overdue-cases": 5,
        "release-escrow-after-review-window": 30,
    }


@pytest.mark.parametrize("value", ["no-such-timer=5", "escalate-overdue-cases=0", "escalate-overdue-cases=-3",
                                   "escalate-overdue-cases=soon", "escalate-overdue-cases"])  # fmt: skip
def test_a_bad_timer_interval_stops_the_start_naming_the_timers(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="escalate-overdue-cases"):
        timer_intervals(value, SCHEDULE)


def test_tasks_are_acknowledged_after_they_ran_and_requeued_when_their_process_dies() -> None:
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_DEFAULT_DELIVERY_MODE == "persistent"


def test_the_worker_command_hands_celerys_own_options_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []
    monkeypatch.setattr(cli, "cmd_worker", lambda args: seen.append(args.rest) or 0)
    assert cli.main(["worker", "--concurrency", "1", "-Q", "mail"]) == 0
    assert seen == [["--concurrency", "1", "-Q", "mail"]]
