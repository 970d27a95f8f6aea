"""Every write of profiles: do_<verb>_<noun>, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction

from workfair.core import clock, ratelimits
from workfair.core.audit import record_audit
from workfair.core.countries import is_country
from workfair.core.errors import InvalidInput, NotFound, PermissionDenied, WorkfairError
from workfair.identity.interface import IdentifierKind, check_identifiers, hamming
from workfair.profiles import hooks, screening
from workfair.profiles.models import ClientProfile, EmploymentItem, FreelancerProfile, PortfolioItem
from workfair.profiles.photos import prepare_photo
from workfair.profiles.queries import access_employment_item_by_id, access_portfolio_item_by_id
from workfair.profiles.states import Visibility
from workfair.skills.actions import do_resolve_skill_names
from workfair.skills.queries import skills_by_slugs
from workfair.trust.interface import Gate, Outcome, SignalKind, do_record_signal, gate

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
        if country and not is_country(country):
            raise InvalidInput(f"{country!r} is not a country code: use the two letters of ISO 3166, such as PL or US.")
        changes["country"] = country


@dataclass
class _Plan:
    """A checked change of one profile, not yet written, with the trust engine's verdict on its
    new public text (None when that text does not change)."""

    profile: FreelancerProfile | ClientProfile
    changes: dict[str, Any]
    audit_action: str
    skills: list[Any] | None = None
    screened: Gate | None = None
    target_id: str = ""

    @property
    def blocked(self) -> bool:
        return self.screened is not None and self.screened.verdict.outcome == Outcome.BLOCK


def _clean_freelancer_changes(
    actor: Any, changes: dict[str, Any], skill_slugs: Iterable[str] | None, skill_names: Iterable[str] | None
) -> tuple[dict[str, Any], list[Any] | None]:
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
        # names the taxonomy lacks become suggestions for staff, not skills for everyone
        known, _suggested = do_resolve_skill_names(names, actor=actor)
        skill_slugs = [skill.slug for skill in known]
    skills = None
    if skill_slugs is not None:
        wanted = [slug for slug in skill_slugs if slug and slug.strip()]
        if len(wanted) > MAX_SKILLS:
            raise InvalidInput(f"Choose at most {MAX_SKILLS} skills.")
        skills = skills_by_slugs(wanted)
        if len(skills) != len({slug.strip().lower() for slug in wanted}):
            raise InvalidInput("Some of those skills do not exist.")
    return changes, skills


def _clean_client_changes(changes: dict[str, Any]) -> dict[str, Any]:
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
    return changes


def _plan(actor: Any, profile: FreelancerProfile | ClientProfile, changes: dict[str, Any], **kwargs: Any) -> _Plan:
    """Apply `changes` to the (locked) profile in memory and ask the trust engine about its new
    public text. Nothing is written."""
    before = screening.public_text(profile)
    for name, value in changes.items():
        setattr(profile, name, value)
    after = screening.public_text(profile)
    plan = _Plan(profile=profile, changes=changes, **kwargs)
    if after and after != before:
        plan.target_id = screening.text_target_id(profile.pk, after)
        plan.screened = gate(actor=actor, kind=SignalKind.PROFILE_CHANGED, surface="profile", text=after)
    return plan


def _record_screening(actor: Any, plan: _Plan) -> None:
    if plan.screened is not None:
        do_record_signal(actor=actor, kind=SignalKind.PROFILE_CHANGED, surface="profile",
                         target_type=screening.target_type(plan.profile), target_id=plan.target_id,
                         gate=plan.screened)  # fmt: skip


def _apply(actor: Any, plan: _Plan) -> None:
    profile = plan.profile
    profile.updated_at = clock.now()
    profile.save()
    if plan.skills is not None and isinstance(profile, FreelancerProfile):
        profile.skills.set(plan.skills)
    data: dict[str, Any] = {"fields": sorted(plan.changes)}
    if plan.skills is not None:
        data["skills"] = [s.slug for s in plan.skills]
    record_audit(actor=actor, action=plan.audit_action, target=profile, data=data)
    _record_screening(actor, plan)


def _blocked_refusal(plans: Iterable[_Plan | None]) -> PermissionDenied | None:
    for plan in plans:
        if plan is not None and plan.blocked:
            assert plan.screened is not None
            top = plan.screened.verdict.top
            reason = top.rule.reason if top is not None else ""
            return PermissionDenied(f"Your profile was not saved. {reason}".strip(), code="profile_blocked")
    return None


def _write(actor: Any, plans: Sequence[_Plan | None]) -> PermissionDenied | None:
    """Write every plan, or, when the trust engine blocks any of them, none: then only the block
    signals are recorded (they and their effects must persist) and the refusal is returned, for
    the caller to raise once its transaction has committed."""
    refusal = _blocked_refusal(plans)
    for plan in plans:
        if plan is None:
            continue
        if refusal is not None:
            if plan.blocked:
                _record_screening(actor, plan)
            continue
        _apply(actor, plan)
    return refusal


def _plan_freelancer(
    actor: Any,
    changes: dict[str, Any],
    skill_slugs: Iterable[str] | None,
    skill_names: Iterable[str] | None,
) -> _Plan:
    changes, skills = _clean_freelancer_changes(actor, changes, skill_slugs, skill_names)
    profile = _own_freelancer_profile_for_update(actor)
    return _plan(actor, profile, changes, audit_action="freelancerprofile.updated", skills=skills)


def _plan_client(actor: Any, changes: dict[str, Any]) -> _Plan:
    changes = _clean_client_changes(changes)
    profile = _own_client_profile_for_update(actor)
    return _plan(actor, profile, changes, audit_action="clientprofile.updated")


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
    profile form) creates the missing ones. Refuses unknown fields and bad values, changing nothing.

    A changed title or overview is screened by the trust engine ("profile.changed"): a block
    refuses the change (PermissionDenied with the reason, the signal kept); a hide or hold keeps
    the change but hides that text from others (see `profiles.screening`)."""
    return do_update_my_profiles(actor=actor, freelancer=changes, skill_slugs=skill_slugs, skill_names=skill_names)[0]


