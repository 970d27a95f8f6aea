"""Pages of the minding app (thin): the client's one-click spam flag and the proposal form's
generic-letter check. The spot-review queue is a console page (workfair.console.spot_review)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from workfair.core.views import member_view
from workfair.minding import actions, policy, queries
from workfair.proposals.actions import COVER_LETTER_MAX, COVER_LETTER_MIN
from workfair.proposals.queries import access_proposal_by_id


@member_view(methods=["POST"])
def flag(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """The job's client flags a proposal's cover letter as spam: one click (htmx swaps the button
    for "Flagged"; without JavaScript, back to the page it came from)."""
    proposal = access_proposal_by_id(request.user, proposal_id)
    actions.do_flag_letter(actor=request.user, proposal=proposal)
    if request.headers.get("HX-Request"):
        return render(request, "minding/_flagged.html", {"proposal": proposal})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("proposals:job_proposals", args=[proposal.job_id])
    return redirect(back)


@member_view(methods=["POST"])
def letter_check(request: HttpRequest, job_id: int) -> HttpResponse:
    """What the system would think of this cover letter for this job, before it is sent (no
    writes): a warning when it is generic, and why."""
    job = queries.access_job_to_apply(request.user, job_id)
    letter = (request.POST.get("cover_letter") or "").strip()
    if len(letter) < COVER_LETTER_MIN or len(letter) > COVER_LETTER_MAX:
        return render(request, "minding/_letter_check.html", {"scores": None})
    scores = actions.score_letter(letter=letter, job=job, freelancer_id=int(request.user.pk or 0))
    reasons = []
    if policy.is_template(scores.own_similarity):
        reasons.append("It is much like a letter you sent to another job.")
    if policy.is_template(scores.copy_similarity):
        reasons.append("It is much like a letter another freelancer sent.")
    if scores.specificity < float(policy.setting("SPECIFIC_MIN")):
        reasons.append("It says little about this job.")
    specifics = [s for s in actions.job_specifics(job) if s not in scores.specifics_named][:3]
    return render(
        request, "minding/_letter_check.html", {"scores": scores, "reasons": reasons, "job_specifics": specifics}
    )
