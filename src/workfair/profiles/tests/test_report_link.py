"""A freelancer's profile page offers others a way to report it (not its owner)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from workfair.profiles.tests.factories import FreelancerProfileFactory

pytestmark = pytest.mark.django_db


def test_profile_page_has_a_report_link_for_others_only(client: Client, client_user: Any) -> None:
    profile = FreelancerProfileFactory()
    link = f"/trust/report/?target_type=profile&amp;target_id={profile.user_id}"
    client.force_login(client_user)
    assert link in client.get(f"/freelancers/{profile.user_id}/").content.decode()
    client.force_login(profile.user)
    assert link not in client.get(f"/freelancers/{profile.user_id}/").content.decode()
