"""The staff console: queues, cases, enforcement history, policies, audit log. Staff only, with
MFA: staff without an activated TOTP authenticator are sent to set one up first. Thin views:
reads through `console.queries`, writes through `trust.actions`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workfair.console import queries
from workfair.console.access import console_view
from workfair.core.errors import WorkfairError
from workfair.skills.actions import do_decide_skill_suggestion
from workfair.skills.queries import pending_suggestions
from workfair.trust import actions
from workfair.trust.actions import REASON_TEMPLATES, active_rule_definitions
from workfair.trust.models import Decision
from workfair.trust.queries import evidence_lines
from workfair.trust.roles import has_role
from workfair.trust.states import CaseResolution, Queue, RuleMode, StaffRole


@console_view
def index(request: HttpRequest) -> HttpResponse:
    counts = queries.queue_counts(request.user)
    rows = [(q, label, counts[q]) for q, label in Queue.choices]
    return render(
        request, "console/index.html", {"rows": rows, "senior": has_role(request.user, StaffRole.SENIOR_MODERATOR)}
    )


@console_view
def queue(request: HttpRequest, queue: str) -> HttpResponse:
    try:
        page_n = int(request.GET.get("page", "1"))
    except ValueError:
        page_n = 1
    page = queries.queue_page(request.user, queue, page_n)
    # one reverse for the page, not one per row: "/console/cases/" (the case id and "/" follow)
    case_url = reverse("console:case", args=[0]).removesuffix("0/")
    return render(request, "console/queue.html", {"page": page, "label": Queue(queue).label, "case_url": case_url})


@console_view
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = queries.access_case_by_id(request.user, case_id)
    decision = case.decision
    appeal = queries.appeal_of_case(case)
    resolutions = [
        (value, label)
        for value, label in CaseResolution.choices
        if (case.queue == Queue.APPEALS) == (value in (CaseResolution.UPHOLD, CaseResolution.REVERSE))
        or (case.queue == Queue.QUALITY_REVIEW and value == CaseResolution.REVERSE)
    ]
    return render(
        request,
        "console/case.html",
        {
            "case": case,
            "events": case.events.select_related("actor").all(),
            "decision": decision,
            "evidence": evidence_lines(decision) if decision else [],
            "content": decision.signal.text if decision and decision.signal else "",
            "appeal": appeal,
            "target": queries.case_target(case),
            "reports": queries.reports_of_case(case),
            "history": queries.account_history(request.user, case.subject_id),
            "resolutions": resolutions,
            "templates": dict(REASON_TEMPLATES.items()),
            "templates_json": json.dumps({str(k): v for k, v in REASON_TEMPLATES.items()}),
            "mine": case.claimed_by_id == request.user.pk,
            "step_up_methods": STEP_UP_METHOD_CHOICES,
        },
    )


# How the person confirms it is them, weakest first (the identity app falls back to a stronger
# method when the chosen one cannot work: too little history for questions, no verified phone).
STEP_UP_METHOD_CHOICES = [
    ("questions", "Questions about the account's own history"),
    ("phone", "A code sent to the verified phone"),
    ("identity", "Verify the identity again"),
]


def _case_action(request: HttpRequest, case_id: int, do: Callable[[Any], Any], done: str) -> HttpResponse:
    case = queries.access_case_by_id(request.user, case_id)
    do(case)
    messages.success(request, done)
    return redirect("console:case", case_id=case.pk)


@require_POST
@console_view
def case_claim(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_action(request, case_id, lambda c: actions.do_claim_case(actor=request.user, case=c), "Case claimed.")


@require_POST
@console_view
def case_release(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_action(
        request, case_id, lambda c: actions.do_release_case(actor=request.user, case=c), "Case released."
    )


@require_POST
@console_view
def case_note(request: HttpRequest, case_id: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _case_action(
        request, case_id, lambda c: actions.do_add_case_note(actor=request.user, case=c, note=note), "Note added."
    )


@require_POST
@console_view
def case_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    days_raw = request.POST.get("restrict_days", "").strip()
    days = int(days_raw) if days_raw.isdigit() else None
    resolution = request.POST.get("resolution", "")
    note = request.POST.get("note", "")
    method = request.POST.get("step_up_method", "") or None
    return _case_action(
        request,
        case_id,
        lambda c: actions.do_decide_case(
            actor=request.user, case=c, resolution=resolution, note=note, restrict_days=days, step_up_method=method
        ),
        "Decision recorded and the person was told.",
    )


@require_POST
@console_view
def decision_retry(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = Decision.objects.filter(pk=decision_id).first()
    if decision is None:
        raise Http404("Decision not found.")
    actions.do_retry_decision_effects(actor=request.user, decision=decision)
    messages.success(request, "The decision's effects were applied.")
    return redirect(request.POST.get("next") or "console:index")


@console_view
def user_history(request: HttpRequest, user_id: int) -> HttpResponse:
    return render(request, "console/user.html", {"history": queries.account_history(request.user, user_id)})


@console_view
def policy(request: HttpRequest) -> HttpResponse:
    hits = queries.shadow_hits(request.user)
    rules = [(r, hits.get(r["key"], {"shadow": 0, "enforced": 0})) for r in active_rule_definitions()]
    return render(request, "console/policy.html", {"rules": rules, "admin": has_role(request.user, StaffRole.ADMIN),
                                                   "modes": RuleMode.choices})  # fmt: skip


@console_view
def rule_edit(request: HttpRequest, key: str | None = None) -> HttpResponse:
    queries.require_console_role(request.user, StaffRole.ADMIN)
    current = next((r for r in active_rule_definitions() if r["key"] == key), None)
    if key is not None and current is None:
        raise Http404("Rule not found.")
    text = json.dumps(current or {"key": "", "title": "", "mode": "shadow", "when": {}, "outcome": "warn",
                                  "effects": [], "reason": ""}, indent=2)  # fmt: skip
    errors: list[str] = []
    if request.method == "POST":
        text = request.POST.get("definition", "")
        try:
            definition = json.loads(text)
        except json.JSONDecodeError as exc:
            errors = [f"The rule is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."]
        else:
            try:
                actions.do_save_rule(actor=request.user, definition=definition, note=request.POST.get("note", ""))
            except WorkfairError as exc:
                errors = exc.message.removeprefix("The rule was not saved: ").split("; ")
            else:
                messages.success(request, "Rule saved: a new policy version is active.")
                return redirect("console:policy")
    status = 400 if errors else 200
    return render(request, "console/rule_edit.html", {"key": key, "text": text, "errors": errors}, status=status)


@require_POST
@console_view
def rule_mode(request: HttpRequest, key: str) -> HttpResponse:
    actions.do_set_rule_mode(actor=request.user, key=key, mode=request.POST.get("mode", ""))
    messages.success(request, f"Rule {key} is now {request.POST.get('mode')}.")
    return redirect("console:policy")


@console_view
def audit(request: HttpRequest) -> HttpResponse:
    params = {n: request.GET.get(n, "") for n in ("action", "target", "actor_email")}
    page = Paginator(queries.audit_search(request.user, **params), 50).get_page(request.GET.get("page"))
    return render(request, "console/audit.html", {"page": page, **params})


@console_view
def skill_suggestions(request: HttpRequest) -> HttpResponse:
    """Skill names people typed that are not in the taxonomy: add them (to the taxonomy and the
    profiles of those who asked) or refuse them with a reason they see."""
    if request.method == "POST":
        approve = request.POST.get("decision") == "approve"
        slug = request.POST.get("slug", "")
        skill = do_decide_skill_suggestion(
            actor=request.user, slug=slug, approve=approve, reason=request.POST.get("reason", "")
        )
        if skill is not None:
            messages.success(request, f"{skill.name} is now a skill, on the profiles of those who suggested it.")
        else:
            messages.success(request, "The suggestion is refused; those who made it see your reason.")
        return redirect("console:skill_suggestions")
    return render(request, "console/skill_suggestions.html", {"rows": pending_suggestions()})
