"""Web-layer glue shared by every app's views: expected refusals become a clear 4xx page."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from workfair.core.errors import WorkfairError


def render_refusal(request: HttpRequest, exc: WorkfairError) -> HttpResponse:
    """A page (or an htmx fragment) that states why the request was refused."""
    template = "core/refusal_fragment.html" if getattr(request, "htmx", False) else "core/refusal.html"
    return render(request, template, {"error": exc}, status=exc.status_code)


def handle_refusals(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view so that a `WorkfairError` raised by a query or action renders as a 4xx page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except WorkfairError as exc:
            return render_refusal(request, exc)

    return wrapper


View = Callable[..., HttpResponse]


def member_view(view: View | None = None, *, methods: Sequence[str] | None = None) -> Any:
    """A page for signed-in people, the one stack every such view needs: a visitor who is not signed
    in goes to the sign-in page, a `WorkfairError` renders as a 4xx page, and a method not in
    `methods` (when given) gets 405.

        @member_view
        def dashboard(request): ...

        @member_view(methods=["POST"])
        def withdraw(request, proposal_id): ...
    """

    def decorate(inner: View) -> View:
        wrapped = handle_refusals(inner)
        if methods is not None:
            wrapped = require_http_methods(list(methods))(wrapped)
        return login_required(wrapped)

    return decorate(view) if view is not None else decorate
