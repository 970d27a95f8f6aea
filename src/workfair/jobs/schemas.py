"""API shapes for job posts. Money is integer minor units plus a currency code."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from workfair.jobs.actions import DESCRIPTION_MAX, MAX_SKILLS, TITLE_MAX
from workfair.jobs.models import Category, Job
from workfair.jobs.queries import ClientSummary, ClientView
from workfair.skills.models import Skill

BudgetTypeIn = Literal["hourly", "fixed"]
DurationIn = Literal["lt1m", "1to3m", "3to6m", "gt6m"]
ExperienceLevelIn = Literal["entry", "intermediate", "expert"]
VisibilityIn = Literal["public", "members", "invite_only"]
CloseReasonIn = Literal["hired", "cancelled", "removed"]
# Generous upper bounds so oversized input is refused by validation (422), never by the database.
MAX_MINOR = 2_000_000_000


class CategoryOut(Schema):
    slug: str
    name: str

    @staticmethod
    def of(category: Category) -> CategoryOut:
        return CategoryOut(slug=category.slug, name=category.name)


class JobSkillOut(Schema):
    slug: str
    name: str

    @staticmethod
    def of(skill: Skill) -> JobSkillOut:
        return JobSkillOut(slug=skill.slug, name=skill.name)


class ClientSummaryOut(Schema):
    location: str
    jobs_posted: int
    hires: int
    member_since: dt.datetime

    @staticmethod
    def of(summary: ClientSummary) -> ClientSummaryOut:
        return ClientSummaryOut(
            location=summary.location,
            jobs_posted=summary.jobs_posted,
            hires=summary.hires,
            member_since=summary.member_since,
        )


class JobClientOut(Schema):
    """`name` is null unless the viewer may see it (the client, staff, invited or interviewed)."""

    name: str | None
    summary: ClientSummaryOut

    @staticmethod
    def of(view: ClientView) -> JobClientOut:
        return JobClientOut(name=view.name, summary=ClientSummaryOut.of(view.summary))


class JobCardOut(Schema):
    """A post in a list: everything but the full description."""

    id: int
    title: str
    category: CategoryOut
    skills: list[JobSkillOut]
    budget_type: str
    budget_min: int
    budget_max: int
    currency: str
    duration: str
    experience_level: str
    visibility: str
    status: str
    proposal_credits: int
    opened_at: dt.datetime | None
    expires_at: dt.datetime | None
    client: JobClientOut | None

    @classmethod
    def card_fields(cls, job: Job, client: ClientView | None) -> dict[str, Any]:
        return {
            "id": job.pk,
            "title": job.title,
            "category": CategoryOut.of(job.category),
            "skills": [JobSkillOut.of(skill) for skill in job.skills.all()],
            "budget_type": job.budget_type,
            "budget_min": job.budget_min,
            "budget_max": job.budget_max,
            "currency": job.currency,
            "duration": job.duration,
            "experience_level": job.experience_level,
            "visibility": job.visibility,
            "status": job.status,
            "proposal_credits": job.proposal_credits,
            "opened_at": job.opened_at,
            "expires_at": job.expires_at,
            "client": JobClientOut.of(client) if client is not None else None,
        }

    @classmethod
    def of(cls, job: Job, client: ClientView | None) -> JobCardOut:
        return cls(**cls.card_fields(job, client))


class JobOut(JobCardOut):
    description: str
    close_reason: str
    review_note: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    closed_at: dt.datetime | None

    @classmethod
    def of(cls, job: Job, client: ClientView | None) -> JobOut:
        return cls(
            **cls.card_fields(job, client),
            description=job.description,
            close_reason=job.close_reason,
            review_note=job.review_note,
            created_at=job.created_at,
            submitted_at=job.submitted_at,
            closed_at=job.closed_at,
        )


class JobPageOut(Schema):
    items: list[JobCardOut]
    total: int
    page: int
    size: int


class JobIn(Schema):
    title: str = Field(max_length=TITLE_MAX * 2)
    description: str = Field(max_length=DESCRIPTION_MAX * 2)
    category: str = Field(max_length=80, description="Category slug")
    skills: list[str] = Field(default_factory=list, max_length=MAX_SKILLS * 2, description="Skill slugs")
    budget_type: BudgetTypeIn
    budget_min: int = Field(ge=0, le=MAX_MINOR, description="Minor units")
    budget_max: int = Field(ge=0, le=MAX_MINOR, description="Minor units; equal to budget_min for fixed")
    currency: str = Field(default="USD", min_length=3, max_length=3)
    duration: DurationIn
    experience_level: ExperienceLevelIn
    visibility: VisibilityIn = "public"
    submit: bool = Field(default=False, description="Submit the post at once instead of saving a draft")


class JobPatchIn(Schema):
    title: str | None = Field(default=None, max_length=TITLE_MAX * 2)
    description: str | None = Field(default=None, max_length=DESCRIPTION_MAX * 2)
    category: str | None = Field(default=None, max_length=80)
    skills: list[str] | None = Field(default=None, max_length=MAX_SKILLS * 2)
    budget_type: BudgetTypeIn | None = None
    budget_min: int | None = Field(default=None, ge=0, le=MAX_MINOR)
    budget_max: int | None = Field(default=None, ge=0, le=MAX_MINOR)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    duration: DurationIn | None = None
    experience_level: ExperienceLevelIn | None = None
    visibility: VisibilityIn | None = None


class CloseJobIn(Schema):
    reason: CloseReasonIn
