"""The two-factor step staff take before any staff page (the console, other apps' staff pages, the
Django admin): registered with the trust engine's staff-page door (`accounts/trust_hooks.py`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from workfair.accounts.queries import has_two_factor, session_passed_two_factor


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
