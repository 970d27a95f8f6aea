"""What the trust engine needs of proposals: reporting one. Registered from `ProposalsConfig.ready`."""

from __future__ import annotations

from typing import Any

from workfair.proposals.queries import access_proposal_by_id
from workfair.trust import interface as trust


def _proposal_owner(actor: Any, proposal_id: int) -> Any:
    return access_proposal_by_id(actor, proposal_id).freelancer


def register() -> None:
    trust.register_report_target("proposal", "proposals.proposal", _proposal_owner)
