"""Fixtures for the proposals tests: a world with a client, their open job and a freelancer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from workfair.jobs.tests.factories import JobFactory


@pytest.fixture
def job(client_user: Any) -> Any:
    return JobFactory(client=client_user, proposal_credits=4)


def logged_in(user: Any) -> Client:
    """A Django test client signed in as `user` (for pages and the session-authenticated API)."""
    browser = Client()
    browser.force_login(user)
    return browser
