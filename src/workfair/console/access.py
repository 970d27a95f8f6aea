"""The one door to the staff console: signed in, a staff role, TOTP on. Console pages of other
apps (identity reviews) use the same decorator."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from workfair.console import queries
from workfair.core.errors import NotFound, WorkfairError
from workfair.core.views import render_refusal


def console_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, staff with a role (else 404), TOTP activated (else sent to set it up); refusals
    raised inside become 4xx pages."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            queries.require_console_role(user)
        except NotFound as exc:
            raise Http404("Page not found.") from exc
        if not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists():
            messages.info(request, "The staff console needs two-factor authentication: set up an authenticator app.")
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except WorkfairError as exc:
            return render_refusal(request, exc)

    return wrapper
