"""The identity-verified name: shown publicly, and no longer editable by the person."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.urls import reverse

from workfair.accounts import actions
from workfair.accounts.models import User
from workfair.accounts.states import NameDisplay
from workfair.accounts.tests.factories import UserFactory
from workfair.core.errors import PermissionDenied
from workfair.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db


def _user() -> User:
    return cast(User, UserFactory(first_name="Janie", last_name="D"))


def test_verified_name_replaces_the_names_and_is_audited() -> None:
    user = _user()
    actions.do_set_verified_name(user, "  Jane ", "Doe-Smith", actor=None)
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Jane", "Doe-Smith")
    assert (user.verified_first_name, user.verified_last_name) == ("Jane", "Doe-Smith")
    assert user.name_verified
    assert user.public_name == "Jane D."
    entry = AuditLogEntry.objects.get(action="user.name_verified", target_id=str(user.pk))
    assert entry.data["before"] == {"first_name": "Janie", "last_name": "D"}


def test_public_name_uses_the_verified_name() -> None:
    user = _user()
    actions.do_set_verified_name(user, "Jane", "Doe", actor=None)
    User.objects.filter(pk=user.pk).update(first_name="Changed", last_name="Behind")  # e.g. by an admin
    user.refresh_from_db()
    assert user.public_name == "Jane D."


def test_verified_name_cannot_be_changed_but_its_display_can() -> None:
    user = _user()
    actions.do_set_verified_name(user, "Jane", "Doe", actor=None)
    with pytest.raises(PermissionDenied, match="contact support"):
        actions.do_update_name(user, first_name="Janet", last_name="Doe", name_display=NameDisplay.FULL)
    actions.do_update_name(user, first_name="Jane", last_name="Doe", name_display=NameDisplay.FULL)
    user.refresh_from_db()
    assert user.public_name == "Jane Doe"


def test_clearing_the_verified_name_unlocks_it() -> None:
    user = _user()
    actions.do_set_verified_name(user, "Jane", "Doe", actor=None)
    actions.do_clear_verified_name(user, actor=None, reason="verification revoked")
    actions.do_update_name(user, first_name="Janet", last_name="Doe", name_display=NameDisplay.FULL)
    user.refresh_from_db()
    assert user.public_name == "Janet Doe"
    assert not user.name_verified


def test_settings_page_shows_the_name_locked_and_ignores_a_posted_change(client: Any) -> None:
    user = _user()
    actions.do_set_verified_name(user, "Jane", "Doe", actor=None)
    client.force_login(user)
    page = client.get(reverse("accounts:settings"))
    assert b"Name verified" in page.content
    assert b"contact support" in page.content
    assert b'name="first_name"' in page.content
    assert b"disabled" in page.content
    response = client.post(
        reverse("accounts:settings"),
        {"first_name": "Mallory", "last_name": "X", "name_display": NameDisplay.FULL, "is_client": "on"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.name_display) == ("Jane", "Doe", NameDisplay.FULL)


def test_api_refuses_changing_a_verified_name(client: Any) -> None:
    user = _user()
    actions.do_set_verified_name(user, "Jane", "Doe", actor=None)
    client.force_login(user)
    response = client.patch("/api/v1/auth/me", {"first_name": "Mallory"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "name_verified"
