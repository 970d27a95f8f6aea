"""Web-layer glue shared by every app's views: expected refusals become a clear 4xx page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
