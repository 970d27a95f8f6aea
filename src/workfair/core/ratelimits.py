"""Rate limits on the shared cache for what a signed-in person can repeat quickly: messages,
proposals, uploads and reports (docs/security.md "Rate limits"). Sign-up, password reset and
log-in use allauth's own limits (`ACCOUNT_RATE_LIMITS`) on the same cache.

Rates are written as allauth writes them, "<amount>/<period>/user" separated by commas
("20/1m/user,300/1h/user"; "/ip" for requests without sign-in), in `settings.WORKFAIR_RATE_LIMITS`
by action; an action without rates is not limited. They are counted with allauth's sliding window
(`allauth.core.internal.ratelimit`: a list of hit times per person and rate in the cache, changed
under a short cache lock), so with Redis as the cache (`REDIS_URL`) every process counts against
the same budget. A refused attempt spends nothing.
"""

from __future__ import annotations

import math
import time
from contextlib import ExitStack

from allauth.core.internal.ratelimit import Rate, apply_rate, cache_lock, get_ip, parse_rates
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from workfair.core.errors import RateLimited

NOUNS = {
    "message": "messages",
    "proposal": "proposals",
    "upload": "files",
    "report": "reports",
    "csp_report": "reports",
}


class RateLimitExceeded(RateLimited):
    """429 with how long to wait (`retry_after`, seconds): the API sends it as Retry-After."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _wait_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{math.ceil(minutes / 60)} hours"


def _cache_key(action: str, rate: Rate, subject: str) -> str:
    return f"workfair:rl:{action}:{rate}:{subject}"


def consume(action: str, *, user_id: int, hits: int = 1) -> None:
    """Count `hits` uses of `action` by the person (the action's "/user" rates); RateLimitExceeded
    (429, nothing counted) when any of them would be exceeded."""
    _consume(action, per="user", subject=f"user:{user_id}", hits=hits)


def consume_by_address(action: str, request: HttpRequest) -> None:
    """The same for requests that need no sign-in (the action's "/ip" rates), by the client's
    address as allauth reads it (`WORKFAIR_TRUSTED_PROXY_COUNT` behind proxies)."""
    _consume(action, per="ip", subject=f"ip:{get_ip(request)}", hits=1)


def _consume(action: str, *, per: str, subject: str, hits: int) -> None:
    rates = [rate for rate in parse_rates(settings.WORKFAIR_RATE_LIMITS.get(action, "")) if rate.per == per]
    if not rates or hits <= 0:
        return
    with ExitStack() as stack:
        now = time.time()
        pending: list[tuple[str, list[float], Rate]] = []
        wait = 0.0
        for rate in rates:
            key = _cache_key(action, rate, subject)
            stack.enter_context(cache_lock(key))  # a lock not had in a second: count anyway, as allauth does
            history: list[float] = cache.get(key, [])
            _, history = apply_rate(history, now, rate, dry_run=True)  # drops the hits that have expired
            over = len(history) + hits - rate.amount
            if over > 0:
                # newest first: the `over` oldest hits must expire before this attempt fits
                oldest_needed = history[len(history) - over] if over <= len(history) else now
                wait = max(wait, oldest_needed + rate.duration - now)
            pending.append((key, history, rate))
        if wait > 0 or any(hits > rate.amount for rate in rates):
            seconds = max(1, math.ceil(wait))
            noun = NOUNS.get(action, "requests")
            raise RateLimitExceeded(
                f"You have sent too many {noun} in a short time. Try again in {_wait_words(seconds)}.",
                retry_after=seconds,
            )
        for key, history, rate in pending:
            cache.set(key, [now] * hits + history, rate.duration)
