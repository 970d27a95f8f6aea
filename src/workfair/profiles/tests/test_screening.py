"""Profile text through the trust engine: every change of public text is a profile.changed signal;
a block refuses it (keeping the signal), a hide keeps it but only its owner and staff see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workfair.accounts.tests.factories import ClientFactory, UserFactory, log_in_with_two_factor, with_totp
from workfair.core.errors import PermissionDenied
from workfair.profiles import actions
from workfair.profiles.models import ClientProfile, FreelancerProfile
from workfair.profiles.screening import FREELANCER_TARGET, text_target_id
from workfair.profiles.tests.factories import ClientProfileFactory, FreelancerProfileFactory
from workfair.trust.models import HiddenContent, Signal

pytestmark = pytest.mark.django_db

CONTACT = "Experienced developer. Write to me directly: jane.doe@example.com"
THREAT = "I know where you live, watch your back"


def edit(client, **fields):  # type: ignore[no-untyped-def]
    form = {"section": "freelancer", "title": "Django developer", "overview": "I build marketplaces.",
            "hourly_rate": "50", "country": "DE", "skills": "", "available": "on", "visibility": "public"}  # fmt: skip
    return client.post(reverse("profiles:edit"), {**form, **fields})


def test_a_text_change_is_a_profile_changed_signal_and_other_changes_are_not(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()

    actions.do_update_freelancer_profile(actor=profile.user, changes={"overview": "I build shops."})
    actions.do_update_freelancer_profile(
        actor=profile.user, changes={"hourly_rate": 9000, "overview": "I build shops."}
    )

    (signal,) = Signal.objects.filter(actor=profile.user, kind="profile.changed")
    assert signal.surface == "profile"
    assert signal.target_type == FREELANCER_TARGET
    assert signal.text == f"{profile.title}\n\nI build shops."
    assert signal.target_id == text_target_id(profile.pk, signal.text)


def test_contact_details_are_saved_but_hidden_from_others_until_the_owner_removes_them(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    owner, visitor = profile.user, ClientFactory()
    detail = reverse("profiles:freelancer_detail", args=[owner.pk])

    client.force_login(owner)
    assert edit(client, overview=CONTACT).status_code == 302
    assert FreelancerProfile.objects.get(pk=profile.pk).overview == CONTACT
    assert HiddenContent.objects.filter(target_type=FREELANCER_TARGET, restored_at__isnull=True).exists()
    owners_view = client.get(detail).content.decode()
    edit_page = client.get(reverse("profiles:edit")).content.decode()

    client.force_login(visitor)
    visitors_view = client.get(detail).content.decode()
    listing = client.get(reverse("profiles:freelancers")).content.decode()
    api = client.get(f"/api/v1/profiles/freelancers/{owner.pk}").json()

    assert "jane.doe@example.com" in owners_view
    assert "Others can't see your title and overview" in owners_view
    assert "Others can't see your title and overview" in edit_page
    for page in (visitors_view, listing):
        assert "jane.doe@example.com" not in page
        assert "Django developer" not in page
        assert "hidden by a moderation decision" in page
    assert (api["overview"], api["title"], api["text_hidden"]) == ("", "", True)

    client.force_login(owner)
    edit(client, overview="Experienced developer. Message me on Workfair.")
    client.force_login(visitor)
    fixed = client.get(detail).content.decode()
    assert "Message me on Workfair." in fixed
    assert "Django developer" in fixed
    assert "hidden by a moderation decision" not in fixed


def test_staff_see_hidden_text(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    actions.do_update_freelancer_profile(actor=profile.user, changes={"overview": CONTACT})
    log_in_with_two_factor(client, with_totp(UserFactory(is_staff=True)))  # staff powers need the code

    html = client.get(reverse("profiles:freelancer_detail", args=[profile.user_id])).content.decode()

    assert "jane.doe@example.com" in html


def test_putting_hidden_text_back_hides_it_again(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    actions.do_update_freelancer_profile(actor=profile.user, changes={"overview": CONTACT})
    actions.do_update_freelancer_profile(actor=profile.user, changes={"overview": "Fine now."})
    actions.do_update_freelancer_profile(actor=profile.user, changes={"overview": CONTACT})

    html = client.get(reverse("profiles:freelancer_detail", args=[profile.user_id])).content.decode()

    assert "jane.doe@example.com" not in html


def test_a_blocked_change_is_refused_but_its_signal_kept(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(overview="Friendly developer.")
    client.force_login(profile.user)

    response = edit(client, overview=THREAT)

    assert response.status_code == 403
    assert "Your profile was not saved" in response.content.decode()
    assert FreelancerProfile.objects.get(pk=profile.pk).overview == "Friendly developer."
    assert Signal.objects.filter(actor=profile.user, kind="profile.changed", text__contains=THREAT).exists()


def test_the_api_refuses_both_parts_when_one_is_blocked_and_keeps_the_signal(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(user__is_client=True, title="Before")
    ClientProfileFactory(user=profile.user, about="We hire.")
    client.force_login(profile.user)

    response = client.patch(
        "/api/v1/profiles/me",
        {"freelancer": {"title": "After"}, "client": {"about": THREAT}},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert FreelancerProfile.objects.get(pk=profile.pk).title == "Before"
    assert ClientProfile.objects.get(user=profile.user).about == "We hire."
    assert Signal.objects.filter(actor=profile.user, kind="profile.changed", text__contains=THREAT).exists()


def test_the_action_raises_the_block_after_committing_the_signal() -> None:
    profile = FreelancerProfileFactory()

    with pytest.raises(PermissionDenied, match="not saved"):
        actions.do_update_freelancer_profile(actor=profile.user, changes={"overview": THREAT})

    assert Signal.objects.filter(actor=profile.user, kind="profile.changed").count() == 1


def test_client_profile_text_is_hidden_the_same_way(client) -> None:  # type: ignore[no-untyped-def]
    profile = ClientProfileFactory(company_name="Acme")
    actions.do_update_client_profile(
        actor=profile.user, changes={"about": "Call us: +49 30 1234567 or hr@acme.example"}
    )

    html = client.get(reverse("profiles:client_detail", args=[profile.user_id])).content.decode()
    api = client.get(f"/api/v1/profiles/clients/{profile.user_id}").json()

    assert "hr@acme.example" not in html
    assert "Acme" not in html
    assert "hidden by a moderation decision" in html
    assert (api["about"], api["company_name"], api["text_hidden"]) == ("", "", True)
