"""Home, dashboard, health check and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from workfair.jobs import queries as job_queries
from workfair.web.dashboard import build_dashboard

LATEST_JOBS_ON_HOME = 6


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app and its database answer, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the point is to report any database failure
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public front page; a signed-in person goes straight to their dashboard."""
    if request.user.is_authenticated:
        return redirect("web:dashboard")
    # The public view of the marketplace: what a visitor who is not signed in may see.
    latest_jobs, open_jobs_total = job_queries.search_jobs(AnonymousUser(), size=LATEST_JOBS_ON_HOME)
    context = {
        "latest_jobs": latest_jobs,
        "open_jobs_total": open_jobs_total,
        "categories": list(job_queries.list_categories()),
    }
    return render(request, "web/home.html", context)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in person's overview, one panel per role they have."""
    return render(request, "web/dashboard.html", {"dashboard": build_dashboard(request.user)})