def do_update_client_profile(*, actor: Any, changes: dict[str, Any]) -> ClientProfile:
    """Change the actor's own client profile (any of CLIENT_FIELDS), screened like the freelancer one."""
    return do_update_my_profiles(actor=actor, client=changes)[1]


def do_update_my_profiles(
    *,
    actor: Any,
    freelancer: dict[str, Any] | None = None,
    client: dict[str, Any] | None = None,
    skill_slugs: Iterable[str] | None = None,
    skill_names: Iterable[str] | None = None,
) -> tuple[Any, Any]:
    """Change both of the actor's profiles at once: both parts are written or neither (bad input
    or a block in either refuses both). Returns (freelancer profile or None, client profile or None).

    A block is raised after the transaction commits, so that its signal persists: call this outside
    a transaction."""
    with transaction.atomic():
        plans: list[_Plan | None] = [
            _plan_freelancer(actor, freelancer, skill_slugs, skill_names) if freelancer is not None else None,
            _plan_client(actor, client) if client is not None else None,
        ]
        refusal = _write(actor, plans)
        written = plans[0]
        if refusal is None and written is not None and freelancer and freelancer.get("overview"):
            hooks.text_written("profile_overview", written.profile.pk, actor.pk, str(freelancer["overview"]).strip())
    if refusal is not None:
        raise refusal
    return tuple(plan.profile if plan is not None else None for plan in plans)  # type: ignore[return-value]


