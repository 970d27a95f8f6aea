"""The history identity's step-up questions are built from: the account's recent contracts, and
job posts and freelancers it can see (the decoys). Registered from `ProfilesConfig.ready`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workfair.contracts.queries import contracts_for_user
from workfair.core.pagination import PageRequest
from workfair.identity import interface as identity
from workfair.jobs.queries import search_jobs
from workfair.profiles.queries import search_freelancers


def _recent_contracts(user: Any, count: int) -> Sequence[Any]:
    return list(contracts_for_user(user)[:count])


def _visible_jobs(user: Any, count: int) -> Sequence[Any]:
    jobs, _ = search_jobs(user, size=count)
    return list(jobs)


def _visible_freelancers(user: Any, count: int) -> Sequence[Any]:
    profiles, _ = search_freelancers(user, page=PageRequest(size=count))
    return [p.user for p in profiles]


def register() -> None:
    identity.register_history_source(
        identity.HistorySource(
            recent_contracts=_recent_contracts, visible_jobs=_visible_jobs, visible_freelancers=_visible_freelancers
        )
    )
