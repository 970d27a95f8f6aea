"""User-facing trust pages: report something, read a decision and its reasons, appeal, see one's
standing. Thin: parse, call queries/actions, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from workfair.core.errors import WorkfairError
from workfair.core.views import member_view
from workfair.trust.actions import do_file_appeal, do_file_report
from workfair.trust.checking import check_text
from workfair.trust.enforcement import standing_of
from workfair.trust.models import Decision
from workfair.trust.queries import (
    access_decision_by_id,
    appeal_deadline,
    can_appeal,
    decisions_about,
    evidence_lines,
    statement_of_reasons,
)
from workfair.trust.states import ReportReason, ReportTarget, StandingLevel


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    context = {
        "target_type": data.get("target_type", ""),
        "target_id": data.get("target_id", ""),
        "reason": data.get("reason", ""),
        "note": data.get("note", ""),
        "reasons": ReportReason.choices,
        "targets": ReportTarget.choices,
        "error": "",
    }
    if request.method == "POST":
        try:
            target_id = int(str(context["target_id"]))
        except ValueError:
            context["error"] = "Choose what to report."
        else:
            try:
                do_file_report(actor=request.user, target_type=str(context["target_type"]), target_id=target_id,
                               reason=str(context["reason"]), note=str(context["note"]))  # fmt: skip
            except WorkfairError as exc:
                context["error"] = exc.message
                return render(request, "trust/report.html", context, status=exc.status_code)
            messages.success(request, "Thank you. Your report was sent to our trust and safety team.")
            next_url = request.POST.get("next", "")
            # Only back to a page of this site: an outside `next` would make the form an open redirect.
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = ""
            return redirect(next_url or "web:dashboard")
        return render(request, "trust/report.html", context, status=400)
    return render(request, "trust/report.html", context)


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(decisions_about(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "trust/decision_list.html", {"page": page, "standing": standing_of(request.user)})


@member_view
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = access_decision_by_id(request.user, decision_id)
    appeal = getattr(decision, "appeal", None) if hasattr(decision, "appeal") else None
    return render(
        request,
        "trust/decision_detail.html",
        {
            "decision": decision,
            "statement": statement_of_reasons(decision),
            "evidence": evidence_lines(decision),
            "appeal": appeal,
            "can_appeal": can_appeal(request.user, decision),
            "deadline": appeal_deadline(decision),
        },
    )


@member_view(methods=["GET", "POST"])
def appeal(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = access_decision_by_id(request.user, decision_id)
    context = {"decision": decision, "statement": request.POST.get("statement", ""), "error": "",
               "deadline": appeal_deadline(decision), "can_appeal": can_appeal(request.user, decision)}  # fmt: skip
    if request.method == "POST":
        try:
            do_file_appeal(actor=request.user, decision_id=decision.pk, statement=str(context["statement"]))
        except WorkfairError as exc:
            context["error"] = exc.message
            return render(request, "trust/appeal.html", context, status=exc.status_code)
        messages.success(request, "Your appeal was sent. A different moderator will review it.")
        return redirect("trust:decision", decision_id=decision.pk)
    return render(request, "trust/appeal.html", context)


@login_required
def standing(request: HttpRequest) -> HttpResponse:
    """The account's standing; the decision behind it can be read, and appealed while it still may be
    (not yet appealed, within the window), or its pending appeal is shown."""
    current = standing_of(request.user)
    decision = (
        Decision.objects.filter(pk=current.decision_id, shadow=False).select_related("appeal").first()
        if current.decision_id and current.level != StandingLevel.NONE
        else None
    )
    context = {
        "standing": current,
        "decision": decision,
        "can_appeal": decision is not None and can_appeal(request.user, decision),
        "appeal": getattr(decision, "appeal", None) if decision is not None else None,
    }
    return render(request, "trust/standing.html", context, status=200)


# The form fields the check reads when there is no `text` (the field htmx sends is its own name).
CHECKED_FIELDS = ("body", "cover_letter", "description", "bio")


@login_required
@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """/trust/check/ (htmx): the warning area of a form, from what the person is typing. A refusal
    (rate limit, someone else's conversation) answers 4xx, which htmx does not swap in: the last
    warning stays."""
    field = request.POST.get("field", "")
    text = request.POST.get("text")
    if text is None:
        text = request.POST.get(field, "") if field in CHECKED_FIELDS else ""
    raw_conversation = request.POST.get("conversation_id", "")
    try:
        conversation_id = int(raw_conversation) if raw_conversation else None
        result = check_text(actor=request.user, text=text, surface=request.POST.get("surface", ""),
                            conversation_id=conversation_id)  # fmt: skip
    except ValueError:
        return HttpResponse("", status=400)
    except WorkfairError as exc:
        return HttpResponse("", status=exc.status_code)
    return render(request, "trust/_check.html", {"result": result})
