"""Every write of the minding app: cover-letter checks, client spam flags, spot reviews.

A check is written with the proposal (`do_check_letter`, called from `do_submit_proposal`'s
transaction through `proposals.hooks`). A letter joins the spot-review queue by risk (template or
copy, flags, a new account's generic letter) or by a random sample; staff keep it or toss it with
a reason. A tossed letter leaves the client's list (`proposal_hooks.client_listing`), its sender
is told why, and `do_toss_letter` says whether it is a repeat, for the console to move the
enforcement ladder (docs/subsystems/minding.md)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, PermissionDenied
from workfair.minding import index, policy, scoring
from workfair.minding.models import LetterCheck, SpamFlag
from workfair.minding.states import QueueReason, ReviewStatus, TextKind
from workfair.notifications.actions import do_notify
from workfair.proposals.models import Proposal
from workfair.proposals.states import ProposalStatus
from workfair.trust.interface import StaffRole, require_role

REVIEW_REASON_MAX = 500
FLAGGABLE = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.DECLINED})


@dataclass(frozen=True, slots=True)
class LetterScores:
    specificity: float
    specifics_named: list[str]
    own_similarity: float
    copy_similarity: float
    nearest_proposal_id: int | None

    shingle_count: int = 0

    @property
    def template_score(self) -> float:
        """The larger similarity, as it counts (`policy.counted_similarity`: short letters only
        when nearly identical)."""
        return policy.counted_similarity(max(self.own_similarity, self.copy_similarity), self.shingle_count)

    @property
    def generic(self) -> bool:
        return policy.is_generic(self.specificity, self.template_score)


def job_specifics(job: Any) -> list[str]:
    return scoring.post_specifics(job.title, job.description, [skill.name for skill in job.skills.all()])


def score_letter(*, letter: str, job: Any, freelancer_id: int, exclude_proposal_id: int | None = None) -> LetterScores:
    """The scores of `letter` for `job` by `freelancer_id`, against every stored letter (no writes).
    Own letters: the latest `OWN_LETTERS_SCANNED` compared one by one, older ones through the index;
    other accounts' letters: through the LSH index."""
    sig = scoring.signature(letter)
    specificity, named = scoring.specificity(letter, f"{job.title}\n{job.description}", job_specifics(job))
    own, copied, nearest = 0.0, 0.0, None
    own_best: tuple[float, int | None] = (0.0, None)
    for object_id, other in index.recent_of_owner(
        freelancer_id, kind=TextKind.COVER_LETTER, limit=int(policy.setting("OWN_LETTERS_SCANNED"))
    ):
        if object_id == exclude_proposal_id:
            continue
        value = scoring.similarity(sig, other)
        if value > own_best[0]:
            own_best = (value, object_id)
    own, nearest = own_best
    copy_best: tuple[float, int | None] = (0.0, None)
    exclude = (TextKind.COVER_LETTER.value, exclude_proposal_id) if exclude_proposal_id else None
    for match in index.near(sig, kind=TextKind.COVER_LETTER, exclude=exclude):
        if match.owner_id == freelancer_id:
            if match.similarity > own:
                own, nearest = match.similarity, match.object_id
        elif match.similarity > copy_best[0]:
            copy_best = (match.similarity, match.object_id)
    copied = copy_best[0]
    if copied > own:
        nearest = copy_best[1]
    return LetterScores(
        round(specificity, 3), named, round(own, 3), round(copied, 3), nearest, len(scoring.shingles(letter))
    )


def _new_account(user: Any) -> bool:
    joined = getattr(user, "date_joined", None)
    days = int(policy.setting("NEW_ACCOUNT_DAYS"))
    return joined is not None and clock.now() - joined < dt.timedelta(days=days)


