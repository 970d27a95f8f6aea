"""The one door to staff pages: signed in, a staff role, two-factor passed in this session (the
check the accounts app registers). The console and the staff pages
of other apps (identity reviews) use the same decorator, from `workfair.trust.interface`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from workfair.core.errors import NotFound, PermissionDenied, WorkfairError
from workfair.core.views import render_refusal
from workfair.trust.registry import staff_session_step
from workfair.trust.roles import has_role, staff_role
from workfair.trust.states import StaffRole


def require_console_role(actor: Any, role: str = StaffRole.MODERATOR) -> str:
    """The actor's staff role; NotFound for non-staff (the console does not exist for them),
    PermissionDenied for staff without the needed role."""
    held = staff_role(actor)
    if held is None:
        raise NotFound("Page not found.")
    if not has_role(actor, role):
        raise PermissionDenied(f"This needs the {StaffRole(role).label.lower()} role.")
    return held


def console_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, staff with a role (else 404), two-factor passed in this session (else sent to set
    it up or to enter a code); refusals raised inside become 4xx pages."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            require_console_role(user)
        except NotFound as exc:
            raise Http404("Page not found.") from exc
        step = staff_session_step(request, request.get_full_path())
        if step is not None:  # two-factor not set up, or not passed in this session
            return step
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except WorkfairError as exc:
            return render_refusal(request, exc)

    return wrapper
