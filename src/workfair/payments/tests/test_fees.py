"""The fee functions: basis points, rounding half up in minor units, the operator's rates, refusals."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.payments.config import DEFAULTS, client_fee, fee, freelancer_fee, setting


@pytest.mark.parametrize(
    ("amount", "bps", "expected"),
    [
        (10_000, 1000, 1000),
        (10_000, 500, 500),
        (0, 1000, 0),
        (1, 5000, 1),  # 0.5 rounds up
        (1, 4999, 0),  # 0.4999 rounds down
        (3, 5000, 2),  # 1.5 rounds up
        (99, 1000, 10),  # 9.9
        (94, 1000, 9),  # 9.4
        (95, 1000, 10),  # 9.5 rounds up
        (12_345, 0, 0),
        (12_345, 10_000, 12_345),  # 100 %
        (7, 1, 0),
    ],
)
def test_fee_rounds_half_up_in_minor_units(amount: int, bps: int, expected: int) -> None:
    assert fee(amount, bps) == expected
    assert isinstance(fee(amount, bps), int)


@pytest.mark.parametrize(("amount", "bps"), [(-1, 1000), (100, -1), (-5, -5)])
def test_negative_amounts_and_rates_are_refused(amount: int, bps: int) -> None:
    with pytest.raises(ValueError, match=r"^amount and fee rate are not negative$") as refused:
        fee(amount, bps)
    assert str(refused.value) == "amount and fee rate are not negative"


def test_the_defaults() -> None:
    assert (DEFAULTS["FREELANCER_FEE_BPS"], DEFAULTS["CLIENT_FEE_BPS"]) == (1000, 500)
    assert client_fee(10_000) == 500
    assert freelancer_fee(10_000) == 1000


def test_the_operator_sets_the_rates(settings: Any) -> None:
    settings.WORKFAIR_PAYMENTS = {**settings.WORKFAIR_PAYMENTS, "CLIENT_FEE_BPS": 300, "FREELANCER_FEE_BPS": 2000}
    assert client_fee(10_000) == 300
    assert freelancer_fee(10_000) == 2000
    assert setting("MIN_PAYOUT") == settings.WORKFAIR_PAYMENTS.get("MIN_PAYOUT", DEFAULTS["MIN_PAYOUT"])


def test_an_unset_operator_dict_falls_back_to_the_defaults(settings: Any) -> None:
    settings.WORKFAIR_PAYMENTS = None
    assert setting("CLIENT_FEE_BPS") == 500
    assert setting("SANDBOX_WEBHOOK_SECRET") == DEFAULTS["SANDBOX_WEBHOOK_SECRET"]
    del settings.WORKFAIR_PAYMENTS
    assert setting("FREELANCER_FEE_BPS") == 1000
