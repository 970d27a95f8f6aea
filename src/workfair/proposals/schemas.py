"""API shapes for proposals, invitations and credits. Money is in minor units of `currency`."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class ProposalIn(Schema):
    job_id: int
    cover_letter: str = Field(max_length=5000)
    amount: int = Field(description="Hourly rate (hourly jobs) or bid (fixed price), in minor units")
    estimated_duration: str = ""


class ProposalAttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str


class ProposalOut(Schema):
    id: int
    job_id: int
    job_title: str
    freelancer_id: int
    freelancer_name: str
    invitation_id: int | None
    cover_letter: str
    amount: int
    currency: str
    estimated_duration: str
    status: str
    credits_spent: int
    decline_reason: str
    created_at: dt.datetime
    attachments: list[ProposalAttachmentOut]
    held: bool = Field(False, description="Kept from the client by the trust engine (shown to its freelancer only)")
    held_reason: str = Field("", description="Why it is held or hidden (its freelancer only)")


class ProposalPage(Schema):
    items: list[ProposalOut]
    page: int
    size: int
    count: int


class DeclineIn(Schema):
    reason: str = Field("", max_length=500)


class ShortlistIn(Schema):
    shortlisted: bool = True


class ProposalConversationOut(Schema):
    conversation_id: int


class InvitationIn(Schema):
    job_id: int
    freelancer_id: int
    message: str = Field("", max_length=5000)


class InvitationOut(Schema):
    id: int
    job_id: int
    job_title: str
    client_id: int
    freelancer_id: int
    message: str
    status: str
    created_at: dt.datetime
    responded_at: dt.datetime | None


class InvitationPage(Schema):
    items: list[InvitationOut]
    page: int
    size: int
    count: int


class CreditsOut(Schema):
    balance: int
    monthly_quota: int
