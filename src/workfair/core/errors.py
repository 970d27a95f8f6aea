"""Errors that actions and queries raise; the web and API layers turn them into 4xx answers."""

from __future__ import annotations


class WorkfairError(Exception):
    """Base of every expected, user-facing refusal. `message` is shown to the person."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidInput(WorkfairError):
    status_code = 400
    code = "invalid"


class PermissionDenied(WorkfairError):
    status_code = 403
    code = "forbidden"


class NotFound(WorkfairError):
    """Raised by `access_*` queries both for missing rows and for rows the actor may not see,
    so that ids of other people's things reveal nothing."""

    status_code = 404
    code = "not_found"


class InvalidTransition(WorkfairError):
    status_code = 409
    code = "invalid_state"


class Conflict(WorkfairError):
    status_code = 409
    code = "conflict"


class RateLimited(WorkfairError):
    status_code = 429
    code = "rate_limited"
