"""Profiles API: find freelancers, read profiles (with the one visibility rule), edit your own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Query, Router, Schema

from workfair.accounts.api_auth import api_auth
from workfair.core.errors import InvalidInput
from workfair.core.pagination import PageRequest
from workfair.feedback.api import ERRORS as FEEDBACK_ERRORS
from workfair.feedback.api import review_out
from workfair.feedback.queries import mark_text_shown, rating_summary, revealed_reviews_of
from workfair.feedback.schemas import ReviewPageOut
from workfair.identity.interface import badges_for
from workfair.profiles import actions, queries
from workfair.profiles.models import ClientProfile, FreelancerProfile
from workfair.profiles.schemas import (
    ClientProfileOut,
    FreelancerOut,
    FreelancerPageOut,
    MyProfilesOut,
    MyProfilesPatchIn,
)

router = Router(tags=["profiles"])


def signed_out_ok(request: HttpRequest) -> Any:
    """Last resort of the optional auth: let the request through as anonymous."""
    return AnonymousUser()


# Public reads: a token or session makes members-only and private profiles visible where allowed.
optional_auth = [*api_auth, signed_out_ok]


def _viewer(request: HttpRequest) -> Any:
    # Set by ninja to what the first succeeding authenticator returned (a user or AnonymousUser).
    return getattr(request, "auth", None) or AnonymousUser()


class FreelancerFilters(Schema):
    q: str = ""
    skill: str = ""
    page: int = 1
    size: int = 20


def _text_shown(viewer: Any, profile: FreelancerProfile | ClientProfile) -> bool:
    """Whether `viewer` sees the profile's public text: a trust decision may hide it from others."""
    return not getattr(profile, "text_hidden", False) or queries.sees_hidden_text(viewer, profile)


def freelancer_summary(
    profile: FreelancerProfile, viewer: Any = None, badges: dict[int, set[str]] | None = None
) -> dict[str, Any]:
    shown = _text_shown(viewer, profile)
    return {
        "user_id": profile.user_id,
        "name": profile.user.public_name,
        "title": profile.title if shown else "",
        "photo_url": profile.photo.url if profile.photo else None,
        "hourly_rate": profile.hourly_rate,
        "currency": profile.currency,
        "country": profile.country,
        "available": profile.available,
        "skills": [{"name": s.name, "slug": s.slug} for s in profile.skills.all()],
        "badges": sorted((badges if badges is not None else badges_for([profile.user_id])).get(profile.user_id, ())),
        "text_hidden": bool(getattr(profile, "text_hidden", False)),
    }


def freelancer_detail(profile: FreelancerProfile, viewer: Any = None) -> dict[str, Any]:
    return {
        **freelancer_summary(profile, viewer),
        "overview": profile.overview if _text_shown(viewer, profile) else "",
        "rating": _rating(profile.user_id, "freelancer"),
        "visibility": profile.visibility,
        "portfolio": list(profile.portfolio_items.all()),
        "employment": list(profile.employment_items.all()),
    }


def client_detail(profile: ClientProfile, viewer: Any = None) -> dict[str, Any]:
    history = queries.hiring_history(profile)
    shown = _text_shown(viewer, profile)
    return {
        "user_id": profile.user_id,
        "name": profile.user.public_name,
        "company_name": profile.company_name if shown else "",
        "location": profile.location if shown else "",
        "country": profile.country,
        "about": profile.about if shown else "",
        "visibility": profile.visibility,
        "jobs_posted": history.jobs_posted,
        "hires": history.hires,
        "member_since": history.member_since,
        "badges": sorted(badges_for([profile.user_id]).get(profile.user_id, ())),
        "text_hidden": bool(getattr(profile, "text_hidden", False)),
        "rating": _rating(profile.user_id, "client"),
    }


def _rating(user_id: int, role: str) -> dict[str, Any]:
    summary = rating_summary(user_id, role)
    return {"average": summary.average, "count": summary.count}


