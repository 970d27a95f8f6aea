"""Writes to the skill taxonomy and to the suggestions people make for it.

A name typed on a profile that matches a skill (by slug) is that skill; any other name becomes a
suggestion for staff, not a new skill for everyone (docs/rules.md "Skills"). `do_ensure_skills`
creates skills directly: for staff decisions and the demo's taxonomy only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput, NotFound
from workfair.skills import hooks
from workfair.skills.models import Skill, SkillSuggestion

MAX_SKILL_NAME = 60


def skill_slug(name: str) -> str:
    """The slug a skill name is known by ("Django REST" -> "django-rest")."""
    return slugify(name.strip())[:MAX_SKILL_NAME]


def do_ensure_skills(names: Iterable[str], *, actor: Any = None) -> list[Skill]:
    """Return the skills named, creating the missing ones (matched by slug, so "Python" and
    "python" are one skill). Keeps the order given, without duplicates. Blank names are skipped;
    a name without any letter or digit is refused."""
    wanted: dict[str, str] = {}
    for raw in names:
        name = " ".join((raw or "").split())[:MAX_SKILL_NAME]
        if not name:
            continue
        slug = skill_slug(name)
        if not slug:
            raise InvalidInput(f"{name!r} is not a skill name.")
        wanted.setdefault(slug, name)
    if not wanted:
        return []
    with transaction.atomic():
        existing = {skill.slug: skill for skill in Skill.objects.filter(slug__in=wanted)}
        for slug, name in wanted.items():
            if slug in existing:
                continue
            try:
                # A savepoint, so that losing a race to another creator keeps the outer transaction usable.
                with transaction.atomic():
                    skill = Skill.objects.create(name=name, slug=slug)
            except IntegrityError:
                skill = Skill.objects.get(slug=slug)
            else:
                record_audit(actor=actor, action="skill.created", target=skill, data={"name": name})
            existing[slug] = skill
        return [existing[slug] for slug in wanted]


def _clean_names(names: Iterable[str]) -> dict[str, str]:
    wanted: dict[str, str] = {}
    for raw in names:
        name = " ".join((raw or "").split())[:MAX_SKILL_NAME]
        if not name:
            continue
        slug = skill_slug(name)
        if not slug:
            raise InvalidInput(f"{name!r} is not a skill name.")
        wanted.setdefault(slug, name)
    return wanted


def do_resolve_skill_names(names: Iterable[str], *, actor: Any) -> tuple[list[Skill], list[str]]:
    """The skills these typed names are (matched by slug, in the order given) and the names that
    are no skill yet, each recorded once per person as a suggestion for staff."""
    wanted = _clean_names(names)
    if not wanted:
        return [], []
    with transaction.atomic():
        existing = {skill.slug: skill for skill in Skill.objects.filter(slug__in=wanted)}
        suggested: list[str] = []
        for slug, name in wanted.items():
            if slug in existing:
                continue
            suggested.append(name)
            suggestion, created = SkillSuggestion.objects.get_or_create(
                slug=slug, suggested_by=actor, defaults={"name": name, "created_at": clock.now()}
            )
            if created:
                record_audit(actor=actor, action="skill.suggested", target=suggestion, data={"name": name})
        return [existing[slug] for slug in wanted if slug in existing], suggested


def do_decide_skill_suggestion(*, actor: Any, slug: str, approve: bool, reason: str = "") -> Skill | None:
    """Staff decide every pending suggestion of `slug` at once. Approving adds the skill to the
    taxonomy and to the profiles of those who suggested it (the profiles' handler); refusing needs
    a reason, which the people who suggested it see. Returns the skill when approved."""
    reason = " ".join((reason or "").split())[:300]
    if not approve and not reason:
        raise InvalidInput("Say why the skill is not added: the people who suggested it see the reason.")
    with transaction.atomic():
        pending = list(
            SkillSuggestion.objects.select_for_update()
            .filter(slug=slug, status=SkillSuggestion.Status.PENDING)
            .order_by("created_at", "id")
        )
        if not pending:
            raise NotFound("No suggestion of that skill is waiting for review.")
        now = clock.now()
        status = SkillSuggestion.Status.APPROVED if approve else SkillSuggestion.Status.REJECTED
        SkillSuggestion.objects.filter(pk__in=[s.pk for s in pending]).update(
            status=status, reason=reason, decided_at=now, decided_by=actor
        )
        record_audit(
            actor=actor,
            action="skill.suggestion_approved" if approve else "skill.suggestion_rejected",
            target=pending[0],
            data={"slug": slug, "people": len(pending), "reason": reason},
        )
        if not approve:
            return None
        (skill,) = do_ensure_skills([pending[0].name], actor=actor)
        hooks.skill_approved(skill, [s.suggested_by_id for s in pending])
        return skill
