"""Job pages: search, one post, post / edit a job, my posts (thin: parse, query/act, render)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from workfair.core.errors import InvalidInput, PermissionDenied
from workfair.core.pagination import PageRequest
from workfair.core.views import handle_refusals, member_view
from workfair.jobs import actions, queries
from workfair.jobs.forms import CloseJobForm, JobForm, JobSearchForm
from workfair.jobs.models import Job
from workfair.jobs.states import JobStatus

SEARCH_PAGE_SIZE = 20


def _page_link(params: QueryDict, page: int) -> str:
    query = params.copy()
    query["page"] = str(page)
    return "?" + query.urlencode()


@require_http_methods(["GET"])
@handle_refusals
def search(request: HttpRequest) -> HttpResponse:
    """/jobs/: filters on the left, ranked results on the right; htmx swaps only the results."""
    form = JobSearchForm(request.GET or None)
    jobs: list[Job] = []
    total = 0
    page = PageRequest.parse(request.GET.get("page", 1), SEARCH_PAGE_SIZE)
    if form.is_bound and form.is_valid():
        try:
            jobs, total = queries.search_jobs(request.user, **form.search_arguments(), page=page.page, size=page.size)
        except InvalidInput as exc:
            form.add_error(None, exc.message)
    elif not form.is_bound:
        jobs, total = queries.search_jobs(request.user, page=page.page, size=page.size)
    clients = queries.client_views(request.user, jobs)
    context: dict[str, Any] = {
        "form": form,
        "results": [(job, clients[job.pk]) for job in jobs],
        "total": total,
        "total_capped": queries.total_is_capped(total),
        "page": page.page,
        "previous_link": _page_link(request.GET, page.page - 1) if page.page > 1 else "",
        "next_link": _page_link(request.GET, page.page + 1) if page.offset + len(jobs) < total else "",
    }
    template = "jobs/_results.html" if getattr(request, "htmx", False) else "jobs/search.html"
    response = render(request, template, context)
    # The same URL answers a page or a fragment: caches and the back button must tell them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_http_methods(["GET"])
@handle_refusals
def detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = queries.access_job_by_id(request.user, job_id)
    client = queries.client_views(request.user, [job])[job.pk]
    is_owner = request.user.is_authenticated and job.client_id == request.user.pk
    context = {
        "job": job,
        "client": client,
        "is_owner": is_owner,
        "can_apply": (
            request.user.is_authenticated
            and getattr(request.user, "is_freelancer", False)
            and not is_owner
            and job.status == JobStatus.OPEN
        ),
        "can_edit": is_owner and job.status in actions.EDITABLE_STATUSES,
        "can_close": is_owner and job.status != JobStatus.CLOSED,
        "close_form": CloseJobForm(),
    }
    return render(request, "jobs/detail.html", context)


def _require_client(request: HttpRequest) -> None:
    if not getattr(request.user, "is_client", False):
        raise PermissionDenied("Only client accounts can post jobs. Turn on hiring in your account settings.")


def _tell_submission_outcome(request: HttpRequest, job: Job) -> None:
    """The flash message after a submission: posted, refused at once, or waiting for review."""
    if job.status == JobStatus.OPEN:
        messages.success(request, "Your job is posted.")
    elif job.status == JobStatus.REFUSED:
        messages.error(request, "Your job post was refused: the reason is below.")
    else:
        messages.info(request, "Your job is in review: a moderator looks at it within 30 minutes.")


def _save_and_maybe_submit(request: HttpRequest, job: Job) -> HttpResponse:
    if request.POST.get("intent") == "submit":
        actions.do_submit_job(actor=request.user, job=job)
        _tell_submission_outcome(request, job)
    else:
        messages.success(request, "Draft saved.")
    return redirect("jobs:detail", job_id=job.pk)


@member_view(methods=["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """/jobs/new/: save a draft, or post at once."""
    _require_client(request)
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # One transaction: a post that cannot be submitted is not left behind as a draft.
            with transaction.atomic():
                job = actions.do_create_job(actor=request.user, **form.action_fields())
                return _save_and_maybe_submit(request, job)
        except InvalidInput as exc:
            form.add_error(None, exc.message)
    context = {"form": form, "job": None, "posting_refusal": queries.posting_refusal(request.user)}
    return render(request, "jobs/form.html", context, status=400 if form.errors else 200)


@member_view(methods=["GET", "POST"])
def edit(request: HttpRequest, job_id: int) -> HttpResponse:
    """/jobs/<id>/edit/: change a draft or refused post; save it or submit it."""
    job = queries.access_own_job_by_id(request.user, job_id)
    if job.status not in actions.EDITABLE_STATUSES:
        messages.info(request, "Only a draft or a refused post can be edited.")
        return redirect("jobs:detail", job_id=job.pk)
    form = JobForm(request.POST or None, initial=JobForm.initial_for(job))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                actions.do_update_job(actor=request.user, job=job, **form.action_fields())
                return _save_and_maybe_submit(request, job)
        except InvalidInput as exc:
            form.add_error(None, exc.message)
    return render(request, "jobs/form.html", {"form": form, "job": job}, status=400 if form.errors else 200)


@member_view(methods=["POST"])
def submit(request: HttpRequest, job_id: int) -> HttpResponse:
    job = queries.access_own_job_by_id(request.user, job_id)
    actions.do_submit_job(actor=request.user, job=job)
    _tell_submission_outcome(request, job)
    return redirect("jobs:detail", job_id=job.pk)


@member_view(methods=["POST"])
def close(request: HttpRequest, job_id: int) -> HttpResponse:
    job = queries.access_job_by_id(request.user, job_id)
    form = CloseJobForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Choose why you are closing this job.")
    actions.do_close_job(actor=request.user, job=job, reason=form.cleaned_data["reason"])
    messages.success(request, "The job is closed.")
    return redirect("jobs:detail", job_id=job.pk)


@member_view(methods=["GET"])
def mine(request: HttpRequest) -> HttpResponse:
    """/jobs/mine/: the client's posts, filtered by state."""
    status = request.GET.get("status") or None
    if status not in (None, *JobStatus.values):
        status = None
    counts = queries.count_jobs_of_client_by_status(request.user)
    tabs = [
        {"status": value, "label": label, "count": counts[value], "link": "?" + urlencode({"status": value})}
        for value, label in JobStatus.choices
    ]
    context = {
        "jobs": queries.jobs_of_client(request.user, status),
        "tabs": tabs,
        "status": status,
        "total": sum(counts.values()),
    }
    return render(request, "jobs/mine.html", context)