def _queue_reason(check: LetterCheck, *, new_account: bool) -> str:
    if check.spam_flags:
        return QueueReason.FLAGGED
    if policy.is_template(check.copy_similarity) and check.copy_similarity >= check.own_similarity:
        return QueueReason.COPIED
    if policy.is_template(check.template_score):
        return QueueReason.TEMPLATE
    return QueueReason.NEW_ACCOUNT if new_account else QueueReason.TEMPLATE


def _consider_queue(check: LetterCheck, *, new_account: bool, sample: bool = False) -> None:
    """Put the letter in the spot-review queue when its risk says so, a client flagged it, or it was
    sampled; a letter already reviewed is not queued again."""
    check.risk = policy.risk(
        specificity=check.specificity, template_score=check.template_score, spam_flags=check.spam_flags,
        new_account=new_account,
    )  # fmt: skip
    if check.review_status != ReviewStatus.NONE:
        if check.review_status == ReviewStatus.QUEUED and check.spam_flags:
            check.queue_reason = QueueReason.FLAGGED
        return
    generic_newcomer = new_account and policy.is_generic(check.specificity, check.template_score)
    if check.spam_flags or generic_newcomer or check.risk >= int(policy.setting("QUEUE_RISK")):
        check.queue_reason = _queue_reason(check, new_account=new_account)
    elif sample:
        check.queue_reason = QueueReason.SAMPLE
    else:
        return
    check.review_status = ReviewStatus.QUEUED
    check.queued_at = clock.now()


def do_check_letter(proposal: Proposal) -> LetterCheck:
    """Score a just-submitted proposal's cover letter, index it, and queue it for a spot review
    when it is risky or sampled. Runs in the submitting transaction (`proposals.hooks`)."""
    with transaction.atomic():
        scores = score_letter(
            letter=proposal.cover_letter, job=proposal.job, freelancer_id=proposal.freelancer_id,
            exclude_proposal_id=proposal.pk,
        )  # fmt: skip
        index.add_print(
            kind=TextKind.COVER_LETTER, object_id=proposal.pk, owner_id=proposal.freelancer_id,
            sig=scoring.signature(proposal.cover_letter),
        )  # fmt: skip
        nearest = scores.nearest_proposal_id
        if nearest is not None and not Proposal.objects.filter(pk=nearest).exists():
            nearest = None  # the index may still hold the print of a proposal since deleted
        check = LetterCheck(
            proposal=proposal,
            freelancer_id=proposal.freelancer_id,
            specificity=scores.specificity,
            specifics_named=scores.specifics_named,
            own_similarity=scores.own_similarity,
            copy_similarity=scores.copy_similarity,
            template_score=scores.template_score,
            nearest_id=nearest,
            checked_at=clock.now(),
        )
        sampled = random.random() < float(policy.setting("SAMPLE_RATE"))  # noqa: S311 - a sample, not a secret
        _consider_queue(check, new_account=_new_account(proposal.freelancer), sample=sampled)
        check.save()
        record_audit(
            actor=None, action="letter.check", target=proposal,
            data={"specificity": check.specificity, "template": check.template_score, "queued": check.queue_reason},
        )  # fmt: skip
    return check


@transaction.atomic
def do_flag_letter(*, actor: Any, proposal: Proposal) -> LetterCheck:
    """The job's client flags a proposal's cover letter as spam (one click; once per client and
    proposal: a second click changes nothing). The letter joins the spot-review queue."""
    if actor is None or proposal.job.client_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the client of this job can flag its proposals.")
    if proposal.status not in FLAGGABLE:
        raise Conflict("This proposal can no longer be flagged.", code="invalid_state")
    check = LetterCheck.objects.select_for_update().filter(proposal=proposal).first()
    if check is None:  # sent before the checks existed
        do_check_letter(proposal)
        check = LetterCheck.objects.select_for_update().get(proposal=proposal)
    try:
        with transaction.atomic():
            SpamFlag.objects.create(proposal=proposal, client=actor, created_at=clock.now())
    except IntegrityError:
        return check  # already flagged by this client
    LetterCheck.objects.filter(pk=check.pk).update(spam_flags=F("spam_flags") + 1)
    check.refresh_from_db()
    _consider_queue(check, new_account=_new_account(proposal.freelancer))
    check.save(update_fields=["risk", "review_status", "queue_reason", "queued_at"])
    record_audit(actor=actor, action="letter.flag", target=proposal, data={"flags": check.spam_flags})
    return check


