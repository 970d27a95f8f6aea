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

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
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


# --- hourly contracts ---------------------------------------------------------------------------
# Payments bills hourly work by the week but does not know contracts: the owner of the contract
# type registers a function that gives the terms of one contract (`HourlyTerms`), or None when
# there is no such hourly contract.


@dataclass(frozen=True)
class HourlyTerms:
    contract_type: str
    contract_id: int
    client_id: int
    freelancer_id: int
    currency: str
    rate: int  # minor units per hour
    weekly_limit_hours: int
    active: bool  # time may be logged now (not paused or ended)
    manual_time_allowed: bool
    title: str = ""
    started_on: dt.date | None = None


HourlyTermsProvider = Callable[[int], "HourlyTerms | None"]
HOURLY_TERMS: dict[str, HourlyTermsProvider] = {}


def register_hourly_terms(contract_type: str, provider: HourlyTermsProvider) -> HourlyTermsProvider:
    """Register the function that gives the hourly terms of a `contract_type` ("app.model") id."""
    HOURLY_TERMS[contract_type] = provider
    return provider


def hourly_terms(contract_type: str, contract_id: int) -> HourlyTerms | None:
    provider = HOURLY_TERMS.get(contract_type)
    return provider(int(contract_id)) if provider is not None else None
