"""Staff powers need two-factor in the session everywhere, not only on staff pages.

Staff accounts see and do more than others on ordinary pages too (hidden job posts, private
profiles, removing posts), so a staff session that has not entered a two-factor code in this
session is sent to the two-factor step (`two_factor.staff_two_factor_step`: set up an
authenticator app, or enter a code) from every page. Left open: the log-in, log-out,
re-authentication and two-factor set-up pages (allauth's, under /accounts/), static and media
files, the health check, and the API, whose session authentication refuses such a session itself
(`api_auth.SessionAuth`); the console and the Django admin take the same step at their own doors
(`console.access`, `console.admin_site`), after their own checks.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from workfair.accounts.queries import session_passed_two_factor
from workfair.accounts.two_factor import staff_two_factor_step

OPEN_PREFIXES = ("/accounts/", "/api/", "/healthz")
# Doors of their own that take the same step after their own checks (a console role, admin access).
OWN_DOOR_PREFIXES = ("/console/", "/admin/")


def _open(path: str) -> bool:
    prefixes = (*OPEN_PREFIXES, *OWN_DOOR_PREFIXES, settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")
    return path.startswith(tuple(p if p.startswith("/") else f"/{p}" for p in prefixes))


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and not _open(request.path)
            and not session_passed_two_factor(request)
        ):
            step = staff_two_factor_step(request, request.get_full_path())
            if step is not None:
                return step
        return self.get_response(request)
