"""Fixtures of the trust engine's tests (imported by each engine test module: the test folder is
shared with the conversation guard's tests, which must not get these)."""

from __future__ import annotations

import pytest

from workfair.trust.engine import forget_active_policy


@pytest.fixture
def trust_env(settings):  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "workfair.trust.tests.urls"
    settings.WORKFAIR_TRUST = {"QUALITY_SAMPLE_RATE": 0.0}
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "workfair.trust.middleware.AccountStandingMiddleware"]
    # The engine's tests are about standing; the identity app's phone requirement (a registered
    # capability check) has its own tests.
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "REQUIRE_PHONE_FOR": []}
    forget_active_policy()
    yield
    forget_active_policy()
