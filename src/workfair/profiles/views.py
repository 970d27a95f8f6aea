"""Profile pages: find freelancers, read profiles, edit your own. Thin: forms parse, queries
decide who sees what, actions write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workfair.core.errors import WorkfairError
from workfair.core.money import exponent, format_money, to_minor
from workfair.core.pagination import PageRequest
from workfair.core.views import handle_refusals, member_view
from workfair.feedback.queries import profile_reviews
from workfair.identity.interface import badges_for
from workfair.profiles import actions, queries
from workfair.profiles.forms import (
    ClientProfileForm,
    EmploymentItemForm,
    FreelancerProfileForm,
    FreelancerSearchForm,
    PhotoForm,
    PortfolioItemForm,
)
from workfair.profiles.models import FreelancerProfile
from workfair.skills.queries import all_skills, suggestions_of

PAGE_SIZE = 20


def _mark_text_shown(viewer: Any, profiles: list[Any]) -> None:
    """`text_shown` on each profile: False where a trust decision hides its public text from
    this viewer (the owner and staff still see it, with a note)."""
    for profile in profiles:
        profile.text_shown = not getattr(profile, "text_hidden", False) or queries.sees_hidden_text(viewer, profile)


@require_GET
def freelancer_list(request: HttpRequest) -> HttpResponse:
    """Search freelancers by keyword and skill; only profiles the visitor may see are listed."""
    skills = list(all_skills().values_list("slug", "name"))
    form = FreelancerSearchForm(request.GET or None, skill_choices=skills)
    q = skill = ""
    if form.is_valid():
        q, skill = form.cleaned_data["q"], form.cleaned_data["skill"]
    page = PageRequest.parse(request.GET.get("page", 1), PAGE_SIZE)
    items, total = queries.search_freelancers(request.user, q=q, skill=skill, page=page)
    _mark_text_shown(request.user, items)
    # The paginator only draws the page links; the rows come from the query above.
    paginator = Paginator(range(total), PAGE_SIZE)
    page_obj = paginator.get_page(page.page)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "freelancers": items,
        "identity_badges": badges_for(p.user_id for p in items),
        "total": total,
        "page_obj": page_obj,
        "query_string": query.urlencode(),
    }
    return render(request, "profiles/freelancer_list.html", context)


@require_GET
@handle_refusals
def freelancer_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    profile = queries.access_freelancer_profile(request.user, user_id)
    _mark_text_shown(request.user, [profile])
    rating, reviews = profile_reviews(request.user, profile.user_id, "freelancer")
    context = {
        "profile": profile,
        "rate": format_money(profile.hourly_rate, profile.currency) if profile.hourly_rate else "",
        "is_owner": request.user.pk == profile.user_id,
        "rating": rating,
        "reviews": reviews,
    }
    return render(request, "profiles/freelancer_detail.html", context)


@require_GET
@handle_refusals
def client_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    profile = queries.access_client_profile(request.user, user_id)
    _mark_text_shown(request.user, [profile])
    rating, reviews = profile_reviews(request.user, profile.user_id, "client")
    context = {
        "profile": profile,
        "history": queries.hiring_history(profile),
        "is_owner": request.user.pk == profile.user_id,
        "rating": rating,
        "reviews": reviews,
    }
    return render(request, "profiles/client_detail.html", context)


# --- Editing your own profile ---------------------------------------------------------------


def _freelancer_initial(profile: FreelancerProfile) -> dict[str, Any]:
    return {
        "title": profile.title,
        "overview": profile.overview,
        "hourly_rate": Decimal(profile.hourly_rate).scaleb(-exponent(profile.currency)) if profile.hourly_rate else "",
        "country": profile.country,
        "skills": ", ".join(s.name for s in profile.skills.all()),
        "available": profile.available,
        "visibility": profile.visibility,
    }


def _edit_page(request: HttpRequest, *, status: int = 200, **bound: Any) -> HttpResponse:
    """The edit page; a form passed in `bound` (with its errors) replaces the blank one."""
    user: Any = request.user
    freelancer = queries.own_freelancer_profile(user) if user.is_freelancer else None
    client = queries.own_client_profile(user) if user.is_client else None
    context: dict[str, Any] = {"freelancer": freelancer, "client": client}
    if freelancer is not None:
        context["freelancer_form"] = bound.get("freelancer_form") or FreelancerProfileForm(
            initial=_freelancer_initial(freelancer)
        )
        context["freelancer_form"].fields["hourly_rate"].label = f"Hourly rate ({freelancer.currency})"
        context["skill_suggestions"] = list(suggestions_of(user)[:20])
        context["photo_form"] = bound.get("photo_form") or PhotoForm()
        context["portfolio_form"] = bound.get("portfolio_form") or PortfolioItemForm()
        context["employment_form"] = bound.get("employment_form") or EmploymentItemForm()
    if client is not None:
        context["client_form"] = bound.get("client_form") or ClientProfileForm(
            initial={
                "company_name": client.company_name,
                "location": client.location,
                "country": client.country,
                "about": client.about,
                "visibility": client.visibility,
            }
        )
    return render(request, "profiles/profile_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    """Edit the freelancer part (`section=freelancer`) or the client part (`section=client`)."""
    if request.method != "POST":
        return _edit_page(request)
    section = request.POST.get("section")
    if section == "freelancer":
        form = FreelancerProfileForm(request.POST)
        if not form.is_valid():
            return _edit_page(request, status=400, freelancer_form=form)
        data = form.cleaned_data
        currency = getattr(queries.own_freelancer_profile(request.user), "currency", "USD")
        try:
            rate = to_minor(data["hourly_rate"] or 0, currency)
            actions.do_update_freelancer_profile(
                actor=request.user,
                changes={
                    "title": data["title"],
                    "overview": data["overview"],
                    "hourly_rate": rate,
                    "country": data["country"],
                    "available": data["available"],
                    "visibility": data["visibility"],
                },
                skill_names=form.skill_names(),
            )
        except WorkfairError as exc:
            form.add_error(None, exc.message)
            return _edit_page(request, status=exc.status_code, freelancer_form=form)
        messages.success(request, "Your freelancer profile is saved.")
        if suggestions_of(request.user).filter(status="pending").exists():
            messages.info(request, "Skills that are not in our list yet were sent to our team; see below.")
        return redirect("profiles:edit")
    if section == "client":
        client_form = ClientProfileForm(request.POST)
        if not client_form.is_valid():
            return _edit_page(request, status=400, client_form=client_form)
        try:
            actions.do_update_client_profile(actor=request.user, changes=dict(client_form.cleaned_data))
        except WorkfairError as exc:
            client_form.add_error(None, exc.message)
            return _edit_page(request, status=exc.status_code, client_form=client_form)
        messages.success(request, "Your client profile is saved.")
        return redirect("profiles:edit")
    return _edit_page(request, status=400)


@login_required
@require_POST
def upload_photo(request: HttpRequest) -> HttpResponse:
    """Replace the photo. Not an image, too big, or too many pixels: a form error, nothing stored."""
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _edit_page(request, status=400, photo_form=form)
    upload = form.cleaned_data["photo"]
    try:
        actions.do_set_profile_photo(actor=request.user, upload=upload, size=upload.size)
    except WorkfairError as exc:
        form.add_error("photo", exc.message)
        return _edit_page(request, status=exc.status_code, photo_form=form)
    messages.success(request, "Your photo is updated.")
    return redirect("profiles:edit")


@member_view(methods=["POST"])
def remove_photo(request: HttpRequest) -> HttpResponse:
    actions.do_remove_profile_photo(actor=request.user)
    messages.success(request, "Your photo is removed.")
    return redirect("profiles:edit")


@login_required
@require_POST
def add_portfolio_item(request: HttpRequest) -> HttpResponse:
    form = PortfolioItemForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, status=400, portfolio_form=form)
    try:
        actions.do_add_portfolio_item(actor=request.user, **form.cleaned_data)
    except WorkfairError as exc:
        form.add_error(None, exc.message)
        return _edit_page(request, status=exc.status_code, portfolio_form=form)
    messages.success(request, "The portfolio item is added.")
    return redirect("profiles:edit")


@member_view(methods=["POST"])
def delete_portfolio_item(request: HttpRequest, item_id: int) -> HttpResponse:
    actions.do_delete_portfolio_item(actor=request.user, item_id=item_id)
    messages.success(request, "The portfolio item is deleted.")
    return redirect("profiles:edit")


@login_required
@require_POST
def add_employment_item(request: HttpRequest) -> HttpResponse:
    form = EmploymentItemForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, status=400, employment_form=form)
    try:
        actions.do_add_employment_item(actor=request.user, **form.cleaned_data)
    except WorkfairError as exc:
        form.add_error(None, exc.message)
        return _edit_page(request, status=exc.status_code, employment_form=form)
    messages.success(request, "The work-history entry is added.")
    return redirect("profiles:edit")


@member_view(methods=["POST"])
def delete_employment_item(request: HttpRequest, item_id: int) -> HttpResponse:
    actions.do_delete_employment_item(actor=request.user, item_id=item_id)
    messages.success(request, "The work-history entry is deleted.")
    return redirect("profiles:edit")
