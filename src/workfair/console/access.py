"""The one door to the staff console: signed in, a staff role, and two-factor passed in this very
session. Console pages of other apps (identity reviews) use the same decorator, and the Django
admin the same two-factor step (`console.admin_site`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from workfair.accounts.queries import has_two_factor, session_passed_two_factor
from workfair.console import queries
from workfair.core.errors import NotFound, WorkfairError
from workfair.core.views import render_refusal


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


def console_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, staff with a role (else 404), two-factor passed in this session (else sent to set
    it up or to enter a code); refusals raised inside become 4xx pages."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            queries.require_console_role(user)
        except NotFound as exc:
            raise Http404("Page not found.") from exc
        step = staff_two_factor_step(request, request.get_full_path())
        if step is not None:
            return step
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except WorkfairError as exc:
            return render_refusal(request, exc)

    return wrapper
