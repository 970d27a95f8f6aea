"""An ASGI live server for browser tests: Daphne serving Workfair in a thread of the test process.

Why a thread and not a subprocess (as `channels.testing.ChannelsLiveServerTestCase` does): the test
and the server then share one process, so the test sees what the server did through ordinary
in-process state: `django.core.mail.outbox` (locmem e-mail), the in-memory channel layer, the cache,
settings changed with the `settings` fixture, and the clock. The database is the test database of
the xdist worker (a file for SQLite, see the root conftest), reached through the server thread's own
connections, so tests that use it need `transactional_db` (committed data).

Twisted's reactor can run only once per process, so one server serves a whole worker session.
"""

from __future__ import annotations

import threading
from typing import Any

READY_TIMEOUT_SECONDS = 15.0


class _InFlight:
    """ASGI wrapper that counts the calls still running (HTTP requests, open websockets), so a test
    can wait for the server to finish what the browser started before the database is emptied."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.count = 0
        self.idle = threading.Event()
        self.idle.set()
        self._lock = threading.Lock()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        with self._lock:
            self.count += 1
            self.idle.clear()
        try:
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                self.count -= 1
                if self.count == 0:
                    self.idle.set()


class AsgiLiveServer:
    """Daphne on 127.0.0.1 and a free port, serving HTTP (with static files) and websockets."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port: int | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._server: Any = None
        self._in_flight: _InFlight | None = None

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>`, without a trailing slash."""
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        """`ws://127.0.0.1:<port>`, without a trailing slash."""
        return f"ws://{self.host}:{self.port}"

    def start(self) -> None:
        """Start serving; return once the port is bound. Raises RuntimeError if the server cannot start."""
        self._thread = threading.Thread(target=self._run, name="asgi-live-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(READY_TIMEOUT_SECONDS):
            raise RuntimeError("The ASGI live server did not start in time.")
        if self._error is not None:
            raise RuntimeError(f"The ASGI live server did not start: {self._error!r}") from self._error

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until no request or websocket is being served; False if that did not happen in time."""
        return self._in_flight is None or self._in_flight.idle.wait(timeout)

    def stop(self) -> None:
        """Stop the reactor and wait for the thread to end."""
        from twisted.internet import reactor

        if self._thread is None or not self._thread.is_alive():
            return
        reactor.callFromThread(reactor.stop)  # type: ignore[attr-defined]
        self._thread.join(timeout=10)

    def _run(self) -> None:
        try:
            # Importing daphne.server installs the asyncio reactor Twisted must use; it comes first.
            from daphne.endpoints import build_endpoint_description_strings
            from daphne.server import Server
            from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
            from twisted.internet import reactor

            from config.asgi import application

            # Static files through the finders, as `runserver` does: tests run with DEBUG off and
            # without `collectstatic`.
            self._in_flight = _InFlight(ASGIStaticFilesHandler(application))
            self._server = Server(
                application=self._in_flight,
                endpoints=build_endpoint_description_strings(host=self.host, port=0),
                signal_handlers=False,
                verbosity=0,
            )
            reactor.callLater(0.02, self._resolve_port)  # type: ignore[attr-defined]
            self._server.run()
        except BaseException as exc:  # reported to the test process by start()
            self._error = exc
            self._ready.set()

    def _resolve_port(self) -> None:
        from twisted.internet import reactor

        if self._server.listening_addresses:
            self.port = self._server.listening_addresses[0][1]
            self._ready.set()
        else:
            reactor.callLater(0.02, self._resolve_port)  # type: ignore[attr-defined]
