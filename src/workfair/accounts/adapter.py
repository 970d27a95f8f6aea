"""allauth hooks: the identity checks at sign-up and the device notes at each log-in.

Sign-up (the web form): `save_user` saves the account, then `do_screen_signup` runs the identity
graph's check (e-mail, device, IP, network) and the trust engine decides. When it blocks (for
example the same normalised e-mail as a banned account), the engine has already suspended the
account and opened a case; `pre_login` then stops allauth's flow before it logs the person in or
sends a verification e-mail, and sends them to a page saying the sign-up is held for review.

Log-in: `login` records the device and sends the new-device alert (`actions.note_login`).

Password: `set_password` (allauth's change, set and reset forms all end there) also ends the
person's API tokens (`actions.do_end_api_tokens_on_password_change`).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from workfair.accounts.actions import do_end_api_tokens_on_password_change, do_screen_signup, note_login

HELD_FLAG = "_workfair_signup_held"


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

    def set_password(self, user: Any, password: str) -> None:
        with transaction.atomic():
            super().set_password(user, password)
            do_end_api_tokens_on_password_change(user, actor=user, via="allauth")
