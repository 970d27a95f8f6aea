"""Shapes of the trust API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from workfair.trust.states import ReportReason, ReportTarget


class ReportIn(Schema):
    target_type: ReportTarget  # the choices are listed in the API schema
    target_id: int
    reason: ReportReason
    note: str = ""


class ReportOut(Schema):
    id: int
    target_type: str
    target_id: str
    reason: str
    created_at: dt.datetime


class DecisionOut(Schema):
    id: int
    outcome: str
    rule: str
    policy_version: int | None
    automated: bool
    reason: str
    statement: str
    evidence: list[str]
    created_at: dt.datetime
    appeal_deadline: dt.datetime
    appeal_status: str | None


class DecisionPageOut(Schema):
    items: list[DecisionOut]
    page: int
    size: int
    total: int


class AppealIn(Schema):
    statement: str


class AppealOut(Schema):
    id: int
    decision_id: int
    status: str
    created_at: dt.datetime


class StandingOut(Schema):
    level: str
    until: dt.datetime | None
    reason: str
    appeal_url: str


class CheckIn(Schema):
    text: str = Field(max_length=20_000)
    surface: str
    conversation_id: int | None = None


class CheckFindingOut(Schema):
    category: str
    kind: str
    start: int
    end: int
    score: float
    text: str
    evidence: str


class CheckOut(Schema):
    decision: str
    findings: list[CheckFindingOut]
    masked_text: str
    warnings: list[str]
