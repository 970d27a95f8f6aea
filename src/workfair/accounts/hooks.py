"""What apps above accounts add to sign-up, log-in and role changes, registered from their
`AppConfig.ready()`. Accounts stands below identity and profiles, so it never imports them: they
register here and accounts calls what was registered, in the order it was registered.

- a sign-up check gets (user, request) inside the sign-up transaction and returns the trust
  engine's outcome ("allow", "warn", "hold", "block"); identity registers its ban-evasion check;
- a log-in listener gets (user, request) at each log-in; identity records the device and alerts;
- a roles listener gets (user=, actor=) inside the transaction that set the roles; profiles creates
  the profiles the roles need.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

SignupCheck = Callable[[Any, HttpRequest | None], str]
LoginListener = Callable[[Any, HttpRequest], object]
RolesListener = Callable[..., object]

_signup_checks: list[SignupCheck] = []
_login_listeners: list[LoginListener] = []
_roles_listeners: list[RolesListener] = []


def _add(registry: list[Any], fn: Any) -> Any:
    if fn not in registry:  # ready() may run twice in some test set-ups: register once
        registry.append(fn)
    return fn


def register_signup_check(fn: SignupCheck) -> SignupCheck:
    return _add(_signup_checks, fn)


def register_login_listener(fn: LoginListener) -> LoginListener:
    return _add(_login_listeners, fn)


def register_roles_listener(fn: RolesListener) -> RolesListener:
    return _add(_roles_listeners, fn)


def signup_checks() -> tuple[SignupCheck, ...]:
    return tuple(_signup_checks)


def login_listeners() -> tuple[LoginListener, ...]:
    return tuple(_login_listeners)


def roles_listeners() -> tuple[RolesListener, ...]:
    return tuple(_roles_listeners)
