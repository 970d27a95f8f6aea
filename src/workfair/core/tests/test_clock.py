import datetime as dt

from workfair.core import clock


def test_frozen_clock_returns_the_frozen_moment_and_advances() -> None:
    moment = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
    with clock.frozen_at(moment):
        assert clock.now() == moment
        with clock.advanced(dt.timedelta(days=3)):
            assert clock.now() == moment + dt.timedelta(days=3)
        assert clock.now() == moment


def test_money_parsing_refuses_extra_precision() -> None:
    import pytest

    from workfair.core.errors import InvalidInput
    from workfair.core.money import format_money, to_minor

    assert to_minor("12.50", "USD") == 1250
    assert format_money(123456, "USD") == "$1,234.56"
    with pytest.raises(InvalidInput):
        to_minor("1.005", "USD")
    with pytest.raises(InvalidInput):
        to_minor("abc", "USD")
