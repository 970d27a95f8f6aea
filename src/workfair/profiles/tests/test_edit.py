"""Editing your own profile through the pages: the freelancer part, the client part, portfolio, history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from workfair.accounts.tests.factories import ClientFactory
from workfair.core.models import AuditLogEntry
from workfair.profiles.models import EmploymentItem, FreelancerProfile, PortfolioItem
from workfair.profiles.tests.factories import (
    ClientProfileFactory,
    EmploymentItemFactory,
    FreelancerProfileFactory,
    PortfolioItemFactory,
)
from workfair.skills.models import Skill

pytestmark = pytest.mark.django_db

FREELANCER_FORM = {
    "section": "freelancer",
    "title": "Django developer",
    "overview": "I build marketplaces.",
    "hourly_rate": "62.50",
    "country": "DE",
    "skills": "Python, Django, python",
    "available": "on",
    "visibility": "members",
}


def test_edit_page_needs_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("profiles:edit"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_edit_page_shows_the_parts_for_the_persons_roles(client) -> None:  # type: ignore[no-untyped-def]
    both = FreelancerProfileFactory(user__is_client=True)
    ClientProfileFactory(user=both.user)
    client.force_login(both.user)

    html = client.get(reverse("profiles:edit")).content.decode()

    assert "Freelancer profile" in html
    assert "Client profile" in html
    assert 'enctype="multipart/form-data"' in html


def test_saving_the_freelancer_part_stores_rate_in_minor_units_and_picks_typed_skills(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    Skill.objects.create(name="Python", slug="python")
    Skill.objects.create(name="Django", slug="django")
    client.force_login(profile.user)

    response = client.post(reverse("profiles:edit"), FREELANCER_FORM)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.title, profile.hourly_rate, profile.country, profile.visibility) == (
        "Django developer",
        6_250,
        "DE",
        "members",
    )
    assert sorted(s.slug for s in profile.skills.all()) == ["django", "python"]
    assert Skill.objects.count() == 2
    assert AuditLogEntry.objects.filter(action="freelancerprofile.updated", target_id=str(profile.pk)).exists()


def test_bad_freelancer_input_is_refused_and_changes_nothing(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(title="Before")
    client.force_login(profile.user)

    too_many = client.post(
        reverse("profiles:edit"), {**FREELANCER_FORM, "skills": ",".join(f"s{i}" for i in range(16))}
    )
    bad_country = client.post(reverse("profiles:edit"), {**FREELANCER_FORM, "country": "1x"})
    not_a_country = client.post(reverse("profiles:edit"), {**FREELANCER_FORM, "country": "PO"})  # "Poland" typed

    assert too_many.status_code == 400
    assert b"at most 15 skills" in too_many.content
    assert bad_country.status_code == 400
    assert not_a_country.status_code == 400
    profile.refresh_from_db()
    assert profile.title == "Before"
    assert Skill.objects.count() == 0


def test_saving_the_client_part(client) -> None:  # type: ignore[no-untyped-def]
    profile = ClientProfileFactory()
    client.force_login(profile.user)

    response = client.post(
        reverse("profiles:edit"),
        {
            "section": "client",
            "company_name": "Beta",
            "location": "Lyon",
            "country": "FR",
            "about": "",
            "visibility": "private",
        },
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.company_name, profile.country, profile.visibility) == ("Beta", "FR", "private")


def test_a_client_only_account_cannot_post_the_freelancer_part(client) -> None:  # type: ignore[no-untyped-def]
    client_user = ClientFactory()
    ClientProfileFactory(user=client_user)
    client.force_login(client_user)

    response = client.post(reverse("profiles:edit"), FREELANCER_FORM)

    assert response.status_code == 404
    assert not FreelancerProfile.objects.filter(user=client_user).exists()


def test_portfolio_items_are_added_and_deleted_only_by_their_owner(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    others = PortfolioItemFactory()
    client.force_login(profile.user)

    added = client.post(
        reverse("profiles:add_portfolio_item"), {"title": "Shop", "url": "https://shop.example", "description": ""}
    )
    item = PortfolioItem.objects.get(profile=profile)
    refused = client.post(reverse("profiles:delete_portfolio_item", args=[others.pk]))
    deleted = client.post(reverse("profiles:delete_portfolio_item", args=[item.pk]))

    assert added.status_code == 302
    assert item.url == "https://shop.example"
    assert refused.status_code == 404
    assert PortfolioItem.objects.filter(pk=others.pk).exists()
    assert deleted.status_code == 302
    assert not PortfolioItem.objects.filter(pk=item.pk).exists()


def test_portfolio_link_must_be_http(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    client.force_login(profile.user)

    response = client.post(reverse("profiles:add_portfolio_item"), {"title": "X", "url": "javascript:alert(1)"})

    assert response.status_code == 400
    assert not PortfolioItem.objects.exists()


def test_work_history_is_added_checked_and_deleted_only_by_its_owner(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    others = EmploymentItemFactory()
    client.force_login(profile.user)

    backwards = client.post(
        reverse("profiles:add_employment_item"),
        {"company": "Initech", "role": "Dev", "start_date": "2022-05-01", "end_date": "2021-01-01"},
    )
    added = client.post(
        reverse("profiles:add_employment_item"), {"company": "Initech", "role": "Dev", "start_date": "2021-05-01"}
    )
    item = EmploymentItem.objects.get(profile=profile)
    refused = client.post(reverse("profiles:delete_employment_item", args=[others.pk]))

    assert backwards.status_code == 400
    assert b"end date is before the start date" in backwards.content
    assert added.status_code == 302
    assert (item.start_date, item.end_date) == (dt.date(2021, 5, 1), None)
    assert refused.status_code == 404
    assert EmploymentItem.objects.filter(pk=others.pk).exists()
    assert client.post(reverse("profiles:delete_employment_item", args=[item.pk])).status_code == 302
    assert not EmploymentItem.objects.filter(pk=item.pk).exists()


def test_public_page_shows_portfolio_history_rate_and_skills(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(hourly_rate=6_250)
    PortfolioItemFactory(profile=profile, title="Shop relaunch")
    EmploymentItemFactory(profile=profile, company="Initech", role="Engineer")

    html = client.get(reverse("profiles:freelancer_detail", args=[profile.user_id])).content.decode()

    assert "Shop relaunch" in html
    assert "Engineer, Initech" in html
    assert "$62.50 / hour" in html
    assert 'id="badges"' in html
