"""Typed skills the taxonomy lacks are suggestions for staff, not new skills for everyone
(docs/rules.md "Skills")."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from workfair.core.audit import AuditLogEntry
from workfair.core.errors import InvalidInput, NotFound
from workfair.profiles.actions import do_update_freelancer_profile
from workfair.profiles.tests.factories import FreelancerProfileFactory
from workfair.skills.actions import do_decide_skill_suggestion, do_resolve_skill_names
from workfair.skills.models import Skill, SkillSuggestion
from workfair.skills.queries import all_skills, pending_suggestions

pytestmark = pytest.mark.django_db


def _staff() -> Any:
    from workfair.accounts.tests.factories import UserFactory

    return UserFactory(is_staff=True)


def test_a_typed_name_the_taxonomy_lacks_becomes_a_suggestion_not_a_skill() -> None:
    profile = FreelancerProfileFactory()
    Skill.objects.create(name="Python", slug="python")

    do_update_freelancer_profile(actor=profile.user, changes={}, skill_names=["python", "Quantum Basket Weaving"])

    assert [s.slug for s in profile.skills.all()] == ["python"]
    assert list(all_skills().values_list("slug", flat=True)) == ["python"]  # nobody else is offered it
    suggestion = SkillSuggestion.objects.get()
    assert (suggestion.name, suggestion.slug, suggestion.status) == (
        "Quantum Basket Weaving",
        "quantum-basket-weaving",
        "pending",
    )
    assert AuditLogEntry.objects.filter(action="skill.suggested").count() == 1


def test_suggesting_again_records_one_suggestion_per_person() -> None:
    first, second = FreelancerProfileFactory(), FreelancerProfileFactory()

    for _ in range(2):
        do_resolve_skill_names(["Elm"], actor=first.user)
    do_resolve_skill_names(["elm"], actor=second.user)

    assert SkillSuggestion.objects.count() == 2
    assert pending_suggestions()[0]["people"] == 2


def test_approving_adds_the_skill_to_the_taxonomy_and_to_every_suggesters_profile() -> None:
    first, second, bystander = FreelancerProfileFactory(), FreelancerProfileFactory(), FreelancerProfileFactory()
    do_resolve_skill_names(["Elm"], actor=first.user)
    do_resolve_skill_names(["ELM"], actor=second.user)

    skill = do_decide_skill_suggestion(actor=_staff(), slug="elm", approve=True)

    assert skill is not None
    assert skill.slug == "elm"
    assert list(first.skills.values_list("slug", flat=True)) == ["elm"]
    assert list(second.skills.values_list("slug", flat=True)) == ["elm"]
    assert not bystander.skills.exists()
    assert set(SkillSuggestion.objects.values_list("status", flat=True)) == {"approved"}
    assert pending_suggestions() == []


def test_refusing_needs_a_reason_the_suggester_sees(client: Any) -> None:
    profile = FreelancerProfileFactory()
    do_resolve_skill_names(["Being awesome"], actor=profile.user)

    with pytest.raises(InvalidInput):
        do_decide_skill_suggestion(actor=_staff(), slug="being-awesome", approve=False, reason="  ")
    assert SkillSuggestion.objects.get().status == "pending"
    do_decide_skill_suggestion(actor=_staff(), slug="being-awesome", approve=False, reason="Not a skill.")

    assert not Skill.objects.exists()
    client.force_login(profile.user)
    page = client.get(reverse("profiles:edit")).content.decode()
    assert "Being awesome" in page
    assert "Not a skill." in page


def test_deciding_a_skill_nobody_suggested_is_not_found() -> None:
    with pytest.raises(NotFound):
        do_decide_skill_suggestion(actor=_staff(), slug="nothing-here", approve=True)


def test_staff_add_and_refuse_suggestions_in_the_console(client: Any) -> None:
    from workfair.accounts.tests.factories import log_in_with_two_factor, with_totp
    from workfair.trust.tests.factories import StaffFactory

    profile = FreelancerProfileFactory()
    do_resolve_skill_names(["Elm", "Vibes"], actor=profile.user)
    log_in_with_two_factor(client, with_totp(StaffFactory()))
    url = reverse("console:skill_suggestions")

    page = client.get(url)
    assert page.status_code == 200
    assert "Elm" in page.content.decode()
    assert client.post(url, {"slug": "elm", "decision": "approve"}).status_code == 302
    refused_without_reason = client.post(url, {"slug": "vibes", "decision": "refuse", "reason": ""})
    assert refused_without_reason.status_code == 400
    assert client.post(url, {"slug": "vibes", "decision": "refuse", "reason": "Too vague."}).status_code == 302

    assert list(profile.skills.values_list("slug", flat=True)) == ["elm"]
    assert dict(SkillSuggestion.objects.values_list("slug", "status")) == {"elm": "approved", "vibes": "rejected"}


def test_people_who_are_not_staff_cannot_see_the_suggestions(client: Any) -> None:
    profile = FreelancerProfileFactory()
    client.force_login(profile.user)

    assert client.get(reverse("console:skill_suggestions")).status_code == 404
