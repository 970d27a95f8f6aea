"""The `workfair` command's defaults: where `serve` listens, how many processes it runs, and how
many database connections each may hold."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from workfair import cli


def _served(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> dict[str, Any]:
    """Run `workfair serve` with the server replaced by a recorder; return what it was given."""
    seen: dict[str, Any] = {}

    class FakeDaphne:
        def run(self, args: list[str]) -> None:
            seen["daphne"] = args

    def fake_run(self: Any) -> None:
        seen["bind"] = self.cfg.settings["bind"].get()
        seen["workers"] = self.cfg.settings["workers"].get()
        seen["worker_class"] = self.cfg.settings["worker_class"].value
        seen["app"] = self.load()

    # cmd_serve writes DB_POOL_MAX_SIZE for the processes it starts; setenv first so it is undone
    monkeypatch.setenv("DB_POOL_MAX_SIZE", os.environ.get("DB_POOL_MAX_SIZE", ""))
    monkeypatch.setattr(cli, "_setup_django", lambda: None)
    monkeypatch.setattr("daphne.cli.CommandLineInterface", FakeDaphne)
    monkeypatch.setattr("gunicorn.app.base.BaseApplication.run", fake_run)
    assert cli.main(argv) == 0
    seen["pool"] = os.environ["DB_POOL_MAX_SIZE"]
    return seen


def test_serve_binds_loopback_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOST", raising=False)
    assert _served(monkeypatch, ["serve", "--port", "8123"])["bind"] == ["127.0.0.1:8123"]


def test_serve_binds_the_host_the_operator_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104 - the operator's explicit choice under test
    assert _served(monkeypatch, ["serve", "--port", "8000"])["bind"] == ["0.0.0.0:8000"]
    assert _served(monkeypatch, ["serve", "--host", "10.0.0.5", "--port", "8000"])["bind"] == ["10.0.0.5:8000"]


def test_serve_runs_worker_processes_with_a_bounded_pool_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    seen = _served(monkeypatch, ["serve"])
    assert seen["worker_class"] == "uvicorn_worker.UvicornWorker"
    assert seen["workers"] == cli.default_workers() >= 2
    assert seen["pool"] == "8"
    from config.asgi import application

    assert seen["app"] is application  # each worker loads the ASGI application (websockets too)


def test_serve_takes_the_operators_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert _served(monkeypatch, ["serve"])["workers"] == 3
    seen = _served(monkeypatch, ["serve", "--workers", "5", "--db-pool", "0"])
    assert (seen["workers"], seen["pool"]) == (5, "0")


def test_serve_can_still_run_one_daphne_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOST", raising=False)
    seen = _served(monkeypatch, ["serve", "--server", "daphne", "--port", "8124"])
    assert seen["daphne"][:4] == ["-b", "127.0.0.1", "-p", "8124"]
    assert "bind" not in seen


def test_serve_refuses_impossible_numbers_with_an_error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_setup_django", lambda: None)
    assert cli.main(["serve", "--workers", "0"]) == 2
    assert "error: --workers must be at least 1" in capsys.readouterr().err
    monkeypatch.setenv("WEB_CONCURRENCY", "many")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve"])
    assert exit_info.value.code == 2
    assert "invalid int value: 'many'" in capsys.readouterr().err


def _settings_in_a_new_process(env: dict[str, str], expression: str) -> subprocess.CompletedProcess[str]:
    code = f"from config import settings as s; print({expression})"
    return subprocess.run(  # noqa: S603 - the test's own interpreter and code
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True, check=False
    )


def test_a_pool_replaces_persistent_connections_on_postgresql() -> None:
    url = "postgres://postgres@127.0.0.1:5432/workfair_settings_probe"
    db = "s.DATABASES['default']"
    pooled = _settings_in_a_new_process(
        {"DATABASE_URL": url, "DB_POOL_MAX_SIZE": "6"}, f"{db}['CONN_MAX_AGE'], {db}['OPTIONS']['pool']['max_size']"
    )
    assert pooled.stdout.split() == ["0", "6"], pooled.stderr
    plain = _settings_in_a_new_process(
        {"DATABASE_URL": url, "DB_POOL_MAX_SIZE": "0"}, f"{db}['CONN_MAX_AGE'], 'pool' in {db}.get('OPTIONS', {{}})"
    )
    assert plain.stdout.split() == ["60", "False"], plain.stderr


def test_a_number_setting_that_is_not_a_number_is_named() -> None:
    result = _settings_in_a_new_process({"DB_POOL_MAX_SIZE": "lots"}, "1")
    assert result.returncode != 0
    assert "DB_POOL_MAX_SIZE must be a whole number, not 'lots'" in result.stderr


def test_run_prints_the_logins_once_not_again_in_the_reloading_child(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    managed: list[tuple[str, ...]] = []
    monkeypatch.setattr(cli, "_setup_django", lambda: None)
    monkeypatch.setattr(cli, "_manage", lambda *argv: managed.append(argv))
    monkeypatch.setenv("RUN_MAIN", "true")  # what Django's auto-reloader sets in the child it starts

    assert cli.main(["run", "--port", "8125"]) == 0

    assert managed == [("runserver", "127.0.0.1:8125")]
    assert capsys.readouterr().out == ""
