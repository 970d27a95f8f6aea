"""API authentication: `Authorization: Bearer <token>` or the browser session (with CSRF).

Staff powers need two-factor here too: a staff account's token works only while the account has
an authenticator app (its tokens were then created with a code), and a staff browser session only
once it entered a code in this session."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from workfair.core import clock


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from workfair.accounts.models import ApiToken
        from workfair.accounts.queries import has_two_factor

        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        if row.user.is_staff and not has_two_factor(row.user):
            return None
        now = clock.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods need the CSRF token (ninja checks it)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        from workfair.accounts.queries import session_passed_two_factor

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.is_staff and not session_passed_two_factor(request):
            return None
        request.workfair_session_auth = True  # type: ignore[attr-defined]  # see `is_session_request`
        return user


def is_session_request(request: HttpRequest) -> bool:
    """The API request was authenticated by the browser session (not by a bearer token)."""
    return bool(getattr(request, "workfair_session_auth", False))


api_auth = [TokenAuth(), SessionAuth(csrf=True)]
