"""API shapes for feedback. Names start with Review/Feedback so they stay unique in the OpenAPI document."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class ReviewIn(Schema):
    rating: int = Field(description="Overall, 1 to 5 stars")
    criteria: dict[str, int] = Field(
        description="1 to 5 stars for each criterion of your side: a client rates quality, communication, "
        "deadlines, expertise; a freelancer rates clarity, communication, responsiveness"
    )
    text: str = Field(max_length=2000, description="Public feedback")
    work_again: bool = Field(description="Private: would you work with them again?")
    recommend: int = Field(description="Private: how likely you would recommend them, 0 to 10")


class ReviewReplyIn(Schema):
    text: str = Field(max_length=1000)


class ReviewOut(Schema):
    """A review as others read it (revealed): no private feedback."""

    id: int
    contract_id: int
    author_id: int
    author_name: str
    subject_id: int
    author_role: str = Field(description="client or freelancer: the side the author stood on")
    rating: int
    criteria: dict[str, int]
    text: str = Field(description="Empty when a moderation decision hides it from the reader")
    text_hidden: bool
    revealed_at: dt.datetime | None
    reply: str
    reply_hidden: bool
    replied_at: dt.datetime | None


class ReviewOwnOut(ReviewOut):
    """Your own review, with the private feedback you gave the platform."""

    work_again: bool
    recommend: int
    created_at: dt.datetime


class FeedbackStateOut(Schema):
    contract_id: int
    role: str | None
    can_write: bool
    can_reply: bool
    refusal: str = Field(description="Why you cannot write now (empty when you can or already did)")
    closes_at: dt.datetime | None = Field(description="When the 14-day feedback window closes")
    criteria: list[str] = Field(description="The criteria your side rates")
    mine: ReviewOwnOut | None
    theirs: ReviewOut | None = Field(description="The other side's review: only once revealed")


class ReviewSummaryOut(Schema):
    average: float | None = Field(description="Average overall rating of revealed reviews, 1 decimal")
    count: int


class ReviewPageOut(Schema):
    summary: ReviewSummaryOut
    items: list[ReviewOut]
    page: int
    size: int
