"""Web pages of step-up checks: /account/security/check/ shows the account's outstanding check
(questions, a code to the verified phone, or identity verification) and takes its answers. Thin:
parse, call `identity.stepup`, render; wrong answers are said on the page, with the attempts left."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workfair.core.errors import WorkfairError
from workfair.core.views import handle_refusals
from workfair.identity.states import StepUpMethod
from workfair.identity.stepup import actions as stepup
from workfair.identity.stepup import queries as stepup_queries


def _context(request: HttpRequest, step: Any, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"step": step, "error": ""}
    if step is not None:
        number = stepup_queries.verified_phone(request.user.pk) if step.method == StepUpMethod.PHONE else None
        context.update(
            expired=stepup_queries.is_expired(step),
            questions=stepup.public_questions(step) if step.method == StepUpMethod.QUESTIONS else [],
            attempts_left=max(0, int(stepup.step_up_setting("STEP_UP_MAX_ATTEMPTS")) - step.attempts),
            phone_ending=number.e164[-2:] if number else "",
            identity_done=stepup_queries.identity_satisfied(step),
        )
    context.update(extra)
    return context


@login_required
def check(request: HttpRequest) -> HttpResponse:
    return render(
        request, "identity/stepup/check.html", _context(request, stepup_queries.pending_step_up(request.user))
    )


def _current(request: HttpRequest) -> Any:
    step = stepup_queries.pending_step_up(request.user)
    if step is None or str(step.pk) != request.POST.get("step_up", ""):
        return None
    return step


def _done(request: HttpRequest, result: stepup.StepUpAnswer) -> HttpResponse:
    if result.passed:
        messages.success(request, "Thank you: that was you. You can carry on.")
        return redirect("web:dashboard")
    messages.warning(request, result.message)
    return redirect("identity:step_up")


@login_required
@require_POST
@handle_refusals
def answer(request: HttpRequest) -> HttpResponse:
    step = _current(request)
    if step is None:
        messages.info(request, "That security check is no longer the current one.")
        return redirect("identity:step_up")
    chosen = [request.POST.get(f"q{i}", "") for i in range(len(step.questions))]
    try:
        result = stepup.do_answer_step_up(actor=request.user, step_up=step, answers=chosen)
    except WorkfairError as exc:
        return render(
            request,
            "identity/stepup/check.html",
            _context(request, step, error=exc.message),
            status=exc.status_code,
        )
    return _done(request, result)


@login_required
@require_POST
@handle_refusals
def send_code(request: HttpRequest) -> HttpResponse:
    step = _current(request)
    if step is None:
        return redirect("identity:step_up")
    stepup.do_send_step_up_code(actor=request.user, step_up=step, channel=request.POST.get("channel", "sms"))
    number = stepup_queries.verified_phone(request.user.pk)
    messages.success(request, f"We sent a code to your number ending in {number.e164[-2:] if number else '…'}.")
    return redirect("identity:step_up")


@login_required
@require_POST
@handle_refusals
def confirm_code(request: HttpRequest) -> HttpResponse:
    step = _current(request)
    if step is None:
        return redirect("identity:step_up")
    code = request.POST.get("code", "").strip()
    try:
        result = stepup.do_confirm_step_up_code(actor=request.user, step_up=step, code=code)
    except WorkfairError as exc:
        return render(request, "identity/stepup/check.html", _context(request, step, error=exc.message),
                      status=exc.status_code)  # fmt: skip
    return _done(request, result)


@login_required
@require_POST
@handle_refusals
def finish_identity(request: HttpRequest) -> HttpResponse:
    step = _current(request)
    if step is None:
        return redirect("identity:step_up")
    stepup.do_complete_identity_step_up(actor=request.user, step_up=step)
    messages.success(request, "Thank you: your identity is verified again. You can carry on.")
    return redirect("web:dashboard")


@login_required
@require_POST
@handle_refusals
def restart(request: HttpRequest) -> HttpResponse:
    step = _current(request)
    if step is None:
        return redirect("identity:step_up")
    new = stepup.do_restart_step_up(actor=request.user, step_up=step)
    messages.info(request, f"A new security check is ready: {StepUpMethod(new.method).label.lower()}.")
    return redirect("identity:step_up")
