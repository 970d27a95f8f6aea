"""Every write about job posts: do_<verb>_<noun>, one transaction, audited.

Life of a post: `do_create_job` (draft) → `do_submit_job` (submitted) → `review_submitted_job`
(the trust engine: open, refused, or submitted until a moderator decides) → `do_close_job` / `do_expire_jobs` (closed).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction

from workfair.accounts.models import Membership, Organization
from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from workfair.core.money import MINOR_UNITS, exponent
from workfair.core.transitions import transition
from workfair.jobs.models import JOB_SEARCH_CONFIG, Category, Job
from workfair.jobs.states import (
    JOB_TRANSITIONS,
    BudgetType,
    CloseReason,
    ExperienceLevel,
    JobDuration,
    JobStatus,
    JobVisibility,
)
from workfair.notifications.actions import do_notify
from workfair.skills.models import Skill
from workfair.trust import interface as trust
from workfair.trust.interface import require_capability

logger = logging.getLogger(__name__)

TITLE_MIN, TITLE_MAX = 10, 120
DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 10_000
MAX_SKILLS = 15
# Lowest and highest budgets, in major units of the job's currency (scaled by its exponent).
FIXED_MIN_MAJOR = 5  # the smallest fundable milestone (docs/rules.md)
HOURLY_MIN_MAJOR = 1
FIXED_MAX_MAJOR = 10_000_000
HOURLY_MAX_MAJOR = 10_000
EDITABLE_STATUSES = frozenset({JobStatus.DRAFT, JobStatus.REFUSED})
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "category",
        "skills",
        "budget_type",
        "budget_min",
        "budget_max",
        "currency",
        "duration",
        "experience_level",
        "visibility",
    }
)
# Who may close a post, and with which reasons. `expired` belongs to `do_expire_jobs` alone.
CLIENT_CLOSE_REASONS = frozenset({CloseReason.HIRED, CloseReason.CANCELLED})
STAFF_CLOSE_REASONS = frozenset({CloseReason.HIRED, CloseReason.CANCELLED, CloseReason.REMOVED})

# Hours of work an hourly post of each duration stands for, to size it against fixed posts.
HOURS_BY_DURATION: dict[str, int] = {
    JobDuration.LESS_THAN_MONTH: 40,
    JobDuration.ONE_TO_THREE: 160,
    JobDuration.THREE_TO_SIX: 400,
    JobDuration.MORE_THAN_SIX: 800,
}
# (size below this many major units, credits): a proposal costs more on a bigger job.
CREDIT_TIERS: tuple[tuple[int, int], ...] = (
    (100, 1),
    (250, 2),
    (500, 3),
    (1_000, 4),
    (2_500, 6),
    (5_000, 8),
    (10_000, 10),
    (25_000, 12),
    (50_000, 14),
)
MAX_CREDITS = 16


# --- pure rules -------------------------------------------------------------------------------


def validate_job_fields(fields: Mapping[str, Any]) -> None:
    """Check a complete set of post fields against the posting rules; raise `InvalidInput` with
    a message a person can act on. Pure: no database access."""
    title = str(fields["title"]).strip()
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise InvalidInput(f"The title must be {TITLE_MIN} to {TITLE_MAX} characters long.")
    description = str(fields["description"]).strip()
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        raise InvalidInput(f"The description must be {DESCRIPTION_MIN} to {DESCRIPTION_MAX:,} characters long.")
    if not isinstance(fields["category"], Category):
        raise InvalidInput("Choose a category.")
    skills = list(fields["skills"])
    if len(skills) > MAX_SKILLS:
        raise InvalidInput(f"Choose at most {MAX_SKILLS} skills.")
    if any(not isinstance(skill, Skill) for skill in skills):
        raise InvalidInput("Choose skills from the list.")
    for name, enum in (
        ("budget_type", BudgetType),
        ("duration", JobDuration),
        ("experience_level", ExperienceLevel),
        ("visibility", JobVisibility),
    ):
        if fields[name] not in enum.values:
            raise InvalidInput(f"Unknown {name.replace('_', ' ')}: {fields[name]!r}.")
    currency = fields["currency"]
    if currency not in MINOR_UNITS:
        raise InvalidInput(f"Currency must be one of {', '.join(sorted(MINOR_UNITS))}.")
    validate_budget(fields["budget_type"], fields["budget_min"], fields["budget_max"], currency)


def validate_budget(budget_type: str, budget_min: Any, budget_max: Any, currency: str) -> None:
    """Budgets are whole minor units: positive, min <= max; a fixed budget is one amount of at
    least 5 units of currency; an hourly rate is at least 1 unit per hour."""
    if isinstance(budget_min, bool) or isinstance(budget_max, bool):
        raise InvalidInput("The budget must be a whole number of minor units.")
    if not isinstance(budget_min, int) or not isinstance(budget_max, int):
        raise InvalidInput("The budget must be a whole number of minor units.")
    if budget_min <= 0 or budget_max <= 0:
        raise InvalidInput("The budget must be more than zero.")
    if budget_min > budget_max:
        raise InvalidInput("The lowest rate cannot be above the highest rate.")
    unit = 10 ** exponent(currency)
    if budget_type == BudgetType.FIXED:
        if budget_min != budget_max:
            raise InvalidInput("A fixed-price budget is one amount: the minimum and maximum must be equal.")
        if budget_min < FIXED_MIN_MAJOR * unit:
            raise InvalidInput(f"A fixed-price budget is at least {FIXED_MIN_MAJOR} {currency}.")
        if budget_max > FIXED_MAX_MAJOR * unit:
            raise InvalidInput(f"A fixed-price budget is at most {FIXED_MAX_MAJOR:,} {currency}.")
    else:
        if budget_min < HOURLY_MIN_MAJOR * unit:
            raise InvalidInput(f"An hourly rate is at least {HOURLY_MIN_MAJOR} {currency} per hour.")
        if budget_max > HOURLY_MAX_MAJOR * unit:
            raise InvalidInput(f"An hourly rate is at most {HOURLY_MAX_MAJOR:,} {currency} per hour.")


def proposal_credits_for(*, budget_type: str, budget_max: int, currency: str, duration: str) -> int:
    """Credits (1 to 16) a proposal on this post costs, by the post's size: the fixed budget, or
    the top hourly rate times the hours the duration stands for. Sizes are compared in major units
    of the post's own currency (no exchange rates)."""
    size_minor = budget_max if budget_type == BudgetType.FIXED else budget_max * HOURS_BY_DURATION[duration]
    unit = 10 ** exponent(currency)
    for below_major, credits in CREDIT_TIERS:
        if size_minor < below_major * unit:
            return credits
    return MAX_CREDITS


