"""Reads of the skill taxonomy (the same for everyone who asks)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Min, QuerySet

from workfair.skills.models import Skill, SkillSuggestion


def all_skills() -> QuerySet[Skill]:
    """Every skill, by name."""
    return Skill.objects.order_by("name")


def skills_by_slugs(slugs: Iterable[str]) -> list[Skill]:
    """The skills with these slugs, in the order given; unknown slugs are left out."""
    wanted = [slug.strip().lower() for slug in slugs if slug and slug.strip()]
    found = {skill.slug: skill for skill in Skill.objects.filter(slug__in=wanted)}
    seen: set[str] = set()
    ordered: list[Skill] = []
    for slug in wanted:
        if slug in found and slug not in seen:
            seen.add(slug)
            ordered.append(found[slug])
    return ordered


def suggestions_of(user: Any) -> QuerySet[SkillSuggestion]:
    """The person's own suggestions that are waiting or were refused (with the reason), newest first."""
    return SkillSuggestion.objects.filter(
        suggested_by=user, status__in=[SkillSuggestion.Status.PENDING, SkillSuggestion.Status.REJECTED]
    ).order_by("-created_at")


def pending_suggestions() -> list[dict[str, Any]]:
    """Pending suggestions for staff, one row per skill name: how many people asked, since when."""
    rows = (
        SkillSuggestion.objects.filter(status=SkillSuggestion.Status.PENDING)
        .values("slug")
        .annotate(people=Count("id"), first=Min("created_at"), name=Min("name"))
        .order_by("-people", "first")
    )
    return [dict(row) for row in rows]
