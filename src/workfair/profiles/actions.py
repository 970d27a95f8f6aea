"""Every write of profiles: do_<verb>_<noun>, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, Any

from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput, NotFound
from workfair.profiles.models import ClientProfile, EmploymentItem, FreelancerProfile, PortfolioItem
from workfair.profiles.photos import prepare_photo
from workfair.profiles.queries import access_employment_item_by_id, access_portfolio_item_by_id
from workfair.profiles.states import Visibility
from workfair.skills.actions import do_ensure_skills
from workfair.skills.queries import skills_by_slugs

MAX_SKILLS = 15
MAX_HOURLY_RATE = 100_000_00  # minor units; far above any real rate, it only catches typing errors

FREELANCER_FIELDS = frozenset({"title", "overview", "hourly_rate", "currency", "country", "visibility", "available"})
CLIENT_FIELDS = frozenset({"company_name", "location", "country", "about", "visibility"})


@transaction.atomic
def do_create_missing_profiles(*, user: Any, actor: Any) -> list[FreelancerProfile | ClientProfile]:
    """Create the profiles the person's roles need and do not have yet (a freelancer profile for
    `is_freelancer`, a client profile for `is_client`). Existing profiles are kept even when a role
    is dropped, so taking the role up again restores them. Returns the profiles created."""
    now = clock.now()
    created: list[FreelancerProfile | ClientProfile] = []
    if user.is_freelancer and not FreelancerProfile.objects.filter(user_id=user.pk).exists():
        created.append(FreelancerProfile.objects.create(user=user, created_at=now, updated_at=now))
    if user.is_client and not ClientProfile.objects.filter(user_id=user.pk).exists():
        created.append(ClientProfile.objects.create(user=user, created_at=now, updated_at=now))
    for profile in created:
        record_audit(actor=actor, action=f"{profile._meta.model_name}.created", target=profile)
    return created


def _own_freelancer_profile_for_update(actor: Any) -> FreelancerProfile:
    profile = FreelancerProfile.objects.select_for_update().filter(user_id=actor.pk).first()
    if profile is None or not actor.is_freelancer:
        raise NotFound("You have no freelancer profile. Turn on the freelancer role in your settings first.")
    return profile


def _own_client_profile_for_update(actor: Any) -> ClientProfile:
    profile = ClientProfile.objects.select_for_update().filter(user_id=actor.pk).first()
    if profile is None or not actor.is_client:
        raise NotFound("You have no client profile. Turn on the client role in your settings first.")
    return profile


def _check_common(changes: dict[str, Any]) -> None:
    if "visibility" in changes and changes["visibility"] not in Visibility.values:
        raise InvalidInput("Visibility is public, members or private.")
    if "country" in changes:
        country = (changes["country"] or "").strip().upper()
        if country and (len(country) != 2 or not country.isalpha()):
            raise InvalidInput("Country is a two-letter code such as DE or US.")
        changes["country"] = country


@transaction.atomic
def do_update_freelancer_profile(
    *,
    actor: Any,
    changes: dict[str, Any],
    skill_slugs: Iterable[str] | None = None,
    skill_names: Iterable[str] | None = None,
) -> FreelancerProfile:
    """Change the actor's own freelancer profile. `changes` holds only the fields to change (any
    of FREELANCER_FIELDS; `hourly_rate` in minor units). Skills, when given, replace the current
    ones (at most 15): `skill_slugs` must name known skills; `skill_names` (typed freely in the
    profile form) creates the missing ones. Refuses unknown fields and bad values, changing nothing."""
    unknown = set(changes) - FREELANCER_FIELDS
    if unknown:
        raise InvalidInput(f"Unknown profile fields: {', '.join(sorted(unknown))}.")
    changes = dict(changes)
    _check_common(changes)
    if "hourly_rate" in changes:
        rate = changes["hourly_rate"]
        if not isinstance(rate, int) or isinstance(rate, bool) or rate < 0 or rate > MAX_HOURLY_RATE:
            raise InvalidInput("The hourly rate must be between 0 and 100,000.")
    if "currency" in changes:
        changes["currency"] = str(changes["currency"]).strip().upper()
        if len(changes["currency"]) != 3 or not changes["currency"].isalpha():
            raise InvalidInput("Currency is a three-letter code such as USD.")
    for text_field, limit in (("title", 120), ("overview", 5000)):
        if text_field in changes:
            changes[text_field] = str(changes[text_field] or "").strip()
            if len(changes[text_field]) > limit:
                raise InvalidInput(f"The {text_field} is longer than {limit} characters.")
    if skill_names is not None:
        names = [name for name in skill_names if name and name.strip()]
        if len(names) > MAX_SKILLS:
            raise InvalidInput(f"Choose at most {MAX_SKILLS} skills.")
        skill_slugs = [skill.slug for skill in do_ensure_skills(names, actor=actor)]
    skills = None
    if skill_slugs is not None:
        wanted = [slug for slug in skill_slugs if slug and slug.strip()]
        if len(wanted) > MAX_SKILLS:
            raise InvalidInput(f"Choose at most {MAX_SKILLS} skills.")
        skills = skills_by_slugs(wanted)
        if len(skills) != len({slug.strip().lower() for slug in wanted}):
            raise InvalidInput("Some of those skills do not exist.")
    profile = _own_freelancer_profile_for_update(actor)
    for name, value in changes.items():
        setattr(profile, name, value)
    profile.updated_at = clock.now()
    profile.save()
    if skills is not None:
        profile.skills.set(skills)
    record_audit(
        actor=actor,
        action="freelancerprofile.updated",
        target=profile,
        data={"fields": sorted(changes), **({"skills": [s.slug for s in skills]} if skills is not None else {})},
    )
    return profile


@transaction.atomic
def do_update_client_profile(*, actor: Any, changes: dict[str, Any]) -> ClientProfile:
    """Change the actor's own client profile (any of CLIENT_FIELDS)."""
    unknown = set(changes) - CLIENT_FIELDS
    if unknown:
        raise InvalidInput(f"Unknown profile fields: {', '.join(sorted(unknown))}.")
    changes = dict(changes)
    _check_common(changes)
    for text_field, limit in (("company_name", 120), ("location", 120), ("about", 3000)):
        if text_field in changes:
            changes[text_field] = str(changes[text_field] or "").strip()
            if len(changes[text_field]) > limit:
                raise InvalidInput(f"The {text_field.replace('_', ' ')} is longer than {limit} characters.")
    profile = _own_client_profile_for_update(actor)
    for name, value in changes.items():
        setattr(profile, name, value)
    profile.updated_at = clock.now()
    profile.save()
    record_audit(actor=actor, action="clientprofile.updated", target=profile, data={"fields": sorted(changes)})
    return profile


