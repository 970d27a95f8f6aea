"""Refuses suspended and banned accounts on every page and API call, in one place.

Add `"workfair.trust.middleware.AccountStandingMiddleware"` to MIDDLEWARE after
`AuthenticationMiddleware`. A locked-out account gets, for pages, the standing page (403) stating
the reason and how to appeal; for the API (`/api/`), a JSON 403
`{"detail": ..., "code": "account_locked", "reason": ..., "appeal_url": ...}`. Logging out, the
trust pages (notice, appeal, standing), the trust API and static files stay reachable. Restricted
accounts are not refused here: `require_capability` refuses the actions they may not take.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from workfair.trust.enforcement import standing_of
from workfair.trust.registry import request_user

ALLOWED_PREFIXES = (
    "/accounts/logout/",
    "/trust/decisions/",
    "/trust/standing/",
    "/api/v1/trust/decisions",
    "/api/v1/trust/standing",
    "/static/",
    "/media/",
    "/healthz",
    "/favicon.ico",
)


def _api_user(request: HttpRequest) -> Any:
    """The account of a bearer token, resolved the way the API resolves it."""
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    return request_user(request, header[7:].strip())


class AccountStandingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if not path.startswith(ALLOWED_PREFIXES):
            user = getattr(request, "user", None)
            if not getattr(user, "is_authenticated", False) and path.startswith("/api/"):
                user = _api_user(request)
            if user is not None and getattr(user, "is_authenticated", False):
                standing = standing_of(user)
                if standing.locked_out:
                    return self.refuse(request, standing)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, standing: Any) -> HttpResponse:
        message = f"{standing.describe()} You can appeal at {standing.appeal_url}."
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": message,
                    "code": "account_locked",
                    "reason": standing.reason,
                    "appeal_url": standing.appeal_url,
                },
                status=403,
            )
        return render(request, "trust/standing.html", {"standing": standing}, status=403)
