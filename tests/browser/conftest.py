"""Fixtures for browser tests: a live ASGI server and headless Chromium driven by Playwright.

Write a browser test like this::

    import pytest

    pytestmark = pytest.mark.browser

    def test_visitor_sees_the_home_page(page, asgi_live_server):
        page.goto("/")                       # relative to the live server
        assert page.get_by_role("heading", level=1).is_visible()

`page` is a fresh browser context (its own cookies) per test, with `transactional_db`, so data made
with factories in the test is committed and visible to the server. `make_page()` opens another
isolated context (a second person). E-mails the server sends land in `mailoutbox`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.live_server import AsgiLiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup, tmp_path_factory) -> Iterator[AsgiLiveServer]:  # type: ignore[no-untyped-def]
    """One Daphne server per test worker, serving the test database, static files and websockets."""
    from django.conf import settings
    from django.test import override_settings

    # Persistent connections would outlive the test in the server's threads; on PostgreSQL they
    # would keep the test database from being dropped at the end of the session.
    db_settings = settings.DATABASES["default"]
    previous_max_age = db_settings.get("CONN_MAX_AGE", 0)
    db_settings["CONN_MAX_AGE"] = 0
    # Static files come from the finders (see AsgiLiveServer); an empty STATIC_ROOT keeps WhiteNoise quiet.
    static_root = override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static"))
    static_root.enable()
    server = AsgiLiveServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()
        static_root.disable()
        db_settings["CONN_MAX_AGE"] = previous_max_age


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Chromium for the tests of one module (skipped when Chromium is not installed).

    Module scope, not session: while Playwright's sync API is started, its event loop counts as
    running in the main thread, which would break later non-browser tests of the same worker.
    For the same reason Django's guard against synchronous database calls from async code is
    lifted while it runs: the test body (factories, assertions) is synchronous code.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}; it is not installed here")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def make_page(
    chromium: Any, asgi_live_server: AsgiLiveServer, transactional_db: None, settings: Any
) -> Iterator[Callable[[], Any]]:
    """A factory of pages, each in its own browser context (own cookies: one person per page)."""
    from django.core.cache import cache

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Rate limits (sign-up, login) count in the cache; every test starts with a clean slate.
    cache.clear()
    contexts: list[Any] = []
    # Every page must work under the Content-Security-Policy: a blocked inline script, style or
    # handler shows up as a console message, and fails the test that met it.
    csp_violations: list[str] = []

    def note_violation(message: Any) -> None:
        if "Content Security Policy" in message.text:
            csp_violations.append(f"{message.location.get('url', '')}: {message.text}")

    def open_page() -> Any:
        context = chromium.new_context(base_url=asgi_live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        new_page = context.new_page()
        new_page.on("console", note_violation)
        return new_page

    yield open_page
    for context in contexts:
        context.close()
    _let_the_server_finish(asgi_live_server)
    assert csp_violations == [], "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


def _let_the_server_finish(server: AsgiLiveServer) -> None:
    """Before `transactional_db` empties the tables, wait for the requests and websockets the closed
    pages left running (a last warn-as-you-type check, a websocket's goodbye): a server thread
    writing while the tables are truncated deadlocks the truncation (seen once in CI on PostgreSQL)."""
    server.wait_idle(timeout=10)


@pytest.fixture
def page(make_page: Callable[[], Any]) -> Any:
    """A fresh page (own browser context) whose relative URLs go to the live server."""
    return make_page()