def _require_staff(actor: Any) -> None:
    require_role(actor, StaffRole.MODERATOR)


def _reviewable(check_id: int) -> LetterCheck:
    check = LetterCheck.objects.select_for_update().select_related("proposal__job").filter(pk=check_id).first()
    if check is None:
        raise InvalidInput("No such letter in the queue.")
    if check.review_status != ReviewStatus.QUEUED:
        raise Conflict(f"This letter was already {check.get_review_status_display().lower()}.", code="already_reviewed")
    return check


def _clean_reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and len(reason) < 10:
        raise InvalidInput("Say why, in at least 10 characters: the sender reads it.")
    if len(reason) > REVIEW_REASON_MAX:
        raise InvalidInput(f"The reason can have at most {REVIEW_REASON_MAX} characters.")
    return reason


@transaction.atomic
def do_keep_letter(*, actor: Any, check_id: int, reason: str = "") -> LetterCheck:
    """Staff keep a queued letter: it stays with the client and leaves the queue."""
    _require_staff(actor)
    reason = _clean_reason(reason, required=False)
    check = _reviewable(check_id)
    check.review_status, check.reviewed_at, check.reviewed_by, check.review_reason = (
        ReviewStatus.KEPT, clock.now(), actor, reason,
    )  # fmt: skip
    check.save(update_fields=["review_status", "reviewed_at", "reviewed_by", "review_reason"])
    record_audit(actor=actor, action="letter.keep", target=check.proposal, data={"reason": reason})
    return check


@dataclass(frozen=True, slots=True)
class TossResult:
    check: LetterCheck
    tossed_recently: int  # the sender's tossed letters within REPEAT_DAYS, this one included

    @property
    def repeat(self) -> bool:
        return self.tossed_recently >= int(policy.setting("REPEAT_COUNT"))


@transaction.atomic
def do_toss_letter(*, actor: Any, check_id: int, reason: str) -> TossResult:
    """Staff toss a queued letter with a reason (at least 10 characters; the sender reads it): the
    proposal leaves the client's list and page, the sender is notified with the reason. Returns how
    many letters of the sender were tossed within `REPEAT_DAYS`: from `REPEAT_COUNT` on it is a
    repeat, which the console turns into a strike on the enforcement ladder."""
    _require_staff(actor)
    reason = _clean_reason(reason, required=True)
    check = _reviewable(check_id)
    now = clock.now()
    check.review_status, check.reviewed_at, check.reviewed_by, check.review_reason = (
        ReviewStatus.TOSSED, now, actor, reason,
    )  # fmt: skip
    check.save(update_fields=["review_status", "reviewed_at", "reviewed_by", "review_reason"])
    since = now - dt.timedelta(days=int(policy.setting("REPEAT_DAYS")))
    tossed = LetterCheck.objects.filter(
        freelancer_id=check.freelancer_id, review_status=ReviewStatus.TOSSED, reviewed_at__gte=since
    ).count()
    proposal = check.proposal
    record_audit(actor=actor, action="letter.toss", target=proposal, data={"reason": reason, "tossed_recently": tossed})
    do_notify(
        proposal.freelancer,
        kind="proposal.tossed",
        title=f"Your proposal on {proposal.job.title} was removed",
        body=(
            f"Staff reviewed your cover letter and removed the proposal from the client's list: {reason} "
            "Cover letters must be written for the job they answer; "
            "repeated removals lead to a warning, then restrictions."
        ),
        url=reverse("proposals:detail", args=[proposal.pk]),
    )
    return TossResult(check, tossed)
