"""Every read about job posts that depends on who is asking.

Who sees a post:
- draft, submitted, refused: its client (and staff) only;
- open or closed: public → anyone; members → anyone signed in; invite only → its client, staff
  and the freelancers invited to it.
Who sees the client's name: the client, staff, and freelancers the client invited or talks to
about this post (an interview). Everyone else sees a `ClientSummary` instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When

from workfair.core.errors import InvalidInput, NotFound, PermissionDenied
from workfair.core.pagination import PageRequest
from workfair.jobs.models import JOB_SEARCH_CONFIG, Category, Job
from workfair.jobs.states import BudgetType, ExperienceLevel, JobDuration, JobStatus, JobVisibility
from workfair.messaging.models import Conversation
from workfair.skills.models import Skill
from workfair.trust.interface import require_capability

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 10  # the SQLite fallback builds one LIKE per term
MAX_FILTER_SKILLS = 15
# The largest budget filter: budgets are PositiveIntegerFields (minor units), and a larger number
# cannot even be compared with one on PostgreSQL.
MAX_BUDGET_FILTER = 2_147_483_647
# Search ranks the newest SEARCH_WINDOW matches by relevance and reports at most that many in all
# ("1,000+"). Open posts live 30 days, so the window covers what a freelancer can still apply to,
# and a broad word ("design") costs a walk of the newest matches, not a rank of every match.
SEARCH_WINDOW = 1000
PRIVATE_STATUSES = frozenset({JobStatus.DRAFT, JobStatus.SUBMITTED, JobStatus.REFUSED})


def _signed_in(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def _is_staff(viewer: Any) -> bool:
    return _signed_in(viewer) and bool(viewer.is_staff)


def _job_queryset() -> QuerySet[Job]:
    return Job.objects.select_related("category", "client", "client__client_profile").prefetch_related("skills")


# --- one post ---------------------------------------------------------------------------------


def can_view_job(viewer: Any, job: Job) -> bool:
    """Whether `viewer` (a user or AnonymousUser) may see `job` at all (rules in the module doc)."""
    if _is_staff(viewer) or (_signed_in(viewer) and job.client_id == viewer.pk):
        return True
    if job.status in PRIVATE_STATUSES:
        return False
    if job.visibility == JobVisibility.PUBLIC:
        return True
    if not _signed_in(viewer):
        return False
    if job.visibility == JobVisibility.MEMBERS:
        return True
    return job.invitations.filter(freelancer=viewer).exists()


def access_job_by_id(viewer: Any, job_id: int) -> Job:
    """The post `job_id` if `viewer` may see it, with category, client and skills loaded.
    Raises `NotFound` both when it does not exist and when it is not the viewer's to see."""
    job = _job_queryset().filter(pk=job_id).first()
    if job is None or not can_view_job(viewer, job):
        raise NotFound("This job does not exist or is not visible to you.")
    return job


def access_own_job_by_id(actor: Any, job_id: int) -> Job:
    """The post `job_id` if `actor` is its client; `NotFound` otherwise (pages that change a post)."""
    job = access_job_by_id(actor, job_id)
    if not _signed_in(actor) or job.client_id != actor.pk:
        raise NotFound("This job does not exist or is not visible to you.")
    return job


def jobs_of_client(actor: Any, status: str | None = None) -> QuerySet[Job]:
    """The posts of the client `actor`, newest first, optionally in one status; none when signed out."""
    if not _signed_in(actor):
        return Job.objects.none()
    if status is not None and status not in JobStatus.values:
        raise InvalidInput(f"Unknown job status: {status!r}.")
    jobs = Job.objects.filter(client=actor).select_related("category").prefetch_related("skills")
    if status is not None:
        jobs = jobs.filter(status=status)
    return jobs.order_by("-created_at", "-id")


def count_jobs_of_client_by_status(actor: Any) -> dict[str, int]:
    """How many posts `actor` has in each status (every status present, zero if none)."""
    counts = dict.fromkeys(JobStatus.values, 0)
    if _signed_in(actor):
        for row in Job.objects.filter(client=actor).values("status").annotate(n=Count("id")).order_by():
            counts[row["status"]] = row["n"]
    return counts


# --- the client behind a post -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientSummary:
    """What anyone who may see a post learns about its client, instead of the name."""

    location: str
    jobs_posted: int
    hires: int
    member_since: dt.datetime

    @property
    def label(self) -> str:
        return f"Client in {self.location}" if self.location else "Client"


@dataclass(frozen=True, slots=True)
class ClientView:
    """The client as one viewer sees them on one post: the name only when it is visible."""

    name: str | None
    summary: ClientSummary

    @property
    def label(self) -> str:
        return self.name or self.summary.label


def _client_location(job: Job) -> str:
    try:
        profile = job.client.client_profile
    except ObjectDoesNotExist:
        return ""
    return (profile.location or profile.country).strip()


