from __future__ import annotations

import pytest

from workfair.core.errors import InvalidInput
from workfair.core.models import AuditLogEntry
from workfair.skills.actions import do_ensure_skills
from workfair.skills.models import Skill
from workfair.skills.queries import all_skills, skills_by_slugs
from workfair.skills.tests.factories import SkillFactory

pytestmark = pytest.mark.django_db


def test_ensure_skills_creates_missing_and_reuses_existing_by_slug() -> None:
    existing = SkillFactory(name="Python", slug="python")

    skills = do_ensure_skills(["python", "Django REST", "  Django   REST "])

    assert [s.slug for s in skills] == ["python", "django-rest"]
    assert skills[0].pk == existing.pk
    assert Skill.objects.count() == 2
    assert AuditLogEntry.objects.filter(action="skill.created").count() == 1


def test_ensure_skills_skips_blank_names_and_refuses_symbol_only_names() -> None:
    assert do_ensure_skills(["", "   "]) == []
    with pytest.raises(InvalidInput):
        do_ensure_skills(["SQL", "!!!"])
    assert Skill.objects.count() == 0


def test_all_skills_is_ordered_by_name_and_skills_by_slugs_keeps_given_order() -> None:
    SkillFactory(name="Rust", slug="rust")
    SkillFactory(name="Go", slug="go")

    assert [s.name for s in all_skills()] == ["Go", "Rust"]
    assert [s.slug for s in skills_by_slugs(["rust", "nope", "go", "rust"])] == ["rust", "go"]
