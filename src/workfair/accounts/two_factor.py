"""The two-factor step staff take before any staff page (the console, other apps' staff pages, the
Django admin): registered with the trust engine's staff-page door (`accounts/trust_hooks.py`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from workfair.accounts.queries import has_two_factor, session_passed_two_factor
from workfair.core.errors import PermissionDenied


def staff_two_factor_step(request: HttpRequest, next_url: str) -> HttpResponse | None:
    """Where a signed-in staff member goes before a staff page is served, or None when this session
    passed two-factor. Without an authenticator app: to set one up. With one, but signed in by a
    password alone (or before the app was set up): to enter a code again (allauth's
    re-authentication, which records the step in the session), then back to `next_url`."""
    if not has_two_factor(request.user):
        messages.info(request, "Staff pages need two-factor authentication: set up an authenticator app.")
        return redirect_to_login(next_url, login_url=reverse("mfa_activate_totp"))
    if not session_passed_two_factor(request):
        messages.info(request, "Staff pages need your two-factor code in this session: enter it to go on.")
        return redirect_to_login(next_url, login_url=reverse("mfa_reauthenticate"))
    return None


# --- API tokens ------------------------------------------------------------------------------

STAFF_API_NEEDS_TWO_FACTOR = (
    "Staff accounts need two-factor authentication for API tokens: set up an authenticator app first."
)
SESSION_API_NEEDS_CODE = (
    "This account uses two-factor authentication and this session has not entered a code: "
    "enter your two-factor code again, then create the token."
)


def check_may_create_token(user: Any, request: HttpRequest | None = None) -> None:
    """A token is as strong as the log-in that made it. Staff accounts get tokens only with an
    authenticator app (their tokens stop working without one, `api_auth.TokenAuth`). An account
    with two-factor on gets one from a signed-in session (`request`, the settings page or the API
    through the browser session) only when that session entered a code; the password exchange
    checks the code itself (`actions.do_check_two_factor_code`). Raises PermissionDenied."""
    if getattr(user, "is_staff", False) and not has_two_factor(user):
        raise PermissionDenied(STAFF_API_NEEDS_TWO_FACTOR, code="mfa_setup_required")
    if request is not None and has_two_factor(user) and not session_passed_two_factor(request):
        raise PermissionDenied(SESSION_API_NEEDS_CODE, code="mfa_required")
