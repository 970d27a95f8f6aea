"""Copied work: a profile overview or portfolio description compared, through the same LSH index,
with every earlier text of other accounts (cover letters, overviews, portfolio descriptions). A
match opens a case in the console's reports queue with the two texts side by side."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.minding import index, policy, scoring
from workfair.minding.models import CopyFinding
from workfair.minding.states import TextKind
from workfair.profiles.models import FreelancerProfile, PortfolioItem
from workfair.proposals.models import Proposal
from workfair.trust import interface as trust

COPY_TYPE = "minding.copyfinding"
# A text at least this alike (estimated Jaccard of word 3-shingles) to another account's is a copy.
COPY_THRESHOLD = 0.5


def text_of(kind: str, object_id: int) -> tuple[str, Any, str] | None:
    """(text, author, where to open it) of an indexed text, or None when it is gone."""
    if kind == TextKind.COVER_LETTER:
        proposal = Proposal.objects.select_related("freelancer").filter(pk=object_id).first()
        if proposal is None:
            return None
        return proposal.cover_letter, proposal.freelancer, reverse("admin:proposals_proposal_change", args=[object_id])
    if kind == TextKind.PROFILE_OVERVIEW:
        profile = FreelancerProfile.objects.select_related("user").filter(pk=object_id).first()
        return (
            (profile.overview, profile.user, reverse("profiles:freelancer_detail", args=[profile.user_id]))
            if profile
            else None
        )
    if kind == TextKind.PORTFOLIO_DESCRIPTION:
        item = PortfolioItem.objects.select_related("profile__user").filter(pk=object_id).first()
        return (
            (item.description, item.profile.user, reverse("profiles:freelancer_detail", args=[item.profile.user_id]))
            if item
            else None
        )
    return None


def do_check_copied_text(kind: str, object_id: int, owner_id: int, text: str) -> CopyFinding | None:
    """Index a freelancer's profile text and look for another account's earlier text it copies.
    Runs in the writing transaction (`profiles.hooks`). Texts under `SHORT_SHINGLES` shingles are
    indexed but not judged: a short line ("Python developer") is not work to copy."""
    with transaction.atomic():
        sig = scoring.signature(text)
        matches = [m for m in index.near(sig, kind=None, exclude=(kind, object_id)) if m.owner_id != owner_id]
        index.add_print(kind=kind, object_id=object_id, owner_id=owner_id, sig=sig)
        if len(scoring.shingles(text)) < int(policy.setting("SHORT_SHINGLES")):
            return None
        best = next((m for m in matches if m.similarity >= COPY_THRESHOLD), None)
        if best is None:
            return None
        finding, _ = CopyFinding.objects.update_or_create(
            kind=kind,
            object_id=object_id,
            defaults={
                "owner_id": owner_id, "source_kind": best.kind, "source_object_id": best.object_id,
                "source_owner_id": best.owner_id, "similarity": round(best.similarity, 3), "created_at": clock.now(),
            },
        )  # fmt: skip
        label = TextKind(kind).label.lower()
        finding.case_id = trust.open_case(
            queue=trust.Queue.REPORTS,
            title=f"Copied {label}: {round(best.similarity * 100)} % alike another account's text",
            subject_id=owner_id,
            target_type=COPY_TYPE,
            target_id=finding.pk,
            risk=min(100, int(best.similarity * 100)),
        )
        finding.save(update_fields=["case_id"])
        record_audit(
            actor=None, action="text.copied", target=finding,
            data={"kind": kind, "object_id": object_id, "source": f"{best.kind}:{best.object_id}"},
        )  # fmt: skip
    return finding


def finding_view(finding_id: int) -> trust.TargetView | None:
    """The copied text and, beside it, the earlier text it matches, for the console's case page."""
    finding = CopyFinding.objects.filter(pk=finding_id).first()
    if finding is None:
        return None
    copied, source = text_of(finding.kind, finding.object_id), text_of(finding.source_kind, finding.source_object_id)
    if copied is None:
        return None
    text, author, url = copied
    context: tuple[trust.ContextLine, ...] = ()
    if source is not None:
        context = (
            trust.ContextLine(
                author=f"{source[1].public_name} (#{source[1].pk}), {TextKind(finding.source_kind).label.lower()}",
                at=None,
                text=source[0],
            ),
        )
    return trust.TargetView(
        label=f"{TextKind(finding.kind).label} #{finding.object_id}, {round(finding.similarity * 100)} % alike",
        text=text,
        url=url,
        author=f"{author.public_name} (#{author.pk})",
        context_title="The earlier text of another account it matches",
        context=context,
    )