# --- search index -----------------------------------------------------------------------------


def refresh_search_vectors(job_ids: Iterable[int] | None = None) -> int:
    """Recompute `Job.search_vector` (title weight A, description weight B) for `job_ids`, or for
    every post whose vector is missing when None (after a bulk import). One UPDATE; a no-op that
    returns 0 outside PostgreSQL. Derived data, so not audited."""
    if connection.vendor != "postgresql":
        return 0
    jobs = Job.objects.all()
    jobs = jobs.filter(search_vector__isnull=True) if job_ids is None else jobs.filter(pk__in=list(job_ids))
    return jobs.update(
        search_vector=SearchVector("title", weight="A", config=JOB_SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=JOB_SEARCH_CONFIG)
    )


# --- actions ----------------------------------------------------------------------------------


def _require_client(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_client:
        raise PermissionDenied("Only client accounts can post jobs.")


def _require_owner(actor: Any, job: Job) -> None:
    if not getattr(actor, "is_authenticated", False) or job.client_id != actor.pk:
        raise PermissionDenied("Only the client who posted this job can change it.")


def _require_member(actor: Any, organization: Organization | None) -> None:
    if organization is not None and not Membership.objects.filter(organization=organization, user=actor).exists():
        raise PermissionDenied("You can post only for an organisation you belong to.")


@transaction.atomic
def do_create_job(
    *,
    actor: Any,
    title: str,
    description: str,
    category: Category,
    skills: Iterable[Skill],
    budget_type: str,
    budget_min: int,
    budget_max: int,
    currency: str,
    duration: str,
    experience_level: str,
    visibility: str,
    organization: Organization | None = None,
) -> Job:
    """Create a draft post for the client `actor` (who must have `is_client`), optionally on behalf
    of an organisation they belong to. Budgets are minor units of `currency`. Raises
    `PermissionDenied` (an `AccountRestricted` one when the account may not post jobs) or
    `InvalidInput`; nothing is written then."""
    _require_client(actor)
    require_capability(actor, "post_job")
    skills = list(skills)
    fields: dict[str, Any] = {
        "title": title,
        "description": description,
        "category": category,
        "skills": skills,
        "budget_type": budget_type,
        "budget_min": budget_min,
        "budget_max": budget_max,
        "currency": currency,
        "duration": duration,
        "experience_level": experience_level,
        "visibility": visibility,
    }
    validate_job_fields(fields)
    _require_member(actor, organization)
    now = clock.now()
    job = Job.objects.create(
        client=actor,
        organization=organization,
        title=title.strip(),
        description=description.strip(),
        category=category,
        budget_type=budget_type,
        budget_min=budget_min,
        budget_max=budget_max,
        currency=currency,
        duration=duration,
        experience_level=experience_level,
        visibility=visibility,
        status=JobStatus.DRAFT,
        created_at=now,
        updated_at=now,
    )
    job.skills.set(skills)
    refresh_search_vectors([job.pk])
    record_audit(actor=actor, action="job.create", target=job, data={"title": job.title})
    return job


@transaction.atomic
def do_update_job(*, actor: Any, job: Job, **fields: Any) -> Job:
    """Change a draft or refused post of the client `actor`. `fields` are any of EDITABLE_FIELDS;
    the post as a whole must still pass the posting rules. Raises `PermissionDenied`,
    `InvalidInput` or `InvalidTransition` (not editable in its state); nothing is written then."""
    _require_owner(actor, job)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise InvalidInput(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.status not in EDITABLE_STATUSES:
        raise InvalidTransition("Only a draft or a refused post can be edited.")
    merged: dict[str, Any] = {name: getattr(locked, name) for name in EDITABLE_FIELDS if name != "skills"}
    merged["skills"] = list(locked.skills.all())
    if "skills" in fields:
        fields["skills"] = list(fields["skills"])
    merged.update(fields)
    validate_job_fields(merged)
    changed = sorted(name for name in fields if name != "skills" and getattr(locked, name) != fields[name])
    for name in changed:
        value = fields[name]
        setattr(locked, name, value.strip() if name in {"title", "description"} else value)
    locked.updated_at = clock.now()
    locked.save(update_fields=[*changed, "updated_at"])
    if "skills" in fields:
        locked.skills.set(fields["skills"])
        changed.append("skills")
    if {"title", "description"} & set(changed):
        refresh_search_vectors([locked.pk])
    record_audit(actor=actor, action="job.update", target=locked, data={"fields": changed})
    for f in Job._meta.concrete_fields:
        setattr(job, f.attname, getattr(locked, f.attname))
    return job


@transaction.atomic
def do_submit_job(*, actor: Any, job: Job) -> Job:
    """Send a draft (or a refused post, after edits) to review: price it in proposal credits,
    move it to `submitted`, then hand it to `review_submitted_job`. Returns the post in the
    state review left it: open, refused (with `review_note`) or still submitted (in review).
    A restricted account is refused (`AccountRestricted`) and nothing changes."""
    _require_owner(actor, job)
    require_capability(actor, "post_job")
    current = Job.objects.select_for_update().get(pk=job.pk)
    if current.status == JobStatus.REFUSED:
        # The table has no refused → submitted edge: a refused post goes back to draft first,
        # so the log shows that the client reworked it.
        transition(job, JobStatus.DRAFT, table=JOB_TRANSITIONS, actor=actor, reason="resubmitted after refusal")
    credits = proposal_credits_for(
        budget_type=current.budget_type,
        budget_max=current.budget_max,
        currency=current.currency,
        duration=current.duration,
    )
    transition(
        job,
        JobStatus.SUBMITTED,
        table=JOB_TRANSITIONS,
        actor=actor,
        extra_updates={"proposal_credits": credits, "submitted_at": clock.now(), "review_note": ""},
        error_message="Only a draft can be submitted.",
    )
    return review_submitted_job(job)


@transaction.atomic
def review_submitted_job(job: Job) -> Job:
    """THE review seam: the trust engine screens a submitted post and the post goes where its
    policy is confident (`do_review_job_post`).

    Afterwards the post is open (`opened_at` now, `expires_at` JOB_EXPIRY_DAYS later), refused
    with a `review_note` saying why, or still submitted while a moderator looks (the job-post
    queue, 30-minute SLA). A post that is not submitted is left as it is. Callers must accept
    any of those outcomes; `job` is refreshed and returned."""
    do_review_job_post(job.pk)
    job.refresh_from_db()
    return job


def do_review_job_post(job_id: int) -> str:
    """Screen a submitted job post through the trust engine and decide at once where the policy is
    confident.

    Returns the post's status afterwards: "open" (passed), "refused" (a prohibited-content or
    contact rule blocked it; `review_note` says why) or "submitted" (it waits in the job-post queue,
    due within the queue's SLA, 30 minutes by default). A post that is not `submitted` is left
    alone (idempotent). Runs in one transaction."""
    with transaction.atomic():
        job = Job.objects.select_for_update().select_related("client").get(pk=job_id)
        if job.status != JobStatus.SUBMITTED:
            return str(job.status)
        result = trust.do_record_signal(
            actor=job.client,
            kind=trust.SignalKind.JOB_SUBMITTED,
            surface="job_post",
            target_type="jobs.job",
            target_id=job.pk,
            text=f"{job.title}\n\n{job.description}",
        )
        job.refresh_from_db()
        if job.status != JobStatus.SUBMITTED:
            return str(job.status)
        outcome = result.outcome
        if outcome == trust.Outcome.BLOCK:
            # A blocking rule without a refuse_job effect still refuses the post.
            top = result.decisions[0]
            transition(job, JobStatus.REFUSED, table=JOB_TRANSITIONS, actor=None, reason=top.rule_key,
                       extra_updates={"review_note": top.reason[:500]})  # fmt: skip
        elif outcome in (trust.Outcome.HOLD, trust.Outcome.MASK):
            trust.queue_for_review(result=result, queue=trust.Queue.JOB_POSTS, title=f"Job post: {job.title}",
                                   subject_id=job.client_id, target_type="jobs.job", target_id=job.pk)  # fmt: skip
        else:
            open_submitted_job(job, actor=None, reason="passed automatic review")
        return str(job.status)


def open_submitted_job(job: Job, *, actor: Any, reason: str) -> None:
    """submitted -> open, dated now and expiring JOB_EXPIRY_DAYS later (automatic review or a
    moderator's approval)."""
    opened_at = clock.now()
    expires_at = opened_at + dt.timedelta(days=cast(int, settings.WORKFAIR["JOB_EXPIRY_DAYS"]))
    transition(job, JobStatus.OPEN, table=JOB_TRANSITIONS, actor=actor, reason=reason[:500],
               extra_updates={"opened_at": opened_at, "expires_at": expires_at, "review_note": ""})  # fmt: skip


@transaction.atomic
def do_close_job(*, actor: Any, job: Job, reason: str) -> Job:
    """Close a post. The client closes their own post as hired or cancelled; staff may also
    remove any post. `expired` is reserved to `do_expire_jobs`."""
    is_staff = getattr(actor, "is_authenticated", False) and actor.is_staff
    is_owner = getattr(actor, "is_authenticated", False) and job.client_id == actor.pk
    if not (is_staff or is_owner):
        raise PermissionDenied("Only the client who posted this job can close it.")
    allowed = STAFF_CLOSE_REASONS if is_staff else CLIENT_CLOSE_REASONS
    if reason not in allowed:
        raise InvalidInput(f"Choose a reason: {', '.join(sorted(allowed))}.")
    transition(
        job,
        JobStatus.CLOSED,
        table=JOB_TRANSITIONS,
        actor=actor,
        reason=reason,
        extra_updates={"close_reason": reason, "closed_at": clock.now()},
        error_message="This job is already closed.",
    )
    return job


def do_expire_jobs() -> int:
    """Close (reason `expired`, actor None) every open post whose `expires_at` has passed, each in
    its own transaction so one failure does not hold back the rest; tell each client. Idempotent:
    a post closed meanwhile is skipped. Returns how many posts expired."""
    now = clock.now()
    due = list(
        Job.objects.filter(status=JobStatus.OPEN, expires_at__lte=now).select_related("client").order_by("expires_at")
    )
    expired = 0
    for job in due:
        try:
            with transaction.atomic():
                transition(
                    job,
                    JobStatus.CLOSED,
                    table=JOB_TRANSITIONS,
                    actor=None,
                    reason=CloseReason.EXPIRED,
                    extra_updates={"close_reason": CloseReason.EXPIRED, "closed_at": now},
                )
                do_notify(
                    job.client,
                    kind="job.expired",
                    title=f"Your job post expired: {job.title}"[:200],
                    body="Posts close after they have been open for a while. Post it again if you still need help.",
                    url=f"/jobs/{job.pk}/",
                )
        except InvalidTransition:
            continue  # closed by its client between the query and the lock
        expired += 1
    if expired:
        logger.info("expired %d job posts", expired)
    return expired
