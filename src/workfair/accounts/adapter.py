"""allauth hooks: the identity checks at sign-up and the device notes at each log-in.

Sign-up (the web form): `save_user` saves the account, then `do_screen_signup` runs the identity
graph's check (e-mail, device, IP, network) and the trust engine decides. When it blocks (for
example the same normalised e-mail as a banned account), the engine has already suspended the
account and opened a case; `pre_login` then stops allauth's flow before it logs the person in or
sends a verification e-mail, and sends them to a page saying the sign-up is held for review.

Log-in: `login` records the device and sends the new-device alert (`actions.note_login`).

E-mail: `send_mail` names the site "Workfair" at its public address (SITE_URL), not the host name
the request came in on ("Hello from 127.0.0.1:8111!").

Password: `set_password` (allauth's change, set and reset forms all end there) also ends the
person's API tokens (`actions.do_end_api_tokens_on_password_change`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

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
        with transaction.atomic():
            super().set_password(user, password)
            do_end_api_tokens_on_password_change(user, actor=user, via="allauth")
