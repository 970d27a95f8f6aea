"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def client_user(db):  # type: ignore[no-untyped-def]
    return ClientFactory(first_name="Carla", last_name="Client")


@pytest.fixture
def freelancer_user(db):  # type: ignore[no-untyped-def]
    return FreelancerFactory(first_name="Fred", last_name="Lancer")
