"""The spot-review queue of cover letters (the minding app's queue, shown in the console): staff
read the riskiest letters first, each beside the letter it resembles, and keep or toss it with a
reason. A toss that is a repeat (`minding.actions.TossResult.repeat`) also moves the sender one
step on the enforcement ladder: a case about the proposal in `account_health`, decided "warn"
(one strike, the statement of reasons, appealable) in the engine's own way."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workfair.console.access import console_view
from workfair.core.errors import InvalidInput
from workfair.minding import actions as minding_actions
from workfair.minding import queries as minding_queries
from workfair.trust import actions as trust_actions
from workfair.trust.models import Case
from workfair.trust.states import CaseResolution, Queue

PAGE_SIZE = 20


@console_view
def spot_review(request: HttpRequest) -> HttpResponse:
    """The letters waiting for a spot review (riskiest first) and the latest decisions."""
    queued = minding_queries.spot_review_queue(request.user)
    return render(
        request,
        "console/spot_review.html",
        {
            "letters": list(queued[:PAGE_SIZE]),
            "waiting": queued.count(),
            "reviewed": minding_queries.recently_reviewed(request.user),
        },
    )


def move_ladder_for_repeat(request: HttpRequest, result: minding_actions.TossResult) -> int:
    """One strike for a repeated tossed letter: a case about the proposal, decided "warn" by this
    moderator (the engine adds the strike, climbs the ladder and tells the person). Returns the
    decision id."""
    check = result.check
    case_id = trust_actions.do_open_case(
        queue=Queue.ACCOUNT_HEALTH,
        title=f"Repeated tossed cover letters ({result.tossed_recently} recently)",
        subject_id=check.freelancer_id,
        target_type="proposals.proposal",
        target_id=check.proposal_id,
        risk=60,
        actor=request.user,
    )
    case = Case.objects.get(pk=case_id)
    note = (
        f"{result.tossed_recently} of your cover letters were removed after spot reviews in the last months. "
        f"This one: {check.review_reason}"
    )
    decision = trust_actions.do_decide_case(actor=request.user, case=case, resolution=CaseResolution.WARN, note=note)
    return int(decision.pk)


@require_POST
@console_view
def spot_review_decide(request: HttpRequest, check_id: int) -> HttpResponse:
    """Keep or toss one queued letter."""
    verdict = request.POST.get("verdict", "")
    reason = request.POST.get("reason", "")
    if verdict == "keep":
        minding_actions.do_keep_letter(actor=request.user, check_id=check_id, reason=reason)
        messages.success(request, "Letter kept: it stays with the client.")
    elif verdict == "toss":
        result = minding_actions.do_toss_letter(actor=request.user, check_id=check_id, reason=reason)
        if result.repeat:
            move_ladder_for_repeat(request, result)
            messages.success(request, "Letter tossed; a repeat, so the sender got a strike and was told why.")
        else:
            messages.success(request, "Letter tossed: it left the client's list and the sender was told why.")
    else:
        raise InvalidInput("Choose keep or toss.")
    return redirect("console:spot_review")