def do_set_profile_photo(*, actor: Any, upload: IO[bytes], size: int | None) -> FreelancerProfile:
    """Validate and re-encode an uploaded photo (see `photos.prepare_photo`: one person's face) and
    make it the actor's freelancer photo; the previous file is deleted after the change commits.

    The photo's perceptual hash goes to the identity graph ("photo.uploaded"): a photo that is, or
    nearly is, another account's current photo is refused, and so is any upload the trust engine
    blocks or holds. Those refusals are raised after the transaction commits, so the signal, the
    links and the engine's decision persist."""
    photo = prepare_photo(upload, size=size)  # before the transaction: decoding can take a moment
    ratelimits.consume("upload", user_id=actor.pk)
    refusal: WorkfairError | None = None
    with transaction.atomic():
        profile = _own_freelancer_profile_for_update(actor)
        reused = photo_used_by_others(actor.pk, photo.phash)
        result = check_identifiers(actor, [(IdentifierKind.PHOTO, photo.phash)], signal_kind=SignalKind.PHOTO_UPLOADED,
                                   target_type=screening.FREELANCER_TARGET, target_id=str(profile.pk))  # fmt: skip
        if result.outcome == Outcome.BLOCK:
            refusal = PermissionDenied(PHOTO_BLOCKED, code="photo_blocked")
        elif result.outcome == Outcome.HOLD:
            refusal = PermissionDenied(PHOTO_HELD, code="photo_held")
        elif reused:
            refusal = InvalidInput(PHOTO_REUSED, code="photo_reused")
        else:
            old_name = (profile.photo.name or "") if profile.photo else ""
            profile.photo.save(photo.file.name or "photo.jpg", photo.file, save=False)
            profile.photo_hash = photo.phash
            profile.updated_at = clock.now()
            profile.save(update_fields=["photo", "photo_hash", "updated_at"])
            record_audit(actor=actor, action="freelancerprofile.photo_set", target=profile)
            _delete_file_on_commit(profile, old_name)
    if refusal is not None:
        raise refusal
    return profile


PHOTO_REUSED = (
    "This photo is already on another Workfair account. Your profile photo must be a photo of you: "
    "upload one you took yourself."
)
PHOTO_BLOCKED = "We can't accept this photo on this account. See your account standing for why and how to appeal."
PHOTO_HELD = "We can't change your photo right now: our team is reviewing your account. Please try again later."
# Two photos this few bits apart (of 64) are the same picture, re-encoded, resized or lightly edited.
PHOTO_REUSE_MAX_BITS = 6
_PREFIX = 4  # candidates share the first 16 bits of the hash (the lowest, most stable frequencies)
_SCAN_LIMIT = 200


def photo_used_by_others(user_id: int, phash: str) -> bool:
    """Whether another account's current profile photo is the same picture (exact or near copy).
    One indexed range query over the photos sharing the hash's first 16 bits."""
    candidates = (
        FreelancerProfile.objects.exclude(user_id=user_id)
        .filter(photo_hash__startswith=phash[:_PREFIX])
        .exclude(photo_hash="")
        .order_by()
        .values_list("photo_hash", flat=True)[:_SCAN_LIMIT]
    )
    return any(len(other) == len(phash) and hamming(other, phash) <= PHOTO_REUSE_MAX_BITS for other in candidates)


@transaction.atomic
def do_remove_profile_photo(*, actor: Any) -> FreelancerProfile:
    """Remove the actor's photo (the file goes after commit)."""
    profile = _own_freelancer_profile_for_update(actor)
    old_name = (profile.photo.name or "") if profile.photo else ""
    profile.photo = ""  # type: ignore[assignment]
    profile.photo_hash = ""
    profile.updated_at = clock.now()
    profile.save(update_fields=["photo", "photo_hash", "updated_at"])
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
    if item.description:
        hooks.text_written("portfolio_description", item.pk, actor.pk, item.description)
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


def do_add_approved_skill(skill: Any, user_ids: Sequence[int]) -> None:
    """Staff approved `skill`, which these people suggested: add it to their freelancer profiles
    (those with room under the 15-skill limit; the others can add it themselves now it exists)."""
    for profile in FreelancerProfile.objects.select_for_update().filter(user_id__in=user_ids).order_by("pk"):
        if profile.skills.count() < MAX_SKILLS:
            profile.skills.add(skill)
