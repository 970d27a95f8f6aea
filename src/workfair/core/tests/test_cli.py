"""The `workfair` command's defaults."""

from __future__ import annotations

from typing import Any

import pytest

from workfair import cli


def _served_args(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> list[str]:
    seen: list[str] = []

    class FakeDaphne:
        def run(self, args: list[str]) -> None:
            seen.extend(args)

    monkeypatch.setattr(cli, "_setup_django", lambda: None)
    monkeypatch.setattr("daphne.cli.CommandLineInterface", FakeDaphne)
    assert cli.main(argv) == 0
    return seen


def test_serve_binds_loopback_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOST", raising=False)
    args: Any = _served_args(monkeypatch, ["serve", "--port", "8123"])
    assert args[:4] == ["-b", "127.0.0.1", "-p", "8123"]


def test_serve_binds_the_host_the_operator_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104 - the operator's explicit choice under test
    assert _served_args(monkeypatch, ["serve"])[:2] == ["-b", "0.0.0.0"]  # noqa: S104
    assert _served_args(monkeypatch, ["serve", "--host", "10.0.0.5"])[:2] == ["-b", "10.0.0.5"]
