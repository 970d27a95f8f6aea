"""allauth hooks: the identity checks at sign-up and the device notes at each log-in.

Sign-up (the web form): `save_user` saves the account, then `do_screen_signup` runs the identity
graph's check (e-mail, device, IP, network) and the trust engine decides. When it blocks (for
example the same normalised e-mail as a banned account), the engine has already suspended the
account and opened a case; `pre_login` then stops allauth's flow before it logs the person in or
sends a verification e-mail, and sends them to a page saying the sign-up is held for review.

Log-in: `login` records the device and sends the new-device alert (`actions.note_login`).

E-mail: `send_mail` names the site "Workfair" at its public address (SITE_URL), not the host name
the request came in on ("Hello from 127.0.0.1:8111!").

Failed log-ins: `pre_authenticate` counts them per account and IP together, with a high per-IP
ceiling, and a progressive delay per account from places it has not signed in from
(`accounts.login_limits`), instead of allauth's per-IP and per-address counts, which let anyone
refuse everyone behind one address, or the owner of an address, by failing on purpose.

Password: `set_password` (allauth's change, set and reset forms all end there) also ends the
person's API tokens (`actions.do_end_api_tokens_on_password_change`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import RateLimitUsage
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from workfair.accounts import login_limits
from workfair.accounts.actions import do_end_api_tokens_on_password_change, do_screen_signup, note_login

HELD_FLAG = "_workfair_signup_held"


@dataclass(frozen=True)
class Site:
    """What allauth's e-mail templates call the current site (`name`, `domain`)."""

    name: str
    domain: str


def public_site() -> Site:
    return Site(name="Workfair", domain=urlsplit(settings.SITE_URL).netloc or "workfair.example")


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        saved = super().save_user(request, user, form, commit)
        if commit:
            outcome = do_screen_signup(saved, request)
            setattr(saved, HELD_FLAG, outcome == "block")
            if saved is not user:
                setattr(user, HELD_FLAG, outcome == "block")
        return saved

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        if kwargs.get("signup") and getattr(user, HELD_FLAG, False):
            return HttpResponseRedirect(reverse("accounts:signup_held"))
        return super().pre_login(request, user, **kwargs)

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        note_login(user, request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        super().send_mail(template_prefix, email, {"current_site": public_site(), **context})

    def set_password(self, user: Any, password: str) -> None:
        with transaction.atomic():  # first, so the audit row names the way (accounts.passwords)
            do_end_api_tokens_on_password_change(user, actor=user, via="allauth")
            super().set_password(user, password)

    # --- failed log-ins (accounts.login_limits) ---------------------------------------------

    @staticmethod
    def _login_of(credentials: dict[str, Any]) -> str:
        return str(credentials.get("email", credentials.get("username", "")) or "").strip().lower()

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Count this password check before it runs (allauth rolls the count back when it
        succeeds): per account and IP (with the per-IP ceiling), then the account's progressive
        delay unless the account signed in from this IP before. Raises LoginThrottled (a
        ValidationError the log-in form shows; the API answers 429 with Retry-After)."""
        login, ip = self._login_of(credentials), login_limits.client_ip(request)
        usage = login_limits.consume(request, action=login_limits.PAIR_ACTION, key=login_limits.pair_key(login, ip))
        if not login_limits.is_known_place(login, ip):
            try:
                account = login_limits.consume(
                    request, action=login_limits.ACCOUNT_ACTION, key=login_limits.account_key(login)
                )
            except login_limits.LoginThrottled:
                usage.rollback()  # refused before the password was tried: not a failure of this pair
                raise
            usage = RateLimitUsage(usage=[*usage.usage, *account.usage])
        self._login_failed_rl_usage = usage

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None:
            login_limits.remember_place(self._login_of(credentials), login_limits.client_ip(request))
        return user

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        """After a password reset (allauth calls this): the account's delay and this pair's count
        start again, so the owner can sign in at once."""
        login, ip = self._login_of(credentials), login_limits.client_ip(request)
        login_limits.clear(request, action=login_limits.ACCOUNT_ACTION, key=login_limits.account_key(login))
        login_limits.clear(request, action=login_limits.PAIR_ACTION, key=login_limits.pair_key(login, ip))
