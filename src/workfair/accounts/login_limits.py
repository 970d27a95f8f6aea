"""Limits on password guessing that nobody can turn against someone else (docs/security.md).

allauth counts failed log-ins (its `login_failed` rate limit, in Django's cache: Redis when
REDIS_URL is set, so every process shares the counts). Workfair keys them so that one person's
failures do not refuse another person's correct password:

- `login_failed`, keyed by the account and the IP together: a few wrong passwords for one account
  from one address pause that pair only; the same address can still sign in to other accounts,
  and the account can still be signed in to from elsewhere. Its per-IP rate is a high ceiling
  against one address spraying many accounts.
- `login_failed_account`, keyed by the account alone: a progressive delay (longer waits after more
  failures) against guessing one account from many addresses. It does not apply where the account
  signed in with its password before (the account and IP pair is remembered for
  `KNOWN_PLACE_DAYS`), so someone guessing from elsewhere never keeps the owner out of their usual
  place; resetting the password clears it.

The account adapter (`accounts.adapter.AccountAdapter.pre_authenticate`) applies both to every
password check: the web log-in form, the API's token exchange and re-authentication.
"""

from __future__ import annotations

import hashlib
import math
import time

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest

APP = "allauth.account"
PAIR_ACTION = "login_failed"
ACCOUNT_ACTION = "login_failed_account"
KNOWN_PLACE_DAYS = 30


class LoginThrottled(ValidationError):
    """Too many failed attempts for this account (from here, or from anywhere for the progressive
    delay). allauth's log-in form shows the message; the API answers 429 with `retry_after`
    seconds in a Retry-After header."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        wait = "a minute" if minutes == 1 else f"{minutes} minutes"
        super().__init__(
            f"Too many failed attempts to sign in to this account. Try again in {wait}, "
            "or reset your password to sign in now.",
            code="too_many_login_attempts",
        )


def client_ip(request: HttpRequest) -> str:
    """The client IP as allauth's rate limits see it (honours ALLAUTH_TRUSTED_PROXY_COUNT)."""
    return allauth_ratelimit.get_ip(request)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def pair_key(login: str, ip: str) -> str:
    return f"pair:{_digest(login.lower(), ip)}"


def account_key(login: str) -> str:
    return f"account:{_digest(login.lower())}"


def _known_place_key(login: str, ip: str) -> str:
    return f"workfair:login-known:{_digest(login.lower(), ip)}"


def is_known_place(login: str, ip: str) -> bool:
    return bool(cache.get(_known_place_key(login, ip)))


def remember_place(login: str, ip: str) -> None:
    """The account signed in with its password from this IP: exempt the pair from the account's
    progressive delay for KNOWN_PLACE_DAYS."""
    cache.set(_known_place_key(login, ip), True, KNOWN_PLACE_DAYS * 86400)


def consume(request: HttpRequest, *, action: str, key: str) -> allauth_ratelimit.RateLimitUsage:
    """Count one attempt under `action` (allauth's rate limits, ACCOUNT_RATE_LIMITS); raises
    LoginThrottled, with the seconds until a next attempt is allowed, when a rate is spent."""
    usage = allauth_ratelimit.consume(request, app=APP, action=action, key=key)
    if usage is None:
        raise LoginThrottled(seconds_until_allowed(request, action=action, key=key))
    return usage


def clear(request: HttpRequest, *, action: str, key: str) -> None:
    allauth_ratelimit.clear(request, app=APP, action=action, key=key)


def seconds_until_allowed(request: HttpRequest, *, action: str, key: str) -> int:
    """How long until every rate of `action` allows one more attempt (at least 1 second)."""
    now = time.time()
    wait = 0.0
    for rate in allauth_ratelimit.get_rates(app=APP, action=action):
        cache_key = allauth_ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        live = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]  # newest first
        if len(live) >= rate.amount:
            wait = max(wait, live[rate.amount - 1] + rate.duration - now)
    return max(1, math.ceil(wait))
