"""Optional error reporting to Sentry (or a Sentry-compatible service such as GlitchTip), switched
on by SENTRY_DSN and off without it (docs/operations.md, "Error reporting").

What leaves the machine is kept free of personal data: no user identity, cookies, request bodies,
query strings, database query parameters or local variables are collected; of the request headers
only a few harmless ones are sent; and every string of an event and its breadcrumbs has e-mail
addresses and phone numbers blanked (the same safety net as the logs). Each event carries the
request id, so a report leads to the request's log lines.
"""

from __future__ import annotations

from typing import Any

from workfair.ops.logs import redact, request_id

# Headers worth having on an error report; everything else (cookies, authorization, forwarded
# addresses) stays home.
REPORTED_HEADERS = ["user-agent", "accept", "content-type", "content-length", "host", "x-request-id"]


def scrubbed(value: Any) -> Any:
    """`value` with e-mail addresses and phone numbers blanked in every string it holds."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrubbed(item) for item in value]
    return value


def before_send(event: Any, hint: dict[str, Any]) -> Any:
    """The event as it may leave: every string scrubbed, no user, the request id as a tag."""
    clean: dict[str, Any] = scrubbed(event)
    clean.pop("user", None)
    rid = request_id.get()
    if rid:
        clean.setdefault("tags", {})["request_id"] = rid
    return clean


def before_breadcrumb(crumb: Any, hint: dict[str, Any]) -> Any:
    return scrubbed(crumb)


def start_error_reporting(
    *, dsn: str, environment: str, traces_sample_rate: float = 0.0, transport: Any = None
) -> None:
    """Send unhandled errors of requests, websockets and tasks (Django and Celery integrations) to
    `dsn`, and a share `traces_sample_rate` of requests as performance traces."""
    import sentry_sdk

    options: dict[str, Any] = {}
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "allowlist", "terms": REPORTED_HEADERS}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        max_request_body_size="never",
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        **options,
    )
