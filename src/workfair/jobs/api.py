"""JSON API for job posts, mounted at /api/v1/jobs (thin: parse, call queries/actions, return).

Reading is open to everyone (anonymous callers see public posts only); writing needs a client
account. Money is integer minor units plus currency."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from workfair.accounts.api_auth import api_auth
from workfair.core.pagination import MAX_PAGE
from workfair.jobs import actions, queries
from workfair.jobs.models import Job
from workfair.jobs.schemas import (
    BudgetTypeIn,
    CategoryOut,
    CloseJobIn,
    DurationIn,
    ExperienceLevelIn,
    JobCardOut,
    JobIn,
    JobOut,
    JobPageOut,
    JobPatchIn,
)
from workfair.jobs.states import JobStatus

router = Router(tags=["jobs"])


def _anonymous(request: HttpRequest) -> bool:
    """Last of the optional-auth chain: let a caller without credentials in as anonymous, but not
    one whose bearer token failed (that is a 401, not a silent downgrade)."""
    return "authorization" not in request.headers


# Token or session when present, anonymous otherwise; `request.user` is the viewer either way.
optional_auth = [*api_auth, _anonymous]


class SearchParams(Schema):
    q: str = Field(default="", max_length=queries.MAX_QUERY_CHARS)
    category: str | None = Field(default=None, max_length=80)
    budget_type: BudgetTypeIn | None = None
    min_budget: int | None = Field(default=None, ge=0, le=queries.MAX_BUDGET_FILTER, description="Minor units")
    max_budget: int | None = Field(default=None, ge=0, le=queries.MAX_BUDGET_FILTER, description="Minor units")
    experience_level: ExperienceLevelIn | None = None
    duration: DurationIn | None = None
    skills: list[str] = Field(default_factory=list, max_length=queries.MAX_FILTER_SKILLS)
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    size: int = Field(default=20, ge=1, le=100)


def _job_out(viewer: Any, job: Job) -> JobOut:
    return JobOut.of(job, queries.client_views(viewer, [job])[job.pk])


@router.get("/", response=JobPageOut, auth=optional_auth, summary="Search open jobs")
def search(request: HttpRequest, params: Query[SearchParams]) -> JobPageOut:
    jobs, total = queries.search_jobs(request.user, **params.dict())
    clients = queries.client_views(request.user, jobs)
    return JobPageOut(
        items=[JobCardOut.of(job, clients[job.pk]) for job in jobs],
        total=total,
        page=params.page,
        size=params.size,
    )


@router.get("/categories", response=list[CategoryOut], auth=None, summary="Job categories")
def categories(request: HttpRequest) -> list[CategoryOut]:
    return [CategoryOut.of(category) for category in queries.list_categories()]


class MineParams(Schema):
    status: JobStatus | None = None
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    size: int = Field(default=20, ge=1, le=100)


@router.get("/mine", response=JobPageOut, summary="My job posts")
def mine(request: HttpRequest, params: Query[MineParams]) -> JobPageOut:
    jobs_qs = queries.jobs_of_client(request.user, params.status)
    total = jobs_qs.count()
    offset = (params.page - 1) * params.size
    jobs = list(jobs_qs[offset : offset + params.size])
    # The client sees their own name; no need for the summary queries of other people's lists.
    return JobPageOut(items=[JobCardOut.of(job, None) for job in jobs], total=total, page=params.page, size=params.size)


@router.get("/{int:job_id}", response=JobOut, auth=optional_auth, summary="One job")
def detail(request: HttpRequest, job_id: int) -> JobOut:
    return _job_out(request.user, queries.access_job_by_id(request.user, job_id))


@router.post("/", response={201: JobOut}, summary="Post a job (a draft, or submitted at once)")
def create(request: HttpRequest, payload: JobIn) -> Status[JobOut]:
    data = payload.dict()
    submit = data.pop("submit")
    data["category"] = queries.category_by_slug(data["category"])
    data["skills"] = queries.skills_by_slugs(data["skills"])
    # One transaction: a post that cannot be submitted is not left behind as a draft.
    with transaction.atomic():
        job = actions.do_create_job(actor=request.user, **data)
        if submit:
            job = actions.do_submit_job(actor=request.user, job=job)
    return Status(201, _job_out(request.user, queries.access_job_by_id(request.user, job.pk)))


@router.patch("/{int:job_id}", response=JobOut, summary="Edit a draft or refused job")
def update(request: HttpRequest, job_id: int, payload: JobPatchIn) -> JobOut:
    job = queries.access_own_job_by_id(request.user, job_id)
    fields = payload.dict(exclude_unset=True)
    if fields.get("category") is not None:
        fields["category"] = queries.category_by_slug(fields["category"])
    if fields.get("skills") is not None:
        fields["skills"] = queries.skills_by_slugs(fields["skills"])
    fields = {name: value for name, value in fields.items() if value is not None}
    actions.do_update_job(actor=request.user, job=job, **fields)
    return _job_out(request.user, queries.access_job_by_id(request.user, job_id))


@router.post("/{int:job_id}/submit", response=JobOut, summary="Submit a draft for review")
def submit(request: HttpRequest, job_id: int) -> JobOut:
    job = queries.access_own_job_by_id(request.user, job_id)
    actions.do_submit_job(actor=request.user, job=job)
    return _job_out(request.user, queries.access_job_by_id(request.user, job_id))


@router.post("/{int:job_id}/close", response=JobOut, summary="Close a job")
def close(request: HttpRequest, job_id: int, payload: CloseJobIn) -> JobOut:
    job = queries.access_job_by_id(request.user, job_id)
    actions.do_close_job(actor=request.user, job=job, reason=payload.reason)
    return _job_out(request.user, queries.access_job_by_id(request.user, job_id))
