"""Writes to the skill taxonomy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput
from workfair.skills.models import Skill

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
