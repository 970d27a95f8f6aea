"""Shapes of the trust API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class ReportIn(Schema):
    target_type: str
    target_id: int
    reason: str
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
