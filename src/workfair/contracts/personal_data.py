"""Contracts' part of "download my data" and of account deletion (`core.personal_data`): the offers
and contracts the person took part in, as client or freelancer, with their milestones. Nothing is
erased: contracts are the record that money moved (kept under the pseudonymised account). An
active or paused contract stops the deletion."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from workfair.contracts.models import Contract, Milestone, Offer
from workfair.contracts.states import ContractStatus
from workfair.core.personal_data import ExportPart, register_personal_data

ACTIVE_CONTRACT = "You have a contract that is still going: end it (or let it end) first."


def export_contracts(user: Any) -> ExportPart:
    mine = Q(client_id=user.pk) | Q(freelancer_id=user.pk)
    contracts = list(Contract.objects.filter(mine).order_by("pk"))
    milestones = Milestone.objects.filter(contract__in=contracts).order_by("contract_id", "position", "pk")
    return ExportPart(
        records={
            "offers": list(
                Offer.objects.filter(mine)
                .order_by("pk")
                .values(
                    "id",
                    "title",
                    "description",
                    "contract_type",
                    "currency",
                    "hourly_rate",
                    "weekly_limit_hours",
                    "status",
                    "created_at",
                    "responded_at",
                    "decline_reason",
                )
            ),
            "contracts": [
                {
                    "id": c.pk,
                    "role": "client" if c.client_id == user.pk else "freelancer",
                    "title": c.title,
                    "contract_type": c.contract_type,
                    "currency": c.currency,
                    "hourly_rate": c.hourly_rate,
                    "status": c.status,
                    "end_reason": c.end_reason,
                    "started_at": c.started_at,
                    "ended_at": c.ended_at,
                    "milestones": [
                        {
                            "title": m.title,
                            "amount": m.amount,
                            "status": m.status,
                            "submission_note": m.submission_note,
                            "submitted_at": m.submitted_at,
                            "approved_at": m.approved_at,
                        }
                        for m in milestones
                        if m.contract_id == c.pk
                    ],
                }
                for c in contracts
            ],
        }
    )


def contract_blocker(user: Any) -> str:
    going = Contract.objects.filter(Q(client_id=user.pk) | Q(freelancer_id=user.pk))
    if going.filter(status__in=[ContractStatus.ACTIVE, ContractStatus.PAUSED]).exists():
        return ACTIVE_CONTRACT
    return ""


def register() -> None:
    register_personal_data("contracts", export=export_contracts, blocker=contract_blocker)
