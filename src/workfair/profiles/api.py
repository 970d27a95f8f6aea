"""Profiles API: find freelancers, read profiles (with the one visibility rule), edit your own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema

from workfair.accounts.api_auth import api_auth
from workfair.core.errors import InvalidInput
from workfair.core.pagination import PageRequest
from workfair.profiles import actions, queries
from workfair.profiles.models import ClientProfile, FreelancerProfile
from workfair.profiles.schemas import (
    ClientOut,
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


def freelancer_summary(profile: FreelancerProfile) -> dict[str, Any]:
    return {
        "user_id": profile.user_id,
        "name": profile.user.public_name,
        "title": profile.title,
        "photo_url": profile.photo.url if profile.photo else None,
        "hourly_rate": profile.hourly_rate,
        "currency": profile.currency,
        "country": profile.country,
        "available": profile.available,
        "skills": [{"name": s.name, "slug": s.slug} for s in profile.skills.all()],
    }


def freelancer_detail(profile: FreelancerProfile) -> dict[str, Any]:
    return {
        **freelancer_summary(profile),
        "overview": profile.overview,
        "visibility": profile.visibility,
        "portfolio": list(profile.portfolio_items.all()),
        "employment": list(profile.employment_items.all()),
    }


def client_detail(profile: ClientProfile) -> dict[str, Any]:
    history = queries.hiring_history(profile)
    return {
        "user_id": profile.user_id,
        "name": profile.user.public_name,
        "company_name": profile.company_name,
        "location": profile.location,
        "country": profile.country,
        "about": profile.about,
        "visibility": profile.visibility,
        "jobs_posted": history.jobs_posted,
        "hires": history.hires,
        "member_since": history.member_since,
    }


@router.get("/freelancers", auth=optional_auth, response=FreelancerPageOut)
def list_freelancers(request: HttpRequest, filters: Query[FreelancerFilters]) -> dict[str, Any]:
    """Freelancers the caller may see, matching `q` (title, overview, skill) and `skill` (a slug)."""
    page = PageRequest.parse(filters.page, filters.size)
    items, total = queries.search_freelancers(_viewer(request), q=filters.q, skill=filters.skill, page=page)
    return {"items": [freelancer_summary(p) for p in items], "total": total, "page": page.page, "size": page.size}


@router.get("/freelancers/{user_id}", auth=optional_auth, response=FreelancerOut)
def get_freelancer(request: HttpRequest, user_id: int) -> dict[str, Any]:
    return freelancer_detail(queries.access_freelancer_profile(_viewer(request), user_id))


@router.get("/clients/{user_id}", auth=optional_auth, response=ClientOut)
def get_client(request: HttpRequest, user_id: int) -> dict[str, Any]:
    return client_detail(queries.access_client_profile(_viewer(request), user_id))


def _my_profiles(user: Any) -> dict[str, Any]:
    freelancer = queries.own_freelancer_profile(user) if user.is_freelancer else None
    client = queries.own_client_profile(user) if user.is_client else None
    return {
        "freelancer": freelancer_detail(freelancer) if freelancer else None,
        "client": client_detail(client) if client else None,
    }


@router.get("/me", response=MyProfilesOut)
def get_my_profiles(request: HttpRequest) -> dict[str, Any]:
    """Your own freelancer and client profiles (null for a role you do not have)."""
    return _my_profiles(request.user)


@router.patch("/me", response=MyProfilesOut)
def update_my_profiles(request: HttpRequest, payload: MyProfilesPatchIn) -> dict[str, Any]:
    """Change your profiles; only the fields sent change. Both parts succeed or neither does."""
    user = request.user
    with transaction.atomic():
        if payload.freelancer is not None:
            changes = payload.freelancer.dict(exclude_unset=True)
            skills = changes.pop("skills", None)
            if any(v is None for v in changes.values()):
                raise InvalidInput("Leave out a field to keep it; null is not a value.")
            actions.do_update_freelancer_profile(actor=user, changes=changes, skill_slugs=skills)
        if payload.client is not None:
            changes = payload.client.dict(exclude_unset=True)
            if any(v is None for v in changes.values()):
                raise InvalidInput("Leave out a field to keep it; null is not a value.")
            actions.do_update_client_profile(actor=user, changes=changes)
    return _my_profiles(user)
