"""What messaging asks of the apps above it. Contracts stand above messaging (they open contract
conversations), so the contracts app registers, from its `AppConfig.ready`, how to tell whether a
contract between two people is active; until it does, none is (contact details stay masked)."""

from __future__ import annotations

from collections.abc import Callable

ContractLookup = Callable[[int, int], bool]
_CONTRACT_LOOKUPS: list[ContractLookup] = []


def register_contract_lookup(lookup: ContractLookup) -> None:
    """`lookup(client_id, freelancer_id)` says whether a contract between them is active."""
    if lookup not in _CONTRACT_LOOKUPS:
        _CONTRACT_LOOKUPS.append(lookup)


def active_contract_between(client_id: int, freelancer_id: int) -> bool:
    """Whether any registered lookup knows of an active contract between the two."""
    return any(lookup(client_id, freelancer_id) for lookup in _CONTRACT_LOOKUPS)
