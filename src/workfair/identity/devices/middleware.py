"""The first-party device cookie that the identity graph and login alerts read.

`wf_device` holds a random id (`secrets.token_urlsafe`) signed with Django's signing (salted), so a
visitor cannot pick an id to collide with someone else's device: an unsigned or altered value is
replaced by a fresh one. HttpOnly, SameSite=Lax, Secure wherever the session cookie is, kept two
years. Every request gets `request.device_id` (the id; a fresh one on a first visit, which the
response then stores) and `request.device_is_new`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE_NAME = "wf_device"
COOKIE_MAX_AGE = 2 * 365 * 24 * 3600
SALT = "workfair.identity.device"


def new_device_id() -> str:
    return secrets.token_urlsafe(24)


def sign_device_id(device_id: str) -> str:
    return signing.Signer(salt=SALT).sign(device_id)


def read_device_id(cookie: str | None) -> str | None:
    """The id in a cookie value, or None when it is missing or was not signed by us."""
    if not cookie:
        return None
    try:
        return signing.Signer(salt=SALT).unsign(cookie)
    except signing.BadSignature:
        return None


class DeviceCookieMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        device_id = read_device_id(request.COOKIES.get(COOKIE_NAME))
        is_new = device_id is None
        request.device_id = device_id or new_device_id()  # type: ignore[attr-defined]
        request.device_is_new = is_new  # type: ignore[attr-defined]
        response = self.get_response(request)
        if is_new:
            response.set_cookie(
                COOKIE_NAME,
                sign_device_id(request.device_id),  # type: ignore[attr-defined]
                max_age=COOKIE_MAX_AGE,
                secure=bool(settings.SESSION_COOKIE_SECURE),
                httponly=True,
                samesite="Lax",
            )
        return response
