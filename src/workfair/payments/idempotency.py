"""Idempotency-Key for API endpoints that move money: a retry with the same key gets the first
answer back (from `core.models.IdempotencyRecord`) and runs nothing again. The money itself is
idempotent below this too (ledger keys); this makes the retried *answer* the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Status

from workfair.core import clock
from workfair.core.errors import InvalidInput
from workfair.core.models import IdempotencyRecord


def idempotent_response(request: HttpRequest, endpoint: str, run: Callable[[], tuple[int, Any]]) -> Status[Any]:
    """Answer with the stored response when this user sent this `Idempotency-Key` to this endpoint
    before; otherwise run, store the answer, and return it."""
    key = (request.headers.get("Idempotency-Key") or "").strip()
    user = request.auth  # type: ignore[attr-defined]
    if not key:
        status, body = run()
        return Status(status, body)
    if len(key) > 120:
        raise InvalidInput("The Idempotency-Key has at most 120 characters.")
    stored = IdempotencyRecord.objects.filter(user=user, key=key, endpoint=endpoint).first()
    if stored is not None:
        return Status(stored.status_code, stored.response)
    status, body = run()
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                user=user,
                key=key,
                endpoint=endpoint,
                status_code=status,
                response=_jsonable(body),
                created_at=clock.now(),
            )
    except IntegrityError:
        stored = IdempotencyRecord.objects.get(user=user, key=key, endpoint=endpoint)
        return Status(stored.status_code, stored.response)
    return Status(status, body)


def _jsonable(body: Any) -> Any:
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))
