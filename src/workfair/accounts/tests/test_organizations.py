"""Organisations: who may add and remove members, and who may see an organisation at all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workfair.accounts.actions import do_add_member, do_create_organization, do_remove_member
from workfair.accounts.models import Membership
from workfair.accounts.queries import access_organization_by_id, organizations_for
from workfair.accounts.states import OrganizationRole
from workfair.accounts.tests.factories import ClientFactory
from workfair.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from workfair.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_world(db):  # type: ignore[no-untyped-def]
    owner, admin, member, outsider = ClientFactory(), ClientFactory(), ClientFactory(), ClientFactory()
    org = do_create_organization(owner, "  Acme   Ltd ")
    do_add_member(owner, org, admin.email, OrganizationRole.ADMIN)
    do_add_member(owner, org, member.email.upper(), OrganizationRole.MEMBER)
    return org, owner, admin, member, outsider


def roles(org) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return dict(Membership.objects.filter(organization=org).values_list("user_id", "role"))


def test_creator_becomes_owner_and_members_see_the_organisation(org_world) -> None:  # type: ignore[no-untyped-def]
    org, owner, admin, member, outsider = org_world

    assert org.name == "Acme Ltd"
    assert roles(org) == {owner.pk: "owner", admin.pk: "admin", member.pk: "member"}
    assert list(organizations_for(member)) == [org]
    assert list(organizations_for(outsider)) == []
    assert access_organization_by_id(admin, org.pk) == org
    with pytest.raises(NotFound):
        access_organization_by_id(outsider, org.pk)
    assert AuditLogEntry.objects.filter(action="organization.member_added", target_id=str(org.pk)).count() == 2


def test_plain_member_and_outsider_cannot_add_members(org_world) -> None:  # type: ignore[no-untyped-def]
    org, _owner, _admin, member, outsider = org_world
    before = roles(org)

    with pytest.raises(PermissionDenied):
        do_add_member(member, org, outsider.email, OrganizationRole.MEMBER)
    with pytest.raises(NotFound):
        do_add_member(outsider, org, outsider.email, OrganizationRole.MEMBER)

    assert roles(org) == before


def test_admin_adds_members_but_not_owners(org_world) -> None:  # type: ignore[no-untyped-def]
    org, _owner, admin, _member, outsider = org_world

    with pytest.raises(PermissionDenied):
        do_add_member(admin, org, outsider.email, OrganizationRole.OWNER)
    do_add_member(admin, org, outsider.email, OrganizationRole.MEMBER)

    assert roles(org)[outsider.pk] == "member"


def test_adding_needs_an_existing_person_and_refuses_duplicates(org_world) -> None:  # type: ignore[no-untyped-def]
    org, owner, _admin, member, _outsider = org_world
    before = roles(org)

    with pytest.raises(InvalidInput):
        do_add_member(owner, org, "nobody@example.com", OrganizationRole.MEMBER)
    with pytest.raises(Conflict):
        do_add_member(owner, org, member.email, OrganizationRole.ADMIN)
    with pytest.raises(InvalidInput):
        do_add_member(owner, org, member.email, "emperor")

    assert roles(org) == before


def test_removal_rules(org_world) -> None:  # type: ignore[no-untyped-def]
    org, owner, admin, member, _outsider = org_world

    with pytest.raises(PermissionDenied):
        do_remove_member(member, org, admin.pk)  # members remove nobody but themselves
    with pytest.raises(PermissionDenied):
        do_remove_member(admin, org, owner.pk)  # admins cannot remove owners
    with pytest.raises(PermissionDenied):
        do_remove_member(owner, org, owner.pk)  # the last owner stays
    assert set(roles(org)) == {owner.pk, admin.pk, member.pk}

    do_remove_member(admin, org, member.pk)
    do_remove_member(admin, org, admin.pk)  # leaving

    assert roles(org) == {owner.pk: "owner"}


def test_organisation_pages_create_add_and_remove(client) -> None:  # type: ignore[no-untyped-def]
    owner, colleague = ClientFactory(), ClientFactory()
    client.force_login(owner)

    created = client.post(reverse("accounts:organizations"), {"name": "Beta GmbH"})
    org = organizations_for(owner).get()
    assert created.status_code == 302
    assert created.url == reverse("accounts:organization_detail", args=[org.pk])
    added = client.post(reverse("accounts:add_member", args=[org.pk]), {"email": colleague.email, "role": "member"})
    assert added.status_code == 302
    page = client.get(reverse("accounts:organization_detail", args=[org.pk]))
    assert colleague.public_name in page.content.decode()
    removed = client.post(reverse("accounts:remove_member", args=[org.pk, colleague.pk]))
    assert removed.status_code == 302
    assert roles(org) == {owner.pk: "owner"}


def test_organisation_pages_refuse_outsiders_with_404_and_members_with_403(org_world, client) -> None:  # type: ignore[no-untyped-def]
    org, _owner, admin, member, outsider = org_world

    client.force_login(outsider)
    assert client.get(reverse("accounts:organization_detail", args=[org.pk])).status_code == 404
    assert client.post(reverse("accounts:remove_member", args=[org.pk, member.pk])).status_code == 404
    client.force_login(member)
    page = client.get(reverse("accounts:organization_detail", args=[org.pk]))
    assert page.status_code == 200
    assert b"Add a member" not in page.content
    refused = client.post(reverse("accounts:remove_member", args=[org.pk, admin.pk]))
    assert refused.status_code == 403
    unknown = client.post(reverse("accounts:add_member", args=[org.pk]), {"email": outsider.email, "role": "member"})
    assert unknown.status_code == 403
    assert outsider.pk not in roles(org)


def test_adding_an_unknown_email_shows_a_form_error(org_world, client) -> None:  # type: ignore[no-untyped-def]
    org, owner, *_ = org_world
    client.force_login(owner)

    response = client.post(
        reverse("accounts:add_member", args=[org.pk]), {"email": "ghost@example.com", "role": "member"}
    )

    assert response.status_code == 400
    assert b"Nobody with that e-mail address" in response.content