def client_summaries(jobs: Sequence[Job]) -> dict[int, ClientSummary]:
    """`ClientSummary` per client id of `jobs`, in two queries whatever their number. Expects
    `client__client_profile` loaded (the querysets of this module do that)."""
    client_ids = {job.client_id for job in jobs}
    if not client_ids:
        return {}
    posted = dict(
        Job.objects.filter(client_id__in=client_ids, opened_at__isnull=False)
        .values_list("client_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    # contracts stand above jobs: counted through the reverse relation of Contract.client
    hires = dict(
        get_user_model()
        .objects.filter(pk__in=client_ids)
        .annotate(n=Count("client_contracts"))
        .values_list("pk", "n")
        .order_by()
    )
    summaries: dict[int, ClientSummary] = {}
    for job in jobs:
        if job.client_id not in summaries:
            summaries[job.client_id] = ClientSummary(
                location=_client_location(job),
                jobs_posted=posted.get(job.client_id, 0),
                hires=hires.get(job.client_id, 0),
                member_since=job.client.date_joined,
            )
    return summaries


def client_summary(job: Job) -> ClientSummary:
    """Where the client is, how many posts they opened and people they hired, since when."""
    return client_summaries([job])[job.client_id]


def jobs_with_visible_client(viewer: Any, jobs: Sequence[Job]) -> set[int]:
    """Ids of those `jobs` whose client name `viewer` may see, in two queries at most."""
    if not _signed_in(viewer) or not jobs:
        return set()
    if viewer.is_staff:
        return {job.pk for job in jobs}
    visible = {job.pk for job in jobs if job.client_id == viewer.pk}
    others = [job.pk for job in jobs if job.pk not in visible]
    if others:
        # invitations (proposals app, above jobs) through their reverse relation, Job.invitations
        visible.update(Job.objects.filter(pk__in=others, invitations__freelancer=viewer).values_list("pk", flat=True))
    others = [pk for pk in others if pk not in visible]
    if others:
        visible.update(
            Conversation.objects.filter(job_id__in=others, freelancer=viewer).values_list("job_id", flat=True)
        )
    return visible


def client_name_visible(viewer: Any, job: Job) -> bool:
    """True for the client, staff, and a freelancer invited to `job` or interviewed about it
    (a conversation about this post); the name stays hidden from everyone else."""
    return job.pk in jobs_with_visible_client(viewer, [job])


def client_views(viewer: Any, jobs: Sequence[Job]) -> dict[int, ClientView]:
    """`ClientView` per job id: the name where `viewer` may see it, the summary always. Constant
    query count (four at most) for any number of jobs."""
    visible = jobs_with_visible_client(viewer, jobs)
    summaries = client_summaries(jobs)
    return {
        job.pk: ClientView(name=job.client.public_name if job.pk in visible else None, summary=summaries[job.client_id])
        for job in jobs
    }


# --- search -----------------------------------------------------------------------------------


def _visible_open_jobs(viewer: Any) -> QuerySet[Job]:
    jobs = Job.objects.filter(status=JobStatus.OPEN)
    if _is_staff(viewer):
        return jobs
    if not _signed_in(viewer):
        return jobs.filter(visibility=JobVisibility.PUBLIC)
    invited = Job.objects.filter(pk=OuterRef("pk"), invitations__freelancer=viewer)
    return jobs.filter(
        Q(visibility__in=[JobVisibility.PUBLIC, JobVisibility.MEMBERS])
        | Q(client=viewer)
        | (Q(visibility=JobVisibility.INVITE_ONLY) & Exists(invited))
    )


def _check_choice(name: str, value: str | None, values: Iterable[str]) -> None:
    if value and value not in values:
        raise InvalidInput(f"Unknown {name.replace('_', ' ')}: {value!r}.")


def _rank_page(jobs: QuerySet[Job], *, offset: int, size: int) -> list[tuple[int, int]]:
    """(id, number of matches up to SEARCH_WINDOW) for one page of `jobs` (annotated with `rank`).

    The newest SEARCH_WINDOW matches are taken first (walking the (status, opened_at) index, or
    the full-text index when few posts match), then ordered best rank first, then newest. One
    statement on the jobs table alone; the caller loads the page's rows with their relations by id,
    so the database never joins every match before keeping the top few."""
    columns = ("id", "opened_at", "rank")  # `rank` is an annotation the type checker cannot see
    window = jobs.order_by("-opened_at").values(*columns)[:SEARCH_WINDOW]
    sql, params = window.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, COUNT(*) OVER () FROM ({sql}) AS matches "  # noqa: S608 - ORM SQL, bound params
            "ORDER BY rank DESC, opened_at DESC, id DESC LIMIT %s OFFSET %s",
            [*params, size, offset],
        )
        return [(int(row[0]), int(row[1])) for row in cursor.fetchall()]


def total_is_capped(total: int) -> bool:
    """Whether a total from `search_jobs` stands for "this many or more"."""
    return total >= SEARCH_WINDOW


def search_terms(q: str) -> list[str]:
    """The words of a query, as the SQLite fallback matches them (at most MAX_QUERY_TERMS)."""
    return re.findall(r"\w+", q)[:MAX_QUERY_TERMS]


def search_jobs(
    viewer: Any,
    *,
    q: str = "",
    category: str | None = None,
    budget_type: str | None = None,
    min_budget: int | None = None,
    max_budget: int | None = None,
    experience_level: str | None = None,
    duration: str | None = None,
    skills: Sequence[str] | None = None,
    page: int = 1,
    size: int = 20,
) -> tuple[list[Job], int]:
    """One page of the open posts `viewer` may see, and how many match in all.

    `q` is full text: on PostgreSQL a web-search query (quotes, `or`, `-word`) ranked on the
    weighted `search_vector` (title above description); elsewhere every word must appear in the
    title or description, posts with more words in the title first. Ties and an empty `q` go
    newest first. Filters: `category` slug; `budget_type`; `min_budget`/`max_budget` in minor
    units, matching posts whose budget range overlaps them; `experience_level`; `duration`;
    `skills` slugs, matching posts that ask for any of them. Raises `InvalidInput` on a bad filter.
    Only the newest SEARCH_WINDOW matches are ranked and counted: a total of SEARCH_WINDOW means
    "at least that many" (see `total_is_capped`).
    Queries: ranked page ids with the total, page rows, skills: the same for any page size."""
    q = (q or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise InvalidInput(f"Search for at most {MAX_QUERY_CHARS} characters.")
    if "\x00" in q:
        raise InvalidInput("Search text may not contain NUL characters.")
    for amount in (min_budget, max_budget):
        if amount is not None and not 0 <= amount <= MAX_BUDGET_FILTER:
            raise InvalidInput(f"A budget filter goes from 0 to {MAX_BUDGET_FILTER} (in minor units).")
    _check_choice("budget_type", budget_type, BudgetType.values)
    _check_choice("experience_level", experience_level, ExperienceLevel.values)
    _check_choice("duration", duration, JobDuration.values)
    skills = [slug for slug in (skills or []) if slug]
    if len(skills) > MAX_FILTER_SKILLS:
        raise InvalidInput(f"Filter by at most {MAX_FILTER_SKILLS} skills.")
    page_request = PageRequest.parse(page, size)

    jobs = _visible_open_jobs(viewer)
    if category:
        jobs = jobs.filter(category__slug=category)
    if budget_type:
        jobs = jobs.filter(budget_type=budget_type)
    if min_budget is not None:
        jobs = jobs.filter(budget_max__gte=min_budget)
    if max_budget is not None:
        jobs = jobs.filter(budget_min__lte=max_budget)
    if experience_level:
        jobs = jobs.filter(experience_level=experience_level)
    if duration:
        jobs = jobs.filter(duration=duration)
    if skills:
        # EXISTS, not a join: a post asking for two of the skills must still appear once.
        jobs = jobs.filter(Exists(Job.skills.through.objects.filter(job_id=OuterRef("pk"), skill__slug__in=skills)))

    if q and connection.vendor == "postgresql":
        query = SearchQuery(q, search_type="websearch", config=JOB_SEARCH_CONFIG)
        jobs = jobs.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    elif q:
        terms = search_terms(q)
        for term in terms:
            jobs = jobs.filter(Q(title__icontains=term) | Q(description__icontains=term))
        # The fallback's rank: how many of the words the title holds.
        title_hits = sum(
            (
                Case(When(title__icontains=term, then=Value(1)), default=Value(0), output_field=IntegerField())
                for term in terms
            ),
            start=Value(0),
        )
        jobs = jobs.annotate(rank=title_hits)
    else:
        jobs = jobs.annotate(rank=Value(0, output_field=IntegerField()))
    ranked = _rank_page(jobs, offset=page_request.offset, size=page_request.size)
    if not ranked:
        # Past the last page there is no row to carry the total.
        return [], (jobs.order_by()[:SEARCH_WINDOW].count() if page_request.offset else 0)
    total = ranked[0][1]
    page_ids = [pk for pk, _ in ranked]
    by_id = _job_queryset().in_bulk(page_ids)
    return [by_id[pk] for pk in page_ids if pk in by_id], total


# --- reference data ---------------------------------------------------------------------------


def list_categories() -> QuerySet[Category]:
    """Every category, by name."""
    return Category.objects.order_by("name")


def category_by_slug(slug: str) -> Category:
    """The category `slug`; `InvalidInput` if there is none (it comes from a form or request)."""
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise InvalidInput(f"Unknown category: {slug!r}.")
    return category


def skills_by_slugs(slugs: Iterable[str]) -> list[Skill]:
    """The skills named by `slugs`, in the given order; `InvalidInput` naming any unknown one."""
    wanted = list(dict.fromkeys(slugs))
    if len(wanted) > MAX_FILTER_SKILLS:
        raise InvalidInput(f"Choose at most {MAX_FILTER_SKILLS} skills.")
    found = {skill.slug: skill for skill in Skill.objects.filter(slug__in=wanted)}
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise InvalidInput(f"Unknown skills: {', '.join(missing)}.")
    return [found[slug] for slug in wanted]


def posting_refusal(user: Any) -> str | None:
    """Why `user` cannot post a job right now (restricted, no verified phone, a pending security
    check), so the form can say so before anything is filled in; None when they can."""
    try:
        require_capability(user, "post_job")
    except PermissionDenied as exc:
        return exc.message
    return None
