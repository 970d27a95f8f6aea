"""Shared pytest set-up for the whole suite."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests explore new random inputs on every local run; CI (`.ci/run` sets
# HYPOTHESIS_PROFILE=ci) runs a fixed set, so a submission is judged on its code, not on its luck.
# A failure found locally is pinned with `@example` next to the test.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Give SQLite a file-based test database, one per xdist worker.

    The browser tests serve the app from a server thread that opens its own database connections;
    an in-memory SQLite database is private to the connection that made it, so those threads would
    see an empty database. A file (in WAL mode, from the settings) is shared by every connection of
    the worker and costs the other tests nothing measurable. PostgreSQL needs no change.
    """
    from django.conf import settings

    for alias, db_settings in settings.DATABASES.items():
        if not db_settings["ENGINE"].endswith("sqlite3"):  # Django's engine or its instrumented twin
            continue
        # Always a file of our own: pytest-django suffixes the name of an engine it does not know as
        # SQLite (the instrumented one) as if it were a server's database name.
        db_settings.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / f"test_{alias}.sqlite3")


# Rows that data migrations install and the product expects to exist. A transactional test (the
# browser and websocket tests) ends with a flush that empties every table, migration data included;
# the next database test on the same worker puts them back.
_REFERENCE_DATA = (
    ("workfair.contracts.migrations.0003_nda_version_1_0", "publish"),
    ("workfair.trust.migrations.0002_default_policy", "install"),
)
_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):  # type: ignore[no-untyped-def]
    if request.node.get_closest_marker("django_db") is None and not _DB_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    import importlib

    from django.apps import apps

    from workfair.contracts.models import NdaVersion
    from workfair.trust.models import PolicyVersion

    if NdaVersion.objects.exists() and PolicyVersion.objects.exists():
        return
    for module_name, function_name in _REFERENCE_DATA:
        getattr(importlib.import_module(module_name), function_name)(apps, None)


def pytest_configure(config):  # type: ignore[no-untyped-def]
    config.addinivalue_line(
        "markers",
        "phone_required: keep WORKFAIR_IDENTITY['REQUIRE_PHONE_FOR'] as configured (other tests run without it)",
    )
    config.addinivalue_line(
        "markers", "rate_limits: keep settings.WORKFAIR_RATE_LIMITS as configured (other tests run without them)"
    )


@pytest.fixture(autouse=True)
def _phone_requirement_off(request):  # type: ignore[no-untyped-def]
    """Posting jobs and sending proposals need a verified phone (identity.phone); the tests written
    before that requirement post and bid without one. They run with the requirement off; tests of
    the requirement mark themselves `@pytest.mark.phone_required`."""
    if request.node.get_closest_marker("phone_required") is not None:
        return
    settings = request.getfixturevalue("settings")
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "REQUIRE_PHONE_FOR": []}


@pytest.fixture(autouse=True)
def _rate_limits_off(request):  # type: ignore[no-untyped-def]
    """The per-person rate limits (settings.WORKFAIR_RATE_LIMITS) count in the cache, which outlives
    a test, and ids repeat between tests: the tests written before them run without them. Tests of
    the limits mark themselves `@pytest.mark.rate_limits`."""
    if request.node.get_closest_marker("rate_limits") is not None:
        return
    settings = request.getfixturevalue("settings")
    settings.WORKFAIR_RATE_LIMITS = {}
