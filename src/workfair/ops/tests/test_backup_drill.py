"""The restore drill, run as an operator would: seed a small marketplace with its files, back it up
with `workfair backup`, restore it with `workfair restore` into a fresh database and fresh folders,
and find every row and file there, the encrypted identity files still opening with the keys and the
app ready to serve. SQLite always; PostgreSQL too when DATABASE_URL points at a server."""

from __future__ import annotations

import base64
import filecmp
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]
KEYS = "drill1:" + base64.urlsafe_b64encode(b"k" * 32).decode()
SEED = """
import hashlib, io, json, django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from workfair.accounts.models import User
from workfair.demo.marketplace import build_demo_marketplace
from workfair.identity.sealing.envelope import seal
build_demo_marketplace(stdout=io.StringIO(), scale=0.02)
owner = User.objects.order_by("pk").first()
document = b"passport scan of the drill " * 100
sealed = seal(owner, "document_front", document, "image/jpeg")
default_storage.save("attachments/drill/contract.pdf", ContentFile(b"%PDF-1.4 the drill's attachment"))
from workfair.core.files import private_storage
private_storage().save("proposals/drill/brief.pdf", ContentFile(b"%PDF-1.4 the drill's private attachment"))
print(json.dumps({"sealed_id": sealed.pk, "sha": hashlib.sha256(document).hexdigest()}))
"""
INSPECT = """
import hashlib, json, sys, django
django.setup()
from django.test import Client
from workfair.identity.models import SealedFile
from workfair.identity.sealing.envelope import open_sealed
from workfair.ops.backup import table_counts
counts = table_counts()
opened = open_sealed(SealedFile.objects.get(pk=int(sys.argv[1])), actor=None, reason="restore drill")
ready = Client().get("/readyz")
print(json.dumps({"counts": counts, "sha": hashlib.sha256(opened).hexdigest(), "ready": ready.status_code}))
"""


def python(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and scripts
        [sys.executable, *argv], env=env, cwd=REPO, capture_output=True, text=True, timeout=240, check=False
    )


def workfair(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return python(env, "-m", "workfair.cli", *argv)


def site(root: Path, database_url: str) -> dict[str, str]:
    """The environment of one installation: its database, its folders, the shared keys."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DATABASE_URL=database_url,
        WORKFAIR_VAR_DIR=str(root / "var"),
        MEDIA_ROOT=str(root / "media"),
        PRIVATE_FILES_ROOT=str(root / "private"),
        WORKFAIR_IDENTITY_SEALED_ROOT=str(root / "sealed"),
        WORKFAIR_IDENTITY_KEYS=KEYS,
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
    )
    (root / "var").mkdir(parents=True)
    return env


def same_tree(left: Path, right: Path) -> bool:
    comparison = filecmp.dircmp(left, right)
    if comparison.left_only or comparison.right_only or comparison.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(left / d, right / d) for d in comparison.common_dirs)


@pytest.fixture
def postgres_databases() -> Iterator[tuple[str, str]]:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        pytest.skip("the PostgreSQL drill runs when DATABASE_URL points at a PostgreSQL server")
    import psycopg

    server = base.rsplit("/", 1)[0]
    names = [f"wf_drill_{uuid.uuid4().hex[:10]}_{side}" for side in ("src", "dst")]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{names[0]}", f"{server}/{names[1]}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drill(tmp_path: Path, source_url: str, target_url: str) -> None:
    source = site(tmp_path / "source", source_url)
    target = site(tmp_path / "target", target_url)
    archive = tmp_path / "backups" / "workfair.tar.gz"

    migrated = workfair(source, "migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    seeded = python(source, "-c", SEED)
    assert seeded.returncode == 0, seeded.stderr
    secret = json.loads(seeded.stdout.strip().splitlines()[-1])

    made = workfair(source, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    made_summary = json.loads(made.stdout)
    assert made_summary["files"] == 3  # the public attachment, the private one, the sealed document
    assert made_summary["rows"] > 100

    restored = workfair(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["complete"] is True

    before = python(source, "-c", INSPECT, str(secret["sealed_id"]))
    after = python(target, "-c", INSPECT, str(secret["sealed_id"]))
    assert before.returncode == 0, before.stderr
    assert after.returncode == 0, after.stderr
    source_state, target_state = json.loads(before.stdout), json.loads(after.stdout)
    assert target_state["counts"] == source_state["counts"]  # both counted before opening the file
    assert target_state["sha"] == secret["sha"]  # the identity file still opens with the keys
    assert target_state["ready"] == 200
    assert (tmp_path / "source" / "private" / "proposals" / "drill" / "brief.pdf").exists()
    for folder in ("media", "private", "sealed"):
        assert same_tree(tmp_path / "source" / folder, tmp_path / "target" / folder), folder

    again = workfair(target, "restore", str(archive))
    assert again.returncode == 1
    assert "already has tables" in again.stderr


@pytest.mark.slow
def test_restore_drill_on_sqlite(tmp_path: Path) -> None:
    drill(tmp_path, f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}")


@pytest.mark.slow
def test_restore_drill_on_postgresql(tmp_path: Path, postgres_databases: tuple[str, str]) -> None:
    drill(tmp_path, *postgres_databases)
