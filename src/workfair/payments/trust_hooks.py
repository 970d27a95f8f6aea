"""What the trust engine needs of payments. Registered from `PaymentsConfig.ready`.

Withdrawals are refused by the engine's own capability check (`require_capability(user,
"withdraw")`: restricted accounts and open identity step-ups); payments adds nothing to it."""

from __future__ import annotations


def register() -> None:
    return None
