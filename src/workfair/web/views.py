"""Home, dashboard, the privacy page and the error pages (the health checks are in workfair.ops.health)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from workfair.jobs import queries as job_queries
from workfair.web.dashboard import build_dashboard

LATEST_JOBS_ON_HOME = 6
# E-mail backends that keep mail on this machine (no mail server sees it).
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


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


def _privacy_facts() -> dict[str, Any]:
    """What the privacy page states, read from the settings this deployment runs with."""
    identity = getattr(settings, "WORKFAIR_IDENTITY", {})
    payments = getattr(settings, "WORKFAIR_PAYMENTS", {})
    marketplace = getattr(settings, "WORKFAIR", {})
    meeting_host = urlsplit(str(identity.get("MEETING_URL") or "")).hostname or ""
    email_host = str(getattr(settings, "EMAIL_HOST", "") or "the configured mail server")
    sends_email = str(getattr(settings, "EMAIL_BACKEND", "")) not in LOCAL_EMAIL_BACKENDS
    # (service, what it sees) for each outside service this deployment uses; the rest stays here.
    services = [
        ("payments", payments.get("PROCESSOR") == "stripe",
         "Stripe (payments) sees your card or bank details and the amounts paid."),
        ("identity checks", identity.get("VERIFICATION_PROVIDER") == "stripe",
         "Stripe Identity (identity verification) sees your document and selfie."),
        ("phone codes", identity.get("PHONE_PROVIDER") == "twilio",
         "Twilio (text messages and calls) sees your phone number and the codes we send."),
        ("e-mail", sends_email,
         f"The mail server {email_host} sees your e-mail address and the e-mails we send you."),
    ]  # fmt: skip
    processors = [sees for _, used, sees in services if used]
    if meeting_host:
        processors.append(f"The video service at {meeting_host} carries the live video check, if you take one.")
    return {
        "image_retention_days": int(identity.get("IMAGE_RETENTION_DAYS", 90)),
        "video_window_days": int(identity.get("VIDEO_WINDOW_DAYS", 30)),
        "phone_code_minutes": int(identity.get("PHONE_CODE_MINUTES", 10)),
        "step_up_hours": int(identity.get("STEP_UP_HOURS", 72)),
        "job_expiry_days": int(marketplace.get("JOB_EXPIRY_DAYS", 30)),
        "session_days": round(int(getattr(settings, "SESSION_COOKIE_AGE", 1209600)) / 86400),
        "country_header": bool(identity.get("COUNTRY_HEADER")),
        "processors": processors,
        "kept_here": [name for name, used, _ in services if not used],
        "export_link_hours": int(getattr(settings, "WORKFAIR_PRIVACY", {}).get("EXPORT_LINK_HOURS", 72)),
        "deletion_grace_days": int(getattr(settings, "WORKFAIR_PRIVACY", {}).get("DELETION_GRACE_DAYS", 14)),
    }


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """What Workfair stores about people, why, for how long and who else sees it (public)."""
    return render(request, "web/privacy.html", {"facts": _privacy_facts()})
