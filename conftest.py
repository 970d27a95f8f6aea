"""Shared pytest set-up for the whole suite."""

from __future__ import annotations

import pytest


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
        if db_settings["ENGINE"] != "django.db.backends.sqlite3":
            continue
        test_settings = db_settings.setdefault("TEST", {})
        if not test_settings.get("NAME") or test_settings["NAME"] == ":memory:":
            test_settings["NAME"] = str(tmp_path_factory.mktemp("db") / f"test_{alias}.sqlite3")
