"""The demo marketplace's skill taxonomy (a step of `workfair.demo`): every skill its categories
name (`workfair.skills.demo_text.CATEGORIES`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workfair.core.demo import SeedContext
from workfair.skills.actions import do_ensure_skills
from workfair.skills.demo_text import CATEGORIES
from workfair.skills.models import Skill


@dataclass
class Taxonomy:
    """The demo's skills by name."""

    skills: dict[str, Skill] = field(default_factory=dict)


def build_skills(context: SeedContext) -> None:
    names = sorted({skill for category in CATEGORIES for skill in category.skills})
    context.built(Taxonomy).skills = {skill.name: skill for skill in do_ensure_skills(names)}
