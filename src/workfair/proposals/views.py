"""Pages for proposals and invitations (thin: parse, fetch through queries, call one action)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from workfair.core.errors import InvalidInput, NotFound, WorkfairError
from workfair.core.files import private_file_response
from workfair.core.views import member_view, render_refusal
from workfair.jobs.models import Job
from workfair.jobs.states import BudgetType, JobStatus, JobVisibility
from workfair.proposals import actions, hooks, queries
from workfair.proposals.forms import DeclineForm, InvitationForm, ProposalForm
from workfair.proposals.models import Invitation
from workfair.proposals.states import InvitationStatus, ProposalStatus

FREELANCER_PICK_LIMIT = 100


def _job_for_applicant(user: Any, job_id: int) -> Job:
    """A job a freelancer may look at to apply: published and, if invite-only, invited to."""
    job = Job.objects.select_related("client").filter(pk=job_id).first()
    if job is None or job.status in (JobStatus.DRAFT, JobStatus.SUBMITTED, JobStatus.REFUSED):
        raise NotFound("Job not found.")
    if (
        job.visibility == JobVisibility.INVITE_ONLY
        and not Invitation.objects.filter(job=job, freelancer_id=user.pk).exists()
    ):
        raise NotFound("Job not found.")
    return job


def _refusal_status(exc: WorkfairError) -> int:
    return exc.status_code


@member_view(methods=["GET", "POST"])
def create(request: HttpRequest, job_id: int) -> HttpResponse:
    """The proposal form: cover letter, amount, duration, attachments; shows the credits it costs."""
    job = _job_for_applicant(request.user, job_id)
    invitation = Invitation.objects.filter(
        job=job, freelancer_id=request.user.pk, status=InvitationStatus.PENDING
    ).first()
    cost = 0 if invitation is not None else job.proposal_credits
    amount_label = "Hourly rate" if job.budget_type == BudgetType.HOURLY else "Your bid"
    form = ProposalForm(request.POST or None, request.FILES or None, currency=job.currency, amount_label=amount_label)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            proposal = actions.do_submit_proposal(
                actor=request.user,
                job=job,
                cover_letter=form.cleaned_data["cover_letter"],
                amount=form.cleaned_data["amount"],
                estimated_duration=form.cleaned_data["estimated_duration"],
                attachments=form.cleaned_data["attachments"],
            )
        except WorkfairError as exc:
            form.add_error(None, exc.message)
            status = _refusal_status(exc)
        else:
            messages.success(request, "Your proposal was sent.")
            return redirect("proposals:detail", proposal_id=proposal.pk)
    elif request.method == "POST":
        status = 400
    context = {
        "job": job,
        "form": form,
        "cost": cost,
        "invitation": invitation,
        "balance": queries.credit_balance(request.user),
        "monthly_quota": settings.WORKFAIR["MONTHLY_PROPOSAL_CREDITS"],
        "bidding_refusal": queries.bidding_refusal(request.user),
        "form_extras": hooks.form_extras(request, job),
    }
    return render(request, "proposals/create.html", context, status=status)


@member_view
def my_proposals(request: HttpRequest) -> HttpResponse:
    """The freelancer's proposals grouped by state, and their invitations."""
    proposals = list(queries.proposals_of_freelancer(request.user))
    holds = queries.holds_of(proposals)
    for proposal in proposals:
        proposal.hold = holds.get(proposal.pk)  # type: ignore[attr-defined]
    groups = [
        (label, [p for p in proposals if p.status == value])
        for value, label in ProposalStatus.choices
        if any(p.status == value for p in proposals)
    ]
    invitations = list(queries.invitations_of_freelancer(request.user))
    return render(
        request,
        "proposals/list.html",
        {
            "groups": groups,
            "pending_invitations": [i for i in invitations if i.status == InvitationStatus.PENDING],
            "past_invitations": [i for i in invitations if i.status != InvitationStatus.PENDING],
            "balance": queries.credit_balance(request.user),
        },
    )


@member_view
def detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """One proposal; the client gets shortlist/decline/message/offer buttons, the freelancer withdraw."""
    proposal = queries.access_proposal_by_id(request.user, proposal_id)
    is_client = proposal.job.client_id == request.user.pk
    live = proposal.status in actions.LIVE_PROPOSAL_STATUSES
    conversation_id = queries.conversation_id_of(proposal)
    context = {
        "proposal": proposal,
        # Only its freelancer ever gets here for a held proposal (the client is answered 404).
        "hold": None if is_client else queries.hold_of(proposal),
        "is_client": is_client,
        "live": live,
        "conversation_url": queries.conversation_url(conversation_id) if conversation_id else "",
        "decline_form": DeclineForm(),
        "client_revealed": is_client or queries.is_client_revealed(proposal.job_id, proposal.freelancer_id),
        "client_extra": hooks.client_extras(request, [proposal]).get(proposal.pk, "") if is_client else "",
    }
    return render(request, "proposals/detail.html", context)


