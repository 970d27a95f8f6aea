"""What happens elsewhere when staff approve a suggested skill. The skills app stands below the
profiles that hold skills, so profiles register a handler here (from their AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# handler(skill, user_ids): called inside the approving transaction
ApprovalHandler = Callable[[Any, Sequence[int]], None]

_approval_handlers: list[ApprovalHandler] = []


def register_approval_handler(handler: ApprovalHandler) -> None:
    if handler not in _approval_handlers:
        _approval_handlers.append(handler)


def skill_approved(skill: Any, user_ids: Sequence[int]) -> None:
    for handler in list(_approval_handlers):
        handler(skill, user_ids)
