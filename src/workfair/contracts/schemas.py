"""API shapes for offers, contracts, milestones and the NDA. Money is in minor units of `currency`."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class MilestoneIn(Schema):
    title: str = Field(max_length=120)
    amount: int
    due_date: dt.date | None = None


class OfferIn(Schema):
    freelancer_id: int | None = Field(None, description="Required unless proposal_id is given")
    proposal_id: int | None = None
    job_id: int | None = None
    title: str = Field(max_length=120)
    description: str = Field("", max_length=5000)
    contract_type: str = Field(description="hourly or fixed")
    currency: str | None = Field(None, description="Defaults to the job's currency, else USD")
    hourly_rate: int | None = None
    weekly_limit_hours: int | None = None
    manual_time_allowed: bool = False
    milestones: list[MilestoneIn] = []


class MilestoneOut(Schema):
    id: int
    position: int
    title: str
    amount: int
    due_date: dt.date | None
    status: str
    submitted_at: dt.datetime | None
    submission_note: str
    changes_note: str
    approved_at: dt.datetime | None


class OfferOut(Schema):
    id: int
    client_id: int
    client_name: str
    freelancer_id: int
    freelancer_name: str
    job_id: int | None
    proposal_id: int | None
    title: str
    description: str
    contract_type: str
    currency: str
    hourly_rate: int | None
    weekly_limit_hours: int | None
    manual_time_allowed: bool
    status: str
    expires_at: dt.datetime
    created_at: dt.datetime
    responded_at: dt.datetime | None
    decline_reason: str
    contract_id: int | None
    milestones: list[MilestoneOut]


class OfferPage(Schema):
    items: list[OfferOut]
    page: int
    size: int
    count: int


class AcceptIn(Schema):
    nda_version_id: int


class ReasonIn(Schema):
    reason: str = Field("", max_length=500)


class EndIn(Schema):
    reason: str = Field("", description="completed, client_ended, freelancer_ended (default: your side)")
    note: str = Field("", max_length=1000)


class RefundIn(Schema):
    amount: int | None = Field(None, description="Minor units; default: everything in escrow")
    note: str = Field("", max_length=500)


class NoteIn(Schema):
    note: str = Field("", max_length=5000)


class NdaOut(Schema):
    id: int
    version: str
    text: str
    published_at: dt.datetime


class ContractOut(Schema):
    id: int
    offer_id: int
    client_id: int
    client_name: str
    freelancer_id: int
    freelancer_name: str
    job_id: int | None
    title: str
    contract_type: str
    currency: str
    hourly_rate: int | None
    weekly_limit_hours: int | None
    manual_time_allowed: bool
    status: str
    end_reason: str
    end_note: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    milestones: list[MilestoneOut]


class ContractPage(Schema):
    items: list[ContractOut]
    page: int
    size: int
    count: int