def _review_page(viewer: Any, user_id: int, role: str, page: int, size: int) -> dict[str, Any]:
    """Revealed reviews only: a hidden review counts nowhere and shows nowhere (double-blind)."""
    request = PageRequest.parse(page, size)
    rows = revealed_reviews_of(user_id, role)[request.offset : request.offset + request.size]
    return {
        "summary": _rating(user_id, role),
        "items": [review_out(r) for r in mark_text_shown(rows, viewer)],
        "page": request.page,
        "size": request.size,
    }


@router.get("/freelancers", auth=optional_auth, response=FreelancerPageOut)
def list_freelancers(request: HttpRequest, filters: Query[FreelancerFilters]) -> dict[str, Any]:
    """Freelancers the caller may see, matching `q` (title, overview, skill) and `skill` (a slug)."""
    page = PageRequest.parse(filters.page, filters.size)
    viewer = _viewer(request)
    items, total = queries.search_freelancers(viewer, q=filters.q, skill=filters.skill, page=page)
    badges = badges_for(p.user_id for p in items)
    return {
        "items": [freelancer_summary(p, viewer, badges) for p in items],
        "total": total,
        "page": page.page,
        "size": page.size,
    }


@router.get("/freelancers/{user_id}", auth=optional_auth, response=FreelancerOut)
def get_freelancer(request: HttpRequest, user_id: int) -> dict[str, Any]:
    viewer = _viewer(request)
    return freelancer_detail(queries.access_freelancer_profile(viewer, user_id), viewer)


@router.get("/freelancers/{user_id}/reviews", auth=optional_auth, response={200: ReviewPageOut, **FEEDBACK_ERRORS})
def get_freelancer_reviews(request: HttpRequest, user_id: int, page: int = 1, size: int = 20) -> dict[str, Any]:
    """Revealed reviews clients left this freelancer, newest first, with the average and count."""
    viewer = _viewer(request)
    profile = queries.access_freelancer_profile(viewer, user_id)
    return _review_page(viewer, profile.user_id, "freelancer", page, size)


@router.get("/clients/{user_id}/reviews", auth=optional_auth, response={200: ReviewPageOut, **FEEDBACK_ERRORS})
def get_client_reviews(request: HttpRequest, user_id: int, page: int = 1, size: int = 20) -> dict[str, Any]:
    """Revealed reviews freelancers left this client, newest first, with the average and count."""
    viewer = _viewer(request)
    profile = queries.access_client_profile(viewer, user_id)
    return _review_page(viewer, profile.user_id, "client", page, size)


@router.get("/clients/{user_id}", auth=optional_auth, response=ClientProfileOut)
def get_client(request: HttpRequest, user_id: int) -> dict[str, Any]:
    viewer = _viewer(request)
    return client_detail(queries.access_client_profile(viewer, user_id), viewer)


def _my_profiles(user: Any) -> dict[str, Any]:
    freelancer = queries.own_freelancer_profile(user) if user.is_freelancer else None
    client = queries.own_client_profile(user) if user.is_client else None
    return {
        "freelancer": freelancer_detail(freelancer, user) if freelancer else None,
        "client": client_detail(client, user) if client else None,
    }


@router.get("/me", response=MyProfilesOut)
def get_my_profiles(request: HttpRequest) -> dict[str, Any]:
    """Your own freelancer and client profiles (null for a role you do not have)."""
    return _my_profiles(request.user)


@router.patch("/me", response=MyProfilesOut)
def update_my_profiles(request: HttpRequest, payload: MyProfilesPatchIn) -> dict[str, Any]:
    """Change your profiles; only the fields sent change. Both parts succeed or neither does.
    Changed public text is screened by the trust engine: a block refuses the change (403)."""
    user = request.user
    freelancer = client = skills = None
    if payload.freelancer is not None:
        freelancer = payload.freelancer.dict(exclude_unset=True)
        skills = freelancer.pop("skills", None)
    if payload.client is not None:
        client = payload.client.dict(exclude_unset=True)
    if any(v is None for part in (freelancer, client) if part for v in part.values()):
        raise InvalidInput("Leave out a field to keep it; null is not a value.")
    actions.do_update_my_profiles(actor=user, freelancer=freelancer, client=client, skill_slugs=skills)
    return _my_profiles(user)