def do_set_profile_photo(*, actor: Any, upload: IO[bytes], size: int | None) -> FreelancerProfile:
    """Validate and re-encode an uploaded photo (see `photos.prepare_photo`) and make it the
    actor's freelancer photo; the previous file is deleted after the change commits."""
    photo = prepare_photo(upload, size=size)  # before the transaction: decoding can take a moment
    with transaction.atomic():
        profile = _own_freelancer_profile_for_update(actor)
        old_name = (profile.photo.name or "") if profile.photo else ""
        profile.photo.save(photo.name or "photo.jpg", photo, save=False)
        profile.updated_at = clock.now()
        profile.save(update_fields=["photo", "updated_at"])
        record_audit(actor=actor, action="freelancerprofile.photo_set", target=profile)
        _delete_file_on_commit(profile, old_name)
    return profile


@transaction.atomic
def do_remove_profile_photo(*, actor: Any) -> FreelancerProfile:
    """Remove the actor's photo (the file goes after commit)."""
    profile = _own_freelancer_profile_for_update(actor)
    old_name = (profile.photo.name or "") if profile.photo else ""
    profile.photo = ""  # type: ignore[assignment]
    profile.updated_at = clock.now()
    profile.save(update_fields=["photo", "updated_at"])
    record_audit(actor=actor, action="freelancerprofile.photo_removed", target=profile)
    _delete_file_on_commit(profile, old_name)
    return profile


def _delete_file_on_commit(profile: FreelancerProfile, name: str) -> None:
    if not name:
        return
    storage = profile.photo.storage
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def do_add_portfolio_item(*, actor: Any, title: str, description: str = "", url: str = "") -> PortfolioItem:
    """Add an item to the actor's portfolio."""
    title = title.strip()
    if not title:
        raise InvalidInput("A portfolio item needs a title.")
    if url and not url.lower().startswith(("http://", "https://")):
        raise InvalidInput("The link must start with http:// or https://.")
    profile = _own_freelancer_profile_for_update(actor)
    item = PortfolioItem.objects.create(
        profile=profile, title=title[:120], description=description.strip()[:2000], url=url, created_at=clock.now()
    )
    record_audit(actor=actor, action="portfolioitem.created", target=item, data={"title": item.title})
    return item


@transaction.atomic
def do_delete_portfolio_item(*, actor: Any, item_id: int) -> None:
    """Delete one of the actor's portfolio items (NotFound for anyone else's)."""
    item = access_portfolio_item_by_id(actor, item_id)
    record_audit(actor=actor, action="portfolioitem.deleted", target=item, data={"title": item.title})
    item.delete()


@transaction.atomic
def do_add_employment_item(
    *,
    actor: Any,
    company: str,
    role: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    description: str = "",
) -> EmploymentItem:
    """Add a work-history entry to the actor's freelancer profile."""
    company, role = company.strip(), role.strip()
    if not company or not role:
        raise InvalidInput("Work history needs a company and a role.")
    if end_date is not None and end_date < start_date:
        raise InvalidInput("The end date is before the start date.")
    if start_date > clock.today():
        raise InvalidInput("The start date is in the future.")
    profile = _own_freelancer_profile_for_update(actor)
    item = EmploymentItem.objects.create(
        profile=profile,
        company=company[:120],
        role=role[:120],
        start_date=start_date,
        end_date=end_date,
        description=description.strip()[:2000],
    )
    record_audit(actor=actor, action="employmentitem.created", target=item, data={"company": item.company})
    return item


@transaction.atomic
def do_delete_employment_item(*, actor: Any, item_id: int) -> None:
    """Delete one of the actor's work-history entries (NotFound for anyone else's)."""
    item = access_employment_item_by_id(actor, item_id)
    record_audit(actor=actor, action="employmentitem.deleted", target=item, data={"company": item.company})
    item.delete()
