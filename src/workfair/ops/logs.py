"""Structured logs: one JSON object a line, a request id on each, no personal data.

- `RequestIdMiddleware` takes the request id from `X-Request-ID` (when it is a short token) or
  makes one, keeps it for the request's log lines, answers it in `X-Request-ID`, and writes one
  access line per request (method, route, status, milliseconds; never the query string).
- `connect_celery()` carries the id into background tasks: it rides in a message header and is
  put back while the worker runs the task. Without a broker tasks run in-process, in the request's
  own context, and keep it anyway.
- The formatters (`JsonFormatter`, and `TextFormatter` for a developer's terminal) blank e-mail
  addresses and phone numbers wherever they appear in a line, tracebacks included: a safety net
  under the rule that code logs ids, never people's details or what they wrote.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
CELERY_HEADER = "workfair_request_id"
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
access_logger = logging.getLogger("workfair.access")

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# International numbers (+ and 7 to 15 digits, spaces, dots, dashes or brackets between) and the
# common national layouts (555-123-4567, (555) 123 4567, 020 7946 0958).
PHONE = re.compile(
    r"(?<![\w+])\+\d[\d\s().-]{5,18}\d(?!\w)"
    r"|(?<!\w)\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\w)"
    r"|(?<!\w)0\d{2,4}[\s-]\d{3,4}[\s-]\d{3,4}(?!\w)"
)


def redact(text: str) -> str:
    """`text` with e-mail addresses and phone numbers blanked."""
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (empty outside requests and tasks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id.get()
        return True


class JsonFormatter(_JsonFormatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class TextFormatter(logging.Formatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return redact(super().format(record))


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        rid = offered if _ACCEPTED_ID.match(offered) else new_request_id()
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = rid
            match = getattr(request, "resolver_match", None)
            access_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "route": (match.view_name or match.route) if match else "<unresolved>",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


def _add_request_id_header(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    rid = request_id.get()
    if rid and headers is not None:
        headers[CELERY_HEADER] = rid


_task_tokens: dict[str, contextvars.Token[str]] = {}


def _restore_request_id(task_id: str = "", task: Any = None, **kwargs: Any) -> None:
    request = getattr(task, "request", None)
    rid = getattr(request, CELERY_HEADER, None) or (getattr(request, "headers", None) or {}).get(CELERY_HEADER)
    if rid and not request_id.get():
        _task_tokens[task_id] = request_id.set(str(rid))


def _forget_request_id(task_id: str = "", **kwargs: Any) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)


def connect_celery() -> None:
    """Carry the request id from the process that enqueues a task into the worker that runs it."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_add_request_id_header, weak=False, dispatch_uid="workfair_request_id_out")
    task_prerun.connect(_restore_request_id, weak=False, dispatch_uid="workfair_request_id_in")
    task_postrun.connect(_forget_request_id, weak=False, dispatch_uid="workfair_request_id_done")
