"""Reads of the skill taxonomy (the same for everyone who asks)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from workfair.skills.models import Skill


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
