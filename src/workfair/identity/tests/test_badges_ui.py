"""Verification badges where people are shown: profiles, freelancer search, proposals, job search.
Lists read every badge in one query, whatever their length."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workfair.accounts.tests.factories import ClientFactory
from workfair.identity.badges.actions import do_grant_badge
from workfair.identity.states import BadgeKind
from workfair.jobs.tests.factories import JobFactory
from workfair.profiles.tests.factories import FreelancerProfileFactory
from workfair.proposals.tests.factories import InvitationFactory, ProposalFactory

pytestmark = pytest.mark.django_db

CHIPS = re.compile(r'<ul class="tag-list identity-badges" aria-label="Verifications">(.*?)</ul>', re.S)
CHIP = re.compile(r'<span class="badge badge-approved" title="[^"]*">([^<]+)<')


def chips(html: str) -> list[list[str]]:
    """The badge labels of every badge list on the page, in order."""
    return [
        re.findall(r'<span class="badge badge-approved" title="[^"]*">([^<]+)<', found) for found in CHIPS.findall(html)
    ]


def verified(user, *kinds: str):  # type: ignore[no-untyped-def]
    for kind in kinds or (BadgeKind.PHONE_VERIFIED, BadgeKind.IDENTITY_VERIFIED):
        do_grant_badge(user, kind)
    return user


def queries_of(fetch) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


# --- the template tags -------------------------------------------------------------------------------


def test_the_tag_renders_accessible_chips_strongest_first_and_nothing_without_badges(django_user_model) -> None:  # type: ignore[no-untyped-def]
    person, nobody = verified(ClientFactory()), ClientFactory()
    template = Template("{% load identity_badges %}[{% badges someone %}]")

    html = template.render(Context({"someone": person.pk}))
    empty = template.render(Context({"someone": nobody.pk}))

    assert chips(html) == [["Identity verified", "Phone verified"]]
    assert 'title="Workfair checked this person&#x27;s phone number with a code."' in html
    assert '<span class="visually-hidden">: Workfair checked' in html  # read out, not only a tooltip
    assert empty == "[]"


def test_a_revoked_badge_is_not_shown() -> None:
    from workfair.identity.badges.actions import do_revoke_badge

    person = verified(ClientFactory(), BadgeKind.PHONE_VERIFIED)
    do_revoke_badge(person, BadgeKind.PHONE_VERIFIED)

    html = Template("{% load identity_badges %}{% badges someone %}").render(Context({"someone": person.pk}))

    assert chips(html) == []


def test_a_badge_map_reads_a_whole_list_in_one_query_then_the_chips_need_none(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    proposals = [ProposalFactory(freelancer=verified(ClientFactory())) for _ in range(5)]
    rows = [(proposal, "anything") for proposal in proposals]
    template = Template(
        "{% load identity_badges %}{% badge_map rows '0.freelancer_id' as found %}"
        "{% for proposal, _ in rows %}{% badges proposal.freelancer_id found %}{% endfor %}"
    )

    with django_assert_num_queries(1):
        html = template.render(Context({"rows": rows}))

    assert len(chips(html)) == 5


def test_has_badge_lets_wording_depend_on_a_badge() -> None:
    person = verified(ClientFactory(), BadgeKind.PHONE_VERIFIED)
    template = Template(
        '{% load identity_badges %}{% has_badge someone "identity_verified" as id %}'
        '{% has_badge someone "phone_verified" as phone %}{{ id }}/{{ phone }}'
    )

    assert template.render(Context({"someone": person.pk})) == "False/True"


# --- freelancer profiles and search ------------------------------------------------------------------


def card_of(html: str, user_id: int) -> str:
    (card,) = [c for c in html.split('<li class="card profile-card">') if f'href="/freelancers/{user_id}/"' in c]
    return card


def test_the_freelancer_list_shows_each_persons_badges(client) -> None:  # type: ignore[no-untyped-def]
    plain, phone_only, both = FreelancerProfileFactory(), FreelancerProfileFactory(), FreelancerProfileFactory()
    verified(phone_only.user, BadgeKind.PHONE_VERIFIED)
    verified(both.user)

    html = client.get(reverse("profiles:freelancers")).content.decode()

    assert chips(card_of(html, both.user_id)) == [["Identity verified", "Phone verified"]]
    assert chips(card_of(html, phone_only.user_id)) == [["Phone verified"]]
    assert chips(card_of(html, plain.user_id)) == []


def test_the_freelancer_list_costs_the_same_queries_for_few_or_many_verified_people(client) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        verified(FreelancerProfileFactory().user)
    few = queries_of(lambda: client.get(reverse("profiles:freelancers")))
    for _ in range(8):
        verified(FreelancerProfileFactory().user)

    many = queries_of(lambda: client.get(reverse("profiles:freelancers")))

    assert many == few


def test_the_freelancer_profile_shows_the_badges_and_the_verified_name_note(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    verified(profile.user, BadgeKind.IDENTITY_VERIFIED)

    html = client.get(reverse("profiles:freelancer_detail", args=[profile.user_id])).content.decode()

    assert ["Identity verified"] in chips(html)
    assert "No verifications yet" not in html


def test_an_unverified_owner_is_pointed_to_phone_verification(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    client.force_login(profile.user)

    html = client.get(reverse("profiles:freelancer_detail", args=[profile.user_id])).content.decode()

    assert "No verifications yet" in html
    assert f'href="{reverse("identity:phone")}"' in html


def test_the_profiles_api_lists_badges(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    verified(profile.user, BadgeKind.PHONE_VERIFIED)

    items = client.get("/api/v1/profiles/freelancers").json()["items"]
    one = client.get(f"/api/v1/profiles/freelancers/{profile.user_id}").json()

    assert items[0]["badges"] == ["phone_verified"]
    assert one["badges"] == ["phone_verified"]


# --- proposals ---------------------------------------------------------------------------------------


def test_the_clients_proposal_list_shows_badges_in_a_fixed_number_of_queries(client) -> None:  # type: ignore[no-untyped-def]
    job = JobFactory()
    client.force_login(job.client)
    first = ProposalFactory(job=job, freelancer=verified(FreelancerProfileFactory().user))
    ProposalFactory(job=job)
    url = reverse("proposals:job_proposals", args=[job.pk])
    few = queries_of(lambda: client.get(url))
    for _ in range(6):
        ProposalFactory(job=job, freelancer=verified(FreelancerProfileFactory().user))

    many = queries_of(lambda: client.get(url))
    html = client.get(url).content.decode()

    assert many == few
    row = html.split(first.freelancer.public_name)[1].split("</tr>")[0]
    assert chips(row) == [["Identity verified", "Phone verified"]]
    assert len(chips(html)) == 7


def test_the_proposal_detail_shows_the_freelancers_badges(client) -> None:  # type: ignore[no-untyped-def]
    proposal = ProposalFactory(freelancer=verified(FreelancerProfileFactory().user, BadgeKind.IDENTITY_VERIFIED))
    client.force_login(proposal.job.client)

    html = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()

    assert chips(html) == [["Identity verified"]]


def test_an_invited_freelancer_sees_the_clients_badges(client) -> None:  # type: ignore[no-untyped-def]
    invitation = InvitationFactory()
    verified(invitation.client, BadgeKind.PHONE_VERIFIED)
    client.force_login(invitation.freelancer)

    html = client.get(reverse("proposals:invitation", args=[invitation.pk])).content.decode()

    assert chips(html) == [["Phone verified"]]


# --- jobs --------------------------------------------------------------------------------------------


def test_job_search_shows_the_clients_badges_in_a_fixed_number_of_queries(client) -> None:  # type: ignore[no-untyped-def]
    verified_client = verified(ClientFactory())
    JobFactory(client=verified_client, title="Verified client landing page")
    JobFactory(title="Plain client landing page")
    few = queries_of(lambda: client.get(reverse("jobs:search")))
    for _ in range(6):
        JobFactory(client=verified(ClientFactory()))

    many = queries_of(lambda: client.get(reverse("jobs:search")))
    html = client.get(reverse("jobs:search")).content.decode()

    assert many == few
    (card,) = [c for c in html.split('<li class="job-card">') if "Verified client landing page" in c]
    (plain,) = [c for c in html.split('<li class="job-card">') if "Plain client landing page" in c]
    assert chips(card) == [["Identity verified", "Phone verified"]]
    assert chips(plain) == []


def test_the_job_page_shows_the_clients_badges(client) -> None:  # type: ignore[no-untyped-def]
    job = JobFactory(client=verified(ClientFactory(), BadgeKind.IDENTITY_VERIFIED))

    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()

    assert chips(html) == [["Identity verified"]]


def test_clients_see_the_identity_verified_name_on_the_profile(client) -> None:  # type: ignore[no-untyped-def]
    from workfair.core import clock

    profile = FreelancerProfileFactory(user__first_name="Jo", user__last_name="Nick")
    user = profile.user
    user.verified_first_name, user.verified_last_name, user.name_verified_at = "Johanna", "Nicklaus", clock.now()
    user.save()
    verified(user, BadgeKind.IDENTITY_VERIFIED)
    client.force_login(ClientFactory())

    html = client.get(reverse("profiles:freelancer_detail", args=[profile.user_id])).content.decode()

    assert user.public_name in html
    assert user.public_name.startswith("Johanna")
    assert "Jo N." not in html
    assert "Name checked against an official ID document" in html
