"""JSON API of trust and safety, mounted at /api/v1/trust: reports, my decisions, appeals, standing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from workfair.core.pagination import PageRequest
from workfair.trust import actions, queries
from workfair.trust.checking import check_text
from workfair.trust.enforcement import standing_of
from workfair.trust.models import Decision
from workfair.trust.schemas import (
    AppealIn,
    AppealOut,
    CheckIn,
    CheckOut,
    DecisionOut,
    DecisionPageOut,
    ReportIn,
    ReportOut,
    StandingOut,
)

router = Router(tags=["trust"])


def _decision_out(d: Decision) -> dict[str, Any]:
    appeal = getattr(d, "appeal", None) if hasattr(d, "appeal") else None
    return {
        "id": d.pk,
        "outcome": d.outcome,
        "rule": d.rule_key,
        "policy_version": d.policy_version,
        "automated": d.automated,
        "reason": d.reason,
        "statement": queries.statement_of_reasons(d),
        "evidence": queries.evidence_lines(d),
        "created_at": d.created_at,
        "appeal_deadline": queries.appeal_deadline(d),
        "appeal_status": appeal.status if appeal else None,
    }


@router.post("/reports", response={201: ReportOut}, summary="Report a message, job, proposal, profile or review")
def file_report(request: HttpRequest, payload: ReportIn) -> Status[Any]:
    report = actions.do_file_report(actor=request.user, target_type=payload.target_type, target_id=payload.target_id,
                                    reason=payload.reason, note=payload.note)  # fmt: skip
    return Status(201, report)


@router.get("/decisions", response=DecisionPageOut, summary="Decisions about me")
def my_decisions(request: HttpRequest, page: int = 1, size: int = 20) -> dict[str, Any]:
    pr = PageRequest.parse(page, size)
    qs = queries.decisions_about(request.user)
    items = [_decision_out(d) for d in qs[pr.offset : pr.offset + pr.size]]
    return {"items": items, "page": pr.page, "size": pr.size, "total": qs.count()}


@router.get("/decisions/{int:decision_id}", response=DecisionOut, summary="One decision about me")
def my_decision(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    return _decision_out(queries.access_decision_by_id(request.user, decision_id))


@router.post("/decisions/{int:decision_id}/appeal", response={201: AppealOut}, summary="Appeal a decision")
def appeal(request: HttpRequest, decision_id: int, payload: AppealIn) -> Status[Any]:
    a = actions.do_file_appeal(actor=request.user, decision_id=decision_id, statement=payload.statement)
    return Status(201, {"id": a.pk, "decision_id": a.decision_id, "status": a.status, "created_at": a.created_at})


@router.get("/standing", response=StandingOut, summary="My account standing")
def my_standing(request: HttpRequest) -> dict[str, Any]:
    s = standing_of(request.user)
    return {"level": s.level, "until": s.until, "reason": s.reason, "appeal_url": s.appeal_url}


@router.post("/check", response=CheckOut, summary="What the trust engine would do with a text (warn as you type)")
def check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    result = check_text(actor=request.user, text=payload.text, surface=payload.surface,
                        conversation_id=payload.conversation_id)  # fmt: skip
    return {
        "decision": result.decision,
        "findings": [
            {"category": f.category, "kind": f.kind, "start": f.start, "end": f.end, "score": round(f.score, 3),
             "text": f.text, "evidence": f.evidence}
            for f in result.findings
        ],
        "masked_text": result.masked_text,
        "warnings": list(result.warnings),
    }  # fmt: skip
