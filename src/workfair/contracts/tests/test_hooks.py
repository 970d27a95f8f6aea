"""The contract page's sections that apps above contracts register (`contracts.hooks`)."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.contracts import hooks


@pytest.fixture
def no_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "_SECTIONS", [])


@pytest.mark.usefixtures("no_sections")
def test_sections_render_in_order_once_each_and_empty_ones_are_left_out() -> None:
    def first(request: Any, contract: Any) -> str:
        return f"<p>first {contract}</p>"

    def empty(request: Any, contract: Any) -> str:
        return ""

    def second(request: Any, contract: Any) -> str:
        return "<p>second</p>"

    for section in (first, empty, second, first):
        hooks.register_contract_section(section)
    assert hooks.contract_sections(None, 7) == ["<p>first 7</p>", "<p>second</p>"]  # type: ignore[arg-type]
