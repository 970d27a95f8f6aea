"""How payments reports back to the app that owns what it pays for, without importing it.

An app registers one handler per target type from its `AppConfig.ready` (contracts:
`register_settlement_handler("contracts.milestone", fn)`). Payments calls
`fn(event, target_id, **data)` inside the transaction that moved the money, with one of:

- "funded": the money for the target is in escrow;
- "auto_release_due": the review window after submission has passed; the owner approves the
  target (which calls `do_release_escrow`) or does nothing if it cannot;
- "refunded": everything left in escrow went back to the client;
- "frozen": a chargeback froze the escrow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SettlementHandler = Callable[..., Any]

SETTLEMENT_HANDLERS: dict[str, SettlementHandler] = {}
EVENTS = frozenset({"funded", "auto_release_due", "refunded", "frozen", "unfrozen", "charged_back"})


def register_settlement_handler(target_type: str, handler: SettlementHandler) -> SettlementHandler:
    """Register `handler` for `target_type` ("app.model"); registering it again replaces it."""
    SETTLEMENT_HANDLERS[target_type] = handler
    return handler


def notify_settlement(event: str, target_type: str, target_id: int | str, **data: Any) -> Any:
    """Tell the owner of `target_type` about `event`; nothing when no handler is registered."""
    if event not in EVENTS:
        raise ValueError(f"unknown settlement event {event!r}")
    handler = SETTLEMENT_HANDLERS.get(target_type)
    if handler is None:
        return None
    return handler(event, int(target_id), **data)
