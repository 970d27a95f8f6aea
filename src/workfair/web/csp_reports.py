"""Content-Security-Policy violation reports: the browser POSTs one when the policy blocks
something (`report-uri` in CONTENT_SECURITY_POLICY). Each is logged (logger `workfair.csp`, one
warning with the directive, the blocked resource and the page, query strings dropped) and counted
(`workfair_csp_violations_total` by directive on `/metrics`). Anyone can send one, so the endpoint
takes small bodies only and is rate-limited per address (`WORKFAIR_RATE_LIMITS["csp_report"]`);
refused reports are counted too (`workfair_csp_reports_refused_total`), never logged."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from prometheus_client import Counter

from workfair.core import ratelimits
from workfair.core.errors import RateLimited

logger = logging.getLogger("workfair.csp")

MAX_BODY = 16 * 1024
MAX_REPORTS = 20  # a Reporting API batch
VIOLATIONS = Counter("workfair_csp_violations_total", "CSP violation reports received", ["directive"])
REFUSED = Counter("workfair_csp_reports_refused_total", "CSP reports refused", ["reason"])
KNOWN_DIRECTIVES = frozenset(
    {"default-src", "script-src", "script-src-elem", "script-src-attr", "style-src", "style-src-elem",
     "style-src-attr", "img-src", "font-src", "connect-src", "object-src", "base-uri", "form-action",
     "frame-ancestors", "frame-src", "media-src", "worker-src", "manifest-src", "child-src"}
)  # fmt: skip


def _without_query(url: Any) -> str:
    text = str(url or "")[:500]
    if "://" not in text:
        return text[:100]  # "inline", "eval", "data", ...
    parts = urlsplit(text)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _violations(payload: Any) -> list[dict[str, Any]]:
    """The reports in a body, in either format: `{"csp-report": {...}}` (report-uri) or a list of
    `{"type": "csp-violation", "body": {...}}` (the Reporting API)."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [payload["csp-report"]]
    if isinstance(payload, list):
        return [
            item["body"]
            for item in payload[:MAX_REPORTS]
            if isinstance(item, dict) and item.get("type") == "csp-violation" and isinstance(item.get("body"), dict)
        ]
    return []


def _field(report: dict[str, Any], *names: str) -> Any:
    for name in names:
        if report.get(name) not in (None, ""):
            return report[name]
    return ""


@csrf_exempt  # browsers send reports without the site's cookies or token
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    try:
        ratelimits.consume_by_address("csp_report", request)
    except RateLimited:
        REFUSED.labels(reason="rate_limited").inc()
        return HttpResponse(status=429)
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        REFUSED.labels(reason="too_large").inc()
        return HttpResponse(status=413)
    try:
        violations = _violations(json.loads(request.body[: MAX_BODY + 1] or b"null"))
    except (ValueError, UnicodeDecodeError):
        violations = []
    if not violations:
        REFUSED.labels(reason="unreadable").inc()
        return HttpResponse(status=400)
    for report in violations:
        directive = str(_field(report, "effectiveDirective", "effective-directive", "violated-directive"))
        directive = directive.split(" ", 1)[0].lower()
        label = directive if directive in KNOWN_DIRECTIVES else "other"
        VIOLATIONS.labels(directive=label).inc()
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            label,
            _without_query(_field(report, "blockedURL", "blocked-uri")),
            _without_query(_field(report, "documentURL", "document-uri")),
            extra={
                "csp_directive": label,
                "csp_blocked": _without_query(_field(report, "blockedURL", "blocked-uri")),
                "csp_page": _without_query(_field(report, "documentURL", "document-uri")),
                "csp_source": _without_query(_field(report, "sourceFile", "source-file")),
                "csp_line": str(_field(report, "lineNumber", "line-number"))[:10],
                "csp_disposition": str(_field(report, "disposition"))[:10],
            },
        )
    return HttpResponse(status=204)
