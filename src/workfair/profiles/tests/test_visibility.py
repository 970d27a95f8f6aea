"""Who sees which profile: one rule (`can_view_profile`), the same answer on pages, lists and the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from workfair.accounts.tests.factories import (
    ClientFactory,
    FreelancerFactory,
    UserFactory,
    log_in_with_two_factor,
    with_totp,
)
from workfair.jobs.tests.factories import JobFactory
from workfair.messaging.tests.factories import ConversationFactory
from workfair.profiles.queries import can_view_profile, search_freelancers
from workfair.profiles.states import Visibility
from workfair.profiles.tests.factories import ClientProfileFactory, ContractFactory, FreelancerProfileFactory
from workfair.proposals.tests.factories import InvitationFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def relate_by_invitation(client_user: Any, freelancer: Any) -> None:
    InvitationFactory(job=JobFactory(client=client_user), freelancer=freelancer)


def relate_by_proposal(client_user: Any, freelancer: Any) -> None:
    ProposalFactory(job=JobFactory(client=client_user), freelancer=freelancer)


def relate_by_contract(client_user: Any, freelancer: Any) -> None:
    ContractFactory(offer__client=client_user, offer__freelancer=freelancer)


def relate_by_conversation(client_user: Any, freelancer: Any) -> None:
    ConversationFactory(client=client_user, freelancer=freelancer)


RELATIONSHIPS: list[Callable[[Any, Any], None]] = [
    relate_by_invitation,
    relate_by_proposal,
    relate_by_contract,
    relate_by_conversation,
]


def page_status(client: Any, viewer: Any, owner: Any, kind: str = "freelancer") -> int:
    client.logout()
    if viewer is not None:
        log_in_with_two_factor(client, viewer)
    url_name = "profiles:freelancer_detail" if kind == "freelancer" else "profiles:client_detail"
    return client.get(reverse(url_name, args=[owner.pk])).status_code


def api_status(client: Any, viewer: Any, owner: Any, kind: str = "freelancer") -> int:
    client.logout()
    if viewer is not None:
        log_in_with_two_factor(client, viewer)
    path = "freelancers" if kind == "freelancer" else "clients"
    return client.get(f"/api/v1/profiles/{path}/{owner.pk}").status_code


def listed_ids(viewer: Any) -> set[int]:
    items, _total = search_freelancers(viewer or AnonymousUser())
    return {p.user_id for p in items}


@pytest.mark.parametrize("read", [page_status, api_status])
def test_public_profile_is_seen_by_anyone(client, read) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(visibility=Visibility.PUBLIC)

    assert read(client, None, profile.user) == 200
    assert read(client, ClientFactory(), profile.user) == 200
    assert profile.user_id in listed_ids(None)


@pytest.mark.parametrize("read", [page_status, api_status])
def test_members_only_profile_is_hidden_from_anonymous_visitors(client, read) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(visibility=Visibility.MEMBERS)
    member = ClientFactory()

    assert read(client, None, profile.user) == 404
    assert read(client, member, profile.user) == 200
    assert profile.user_id not in listed_ids(None)
    assert profile.user_id in listed_ids(member)


@pytest.mark.parametrize("read", [page_status, api_status])
def test_private_profile_is_hidden_from_anonymous_and_unrelated_members(client, read) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(visibility=Visibility.PRIVATE)
    unrelated = ClientFactory()
    relate_by_contract(ClientFactory(), FreelancerFactory())  # relationships between other people do not count

    assert read(client, None, profile.user) == 404
    assert read(client, unrelated, profile.user) == 404
    assert profile.user_id not in listed_ids(unrelated)


@pytest.mark.parametrize("read", [page_status, api_status])
def test_private_profile_is_seen_by_its_owner_and_staff(client, read) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(visibility=Visibility.PRIVATE)
    staff = with_totp(UserFactory(is_staff=True))  # staff powers need two-factor in the session

    assert read(client, profile.user, profile.user) == 200
    assert read(client, staff, profile.user) == 200
    assert profile.user_id in listed_ids(profile.user)


@pytest.mark.parametrize("relate", RELATIONSHIPS)
@pytest.mark.parametrize("read", [page_status, api_status])
def test_private_freelancer_profile_is_seen_by_a_related_client(client, read, relate) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(visibility=Visibility.PRIVATE)
    related = ClientFactory()
    relate(related, profile.user)

    assert read(client, related, profile.user) == 200
    assert profile.user_id in listed_ids(related)
    assert can_view_profile(related, profile.user, profile.visibility)


@pytest.mark.parametrize("relate", RELATIONSHIPS)
@pytest.mark.parametrize("read", [page_status, api_status])
def test_private_client_profile_is_seen_by_a_related_freelancer_only(client, read, relate) -> None:  # type: ignore[no-untyped-def]
    profile = ClientProfileFactory(visibility=Visibility.PRIVATE)
    related, unrelated = FreelancerFactory(), FreelancerFactory()
    relate(profile.user, related)

    assert read(client, related, profile.user, "client") == 200
    assert read(client, unrelated, profile.user, "client") == 404
    assert read(client, None, profile.user, "client") == 404


def test_missing_and_hidden_profiles_read_the_same(client) -> None:  # type: ignore[no-untyped-def]
    hidden = FreelancerProfileFactory(visibility=Visibility.PRIVATE)
    client.force_login(ClientFactory())

    missing = client.get("/api/v1/profiles/freelancers/999999")
    refused = client.get(f"/api/v1/profiles/freelancers/{hidden.user_id}")

    assert missing.status_code == refused.status_code == 404
    assert missing.json() == refused.json()


def test_a_dropped_role_hides_the_profile_and_a_deactivated_account_is_hidden(client) -> None:  # type: ignore[no-untyped-def]
    dropped = FreelancerProfileFactory(user__is_freelancer=False)
    inactive = FreelancerProfileFactory(user__is_active=False)

    assert page_status(client, None, dropped.user) == 404
    assert page_status(client, ClientFactory(), inactive.user) == 404
    assert {dropped.user_id, inactive.user_id}.isdisjoint(listed_ids(ClientFactory()))


def test_public_name_is_first_name_and_initial_unless_full_is_chosen(client) -> None:  # type: ignore[no-untyped-def]
    initial = FreelancerProfileFactory(user__first_name="Jane", user__last_name="Doe")
    full = FreelancerProfileFactory(user__first_name="John", user__last_name="Roe", user__name_display="full")

    page = client.get(reverse("profiles:freelancer_detail", args=[initial.user_id])).content.decode()
    listing = client.get("/api/v1/profiles/freelancers").json()["items"]

    assert "Jane D." in page
    assert "Doe" not in page
    assert {item["user_id"]: item["name"] for item in listing} == {initial.user_id: "Jane D.", full.user_id: "John Roe"}
