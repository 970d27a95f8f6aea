"""`workfair restore` refuses what it cannot restore with a clear message, never a traceback."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from workfair.cli import main


def test_restore_refuses_a_missing_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore", str(tmp_path / "nowhere.tar.gz")]) == 1
    assert "error: No archive at" in capsys.readouterr().err


def test_restore_refuses_a_file_that_is_not_an_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_text("not an archive")
    assert main(["restore", str(junk)]) == 1
    assert "is not a Workfair backup" in capsys.readouterr().err


def _archive(tmp_path: Path, manifest: dict[str, object] | None) -> Path:
    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        if manifest is not None:
            data = json.dumps(manifest).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_restore_refuses_an_archive_without_a_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore", str(_archive(tmp_path, None))]) == 1
    assert "it has no manifest.json" in capsys.readouterr().err


def test_restore_refuses_another_format_or_database_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore", str(_archive(tmp_path, {"format": 99}))]) == 1
    assert "format 99" in capsys.readouterr().err
    other = {"format": 1, "vendor": "oracle", "tables": {}, "files": {}, "created_at": ""}
    assert main(["restore", str(_archive(tmp_path, other))]) == 1
    assert "holds a oracle database" in capsys.readouterr().err
