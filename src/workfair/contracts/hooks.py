"""Sections that apps above contracts add to the contract page (registered from their
`AppConfig.ready`, as the floors require: contracts never imports them).

    register_contract_section(section)   # section(request, contract) -> HTML, or "" for none

The feedback app adds "Leave feedback" to an ended contract's page this way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString

from workfair.contracts.models import Contract

ContractSection = Callable[[Any, Contract], SafeString | str]
_SECTIONS: list[ContractSection] = []


def register_contract_section(section: ContractSection) -> None:
    """Add `section` to every contract page (once: registering it again changes nothing)."""
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def contract_sections(request: Any, contract: Contract) -> list[SafeString | str]:
    """The registered sections for this viewer and contract, in registration order, empty ones left out."""
    return [html for html in (section(request, contract) for section in _SECTIONS) if html]