@member_view(methods=["POST"])
def withdraw(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = queries.access_proposal_by_id(request.user, proposal_id)
    actions.do_withdraw_proposal(actor=request.user, proposal=proposal)
    messages.success(request, "Your proposal was withdrawn.")
    return redirect("proposals:detail", proposal_id=proposal.pk)


@member_view(methods=["POST"])
def decline(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = queries.access_proposal_by_id(request.user, proposal_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("The reason can have at most 500 characters.")
    actions.do_decline_proposal(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
    messages.success(request, "The proposal was declined.")
    return redirect("proposals:job_proposals", job_id=proposal.job_id)


@member_view(methods=["POST"])
def shortlist(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = queries.access_proposal_by_id(request.user, proposal_id)
    actions.do_shortlist_proposal(actor=request.user, proposal=proposal)
    messages.success(request, "Added to the shortlist.")
    return redirect(request.POST.get("next") or reverse("proposals:detail", args=[proposal.pk]))


@member_view(methods=["POST"])
def unshortlist(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = queries.access_proposal_by_id(request.user, proposal_id)
    actions.do_unshortlist_proposal(actor=request.user, proposal=proposal)
    messages.success(request, "Taken off the shortlist.")
    return redirect("proposals:detail", proposal_id=proposal.pk)


@member_view(methods=["POST"])
def message(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """The client opens the conversation about a proposal and goes to it."""
    proposal = queries.access_proposal_by_id(request.user, proposal_id)
    conversation = actions.do_message_applicant(actor=request.user, proposal=proposal)
    return redirect(queries.conversation_url(conversation.pk))


@member_view
def job_proposals(request: HttpRequest, job_id: int) -> HttpResponse:
    """The client's list of proposals on one job, all or shortlisted only."""
    show = request.GET.get("show", "all")
    status = ProposalStatus.SHORTLISTED if show == "shortlisted" else None
    job = queries.access_job_as_client(request.user, job_id)
    proposals = list(queries.proposals_for_job(request.user, job_id, status))
    extras = hooks.client_extras(request, proposals)
    for proposal in proposals:
        proposal.client_extra = extras.get(proposal.pk, "")  # type: ignore[attr-defined]
    invitations = list(queries.invitations_for_job(request.user, job_id))
    return render(
        request,
        "proposals/job_proposals.html",
        {"job": job, "proposals": proposals, "show": "shortlisted" if status else "all", "invitations": invitations},
    )


def _find_freelancer(text: str) -> Any:
    """A freelancer by member number (public, on their profile); InvalidInput when there is none.
    Not by e-mail address, which would tell a client who has an account."""
    text = text.strip()
    found = (
        get_user_model().objects.filter(is_freelancer=True, is_active=True, pk=int(text)).first()
        if text.isdigit() and len(text) <= 12
        else None
    )
    if found is None:
        raise InvalidInput("No freelancer has that member number.")
    return found


@member_view(methods=["GET", "POST"])
def invite(request: HttpRequest, job_id: int) -> HttpResponse:
    """The client invites a freelancer to their job with a message."""
    job = queries.access_job_as_client(request.user, job_id)
    already = set(Invitation.objects.filter(job=job).values_list("freelancer_id", flat=True))
    candidates = [
        (user.pk, f"{user.public_name} (#{user.pk})")
        for user in get_user_model()
        .objects.filter(is_freelancer=True, is_active=True)
        .exclude(pk=request.user.pk or 0)
        .exclude(pk__in=already)
        .order_by("-date_joined")[:FREELANCER_PICK_LIMIT]
    ]
    form = InvitationForm(request.POST or None, freelancers=candidates)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                pick = form.cleaned_data.get("freelancer_pick")
                freelancer = _find_freelancer(str(pick) if pick else form.cleaned_data["freelancer"])
                actions.do_invite_freelancer(
                    actor=request.user, job=job, freelancer=freelancer, message=form.cleaned_data["message"]
                )
            except WorkfairError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, f"{freelancer.public_name} was invited.")
                return redirect("proposals:job_proposals", job_id=job.pk)
    return render(request, "proposals/invite.html", {"job": job, "form": form}, status=status)


@member_view
def invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """An invitation: the freelancer accepts (goes to the free proposal form) or declines."""
    found = queries.access_invitation_by_id(request.user, invitation_id)
    return render(
        request,
        "proposals/invitation.html",
        {"invitation": found, "is_freelancer": found.freelancer_id == request.user.pk, "decline_form": DeclineForm()},
    )


@member_view(methods=["POST"])
def decline_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    found = queries.access_invitation_by_id(request.user, invitation_id)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    actions.do_decline_invitation(actor=request.user, invitation=found, reason=reason)
    messages.success(request, "You declined the invitation.")
    return redirect("proposals:list")


@login_required
def attachment(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    """Download a proposal attachment (its freelancer or the job's client only)."""
    try:
        found = queries.attachment_for_download(request.user, attachment_id)
    except WorkfairError as exc:
        return render_refusal(request, exc)
    return private_file_response(found.file, filename=found.name, content_type=found.content_type)
