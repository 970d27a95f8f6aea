"""Home, dashboard and the error pages (the health checks are in workfair.ops.health)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from workfair.jobs import queries as job_queries
from workfair.web.dashboard import build_dashboard

LATEST_JOBS_ON_HOME = 6


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
