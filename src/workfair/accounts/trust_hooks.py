"""The trust engine refuses a locked-out account on every request, API tokens included: it asks
this app who a bearer token belongs to. Its staff-page door asks this app whether the session
passed two-factor. Registered from `AccountsConfig.ready`."""

from __future__ import annotations

from typing import Any

from workfair.accounts.api_auth import TokenAuth
from workfair.accounts.two_factor import staff_two_factor_step
from workfair.trust import interface as trust


def _token_user(request: Any, token: str) -> Any:
    return TokenAuth().authenticate(request, token)


def register() -> None:
    trust.register_request_authenticator(_token_user)
    trust.register_staff_session_check(staff_two_factor_step)
