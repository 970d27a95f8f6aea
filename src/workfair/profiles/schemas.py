"""Request and response bodies of the profiles API. Money is in minor units."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from workfair.feedback.schemas import ReviewSummaryOut


class ProfileSkillOut(Schema):
    name: str
    slug: str


class PortfolioItemOut(Schema):
    id: int
    title: str
    description: str
    url: str


class EmploymentItemOut(Schema):
    id: int
    company: str
    role: str
    start_date: dt.date
    end_date: dt.date | None
    description: str


class FreelancerSummaryOut(Schema):
    user_id: int
    name: str
    title: str
    photo_url: str | None
    hourly_rate: int = Field(description="Minor units per hour")
    currency: str
    country: str
    available: bool
    skills: list[ProfileSkillOut]
    badges: list[str] = Field(description="Verifications: phone_verified, identity_verified")
    text_hidden: bool = Field(description="A moderation decision hides the title and overview from others")


class FreelancerOut(FreelancerSummaryOut):
    overview: str
    rating: ReviewSummaryOut = Field(description="Average and number of revealed reviews from clients")
    visibility: str
    portfolio: list[PortfolioItemOut]
    employment: list[EmploymentItemOut]


class FreelancerPageOut(Schema):
    items: list[FreelancerSummaryOut]
    total: int
    page: int
    size: int


class ClientProfileOut(Schema):
    user_id: int
    name: str
    company_name: str
    location: str
    country: str
    about: str
    visibility: str
    jobs_posted: int
    hires: int
    member_since: dt.datetime
    badges: list[str] = Field(description="Verifications: phone_verified, identity_verified")
    text_hidden: bool = Field(description="A moderation decision hides the company, location and about from others")
    rating: ReviewSummaryOut = Field(description="Average and number of revealed reviews from freelancers")


class MyProfilesOut(Schema):
    freelancer: FreelancerOut | None
    client: ClientProfileOut | None


class FreelancerPatchIn(Schema):
    title: str | None = Field(default=None, max_length=120)
    overview: str | None = Field(default=None, max_length=5000)
    hourly_rate: int | None = Field(default=None, ge=0, description="Minor units per hour")
    currency: str | None = Field(default=None, max_length=3)
    country: str | None = Field(default=None, max_length=2)
    visibility: str | None = None
    available: bool | None = None
    skills: list[str] | None = Field(default=None, description="Skill slugs; replaces the list")


class ClientPatchIn(Schema):
    company_name: str | None = Field(default=None, max_length=120)
    location: str | None = Field(default=None, max_length=120)
    country: str | None = Field(default=None, max_length=2)
    about: str | None = Field(default=None, max_length=3000)
    visibility: str | None = None


class MyProfilesPatchIn(Schema):
    freelancer: FreelancerPatchIn | None = None
    client: ClientPatchIn | None = None
