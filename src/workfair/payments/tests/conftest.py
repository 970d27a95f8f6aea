"""Shared worlds for the payments tests: a started fixed-price contract with a verified client."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.contracts.models import Contract
from workfair.contracts.tests.factories import started_contract


@pytest.fixture
def contract(db: Any) -> Contract:
    """Fixed price, milestones of 100.00 and 200.00 USD, client with a verified sandbox card."""
    return started_contract()


@pytest.fixture
def no_first_payout_hold(settings: Any) -> None:
    settings.WORKFAIR_PAYMENTS = {**settings.WORKFAIR_PAYMENTS, "FIRST_PAYOUT_HOLD_DAYS": 0}
