"""Proposals' part of "download my data" and of the erasure (`core.personal_data`): the person's
proposals with their attachments, the invitations they got and their credit history. On erasure
proposals still waiting are withdrawn; the cover letters and attachments of every proposal that
was not hired are erased (a hired one stays: it is part of the contract's record)."""

from __future__ import annotations

from typing import Any

from workfair.core.personal_data import ExportFile, ExportPart, delete_file_on_commit, register_personal_data
from workfair.core.transitions import transition
from workfair.proposals.models import CreditTransaction, Invitation, Proposal, ProposalAttachment
from workfair.proposals.states import PROPOSAL_TRANSITIONS, ProposalStatus

ERASED_TEXT = "(erased with the account)"


def export_proposals(user: Any) -> ExportPart:
    proposals = list(Proposal.objects.filter(freelancer_id=user.pk).select_related("job").order_by("pk"))
    attachments = list(ProposalAttachment.objects.filter(proposal__freelancer_id=user.pk).order_by("pk"))
    files = [ExportFile(path=f"{a.proposal_id}/{a.pk}-{a.name}", file=a.file) for a in attachments if a.file]
    return ExportPart(
        records={
            "proposals": [
                {
                    "id": p.pk,
                    "job": p.job.title,
                    "cover_letter": p.cover_letter,
                    "amount": p.amount,
                    "currency": p.currency,
                    "estimated_duration": p.estimated_duration,
                    "status": p.status,
                    "credits_spent": p.credits_spent,
                    "decline_reason": p.decline_reason,
                    "created_at": p.created_at,
                    "attachments": [a.name for a in attachments if a.proposal_id == p.pk],
                }
                for p in proposals
            ],
            "invitations_received": list(
                Invitation.objects.filter(freelancer_id=user.pk)
                .order_by("pk")
                .values("job__title", "message", "status", "created_at", "responded_at")
            ),
            "credits": list(
                CreditTransaction.objects.filter(account__freelancer_id=user.pk)
                .order_by("pk")
                .values("delta", "reason", "period", "created_at")
            ),
        },
        files=files,
    )


def erase_proposals(user: Any) -> dict[str, int]:
    waiting = Proposal.objects.filter(
        freelancer_id=user.pk, status__in=[ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED]
    )
    withdrawn = 0
    for proposal in waiting.order_by("pk"):
        transition(proposal, ProposalStatus.WITHDRAWN, table=PROPOSAL_TRANSITIONS, actor=None, reason="account erased")
        withdrawn += 1
    not_hired = Proposal.objects.filter(freelancer_id=user.pk).exclude(status=ProposalStatus.HIRED)
    attachments = ProposalAttachment.objects.filter(proposal__in=not_hired)
    for attachment in attachments:
        delete_file_on_commit(attachment.file)
    return {
        "proposals_withdrawn": withdrawn,
        "attachments": attachments.delete()[0],
        "cover_letters": not_hired.update(cover_letter=ERASED_TEXT),
    }


def register() -> None:
    register_personal_data("proposals", export=export_proposals, erase=erase_proposals)
