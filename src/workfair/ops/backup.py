"""`workfair backup` / `workfair restore`: the database and the private files in one archive.

An archive is a gzipped tar holding:

- `manifest.json`: the format, when, the database vendor, the rows of every table at the moment of
  the dump, and the SHA-256 of every file;
- `database.sqlite3` (SQLite's online backup: a consistent copy while the app runs) or
  `database.pgdump` (`pg_dump --format=custom`, taken in the same snapshot as the row counts);
- `media/`: public uploads (avatars, portfolio images) from MEDIA_ROOT;
- `private/`: private uploads (proposal and message attachments) from PRIVATE_FILES_ROOT;
- `sealed/`: the encrypted identity files, when they live on a local disk.

The identity master keys (WORKFAIR_IDENTITY_KEYS) are never in an archive: keep them apart, in the
operator's secret store. Without them a restored sealed file cannot be opened, which is the point.

`restore` loads an archive into the configured database, which must be empty (`--force` replaces
what is there), puts the files back, then counts every table and hashes every file again and
reports any difference. docs/operations.md has the drill.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection, connections, transaction

from workfair.identity.sealing.envelope import sealed_storage

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_DUMP = "database.sqlite3"
POSTGRES_DUMP = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Manifest:
    vendor: str
    tables: dict[str, int]
    files: dict[str, str]
    created_at: str = ""
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "created_at": self.created_at,
                "vendor": self.vendor,
                "tables": self.tables,
                "files": self.files,
                "notes": self.notes,
            },
            indent=2,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise BackupError(f"This archive is format {data.get('format')!r}; this Workfair reads format {FORMAT}.")
        return cls(
            vendor=data["vendor"],
            tables=data["tables"],
            files=data["files"],
            created_at=data["created_at"],
            notes=data.get("notes", []),
        )


@dataclass
class RestoreReport:
    manifest: Manifest
    differences: list[str]

    @property
    def ok(self) -> bool:
        return not self.differences


# --- where things are -----------------------------------------------------------------------


def file_roots() -> tuple[dict[str, Path], list[str]]:
    """The local folders an archive carries, by their name in the archive, and notes on what it
    cannot carry (sealed files in a remote storage)."""
    roots = {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_FILES_ROOT)}
    notes = []
    storage = sealed_storage()
    if isinstance(storage, FileSystemStorage):
        roots["sealed"] = Path(storage.location)
    else:
        notes.append(f"sealed identity files live in {type(storage).__name__}: back that storage up on its own")
    return roots, notes


def _vendor() -> str:
    return connection.vendor


def table_counts() -> dict[str, int]:
    """Rows in every table of the configured database."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table name from the database itself
            counts[table] = cursor.fetchone()[0]
    return counts


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_hashes(roots: dict[str, Path]) -> dict[str, str]:
    """SHA-256 of every file under the roots, keyed by its path in the archive."""
    hashes = {}
    for name, root in roots.items():
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            hashes[f"{name}/{path.relative_to(root).as_posix()}"] = _hash(path)
    return hashes


def _pg_args() -> tuple[list[str], dict[str, str]]:
    """libpq connection arguments and environment for pg_dump / pg_restore."""
    db = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client tools of your server's version."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed program, our own arguments
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


# --- backup ---------------------------------------------------------------------------------


def _dump_sqlite(target: Path) -> dict[str, int]:
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)
        counts = {}
        tables = copy.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        for (table,) in sorted(tables.fetchall()):
            counts[table] = copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - a table name from the database itself
    finally:
        copy.close()
        source.close()
    return counts


def _dump_postgres(target: Path) -> dict[str, int]:
    """pg_dump in the snapshot the rows are counted in, so the counts describe the dump exactly."""
    args, env = _pg_args()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = table_counts()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              f"--file={target}", *args], env)  # fmt: skip
    return counts


def backup(destination: Path) -> Manifest:
    """Write an archive of the database and the private files to `destination`."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    vendor = _vendor()
    roots, notes = file_roots()
    with tempfile.TemporaryDirectory(prefix="workfair-backup-") as work:
        if vendor == "sqlite":
            dump = Path(work) / SQLITE_DUMP
            tables = _dump_sqlite(dump)
        elif vendor == "postgresql":
            dump = Path(work) / POSTGRES_DUMP
            tables = _dump_postgres(dump)
        else:
            raise BackupError(f"Backups know SQLite and PostgreSQL, not {vendor}.")
        # Files after the database: every row's file is then in the archive (files are written
        # before the rows that name them, and never changed in place).
        manifest = Manifest(
            vendor=vendor,
            tables=tables,
            files=file_hashes(roots),
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            notes=notes,
        )
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = manifest.as_json().encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            for name in manifest.files:
                top, rest = name.split("/", 1)
                archive.add(roots[top] / rest, arcname=name)
        partial.replace(destination)  # a crash mid-way never leaves a truncated archive under the real name
    return manifest


# --- restore --------------------------------------------------------------------------------


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _restore_sqlite(dump: Path) -> None:
    name = Path(str(settings.DATABASES["default"]["NAME"]))
    connections.close_all()
    name.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (Path(f"{name}-wal"), Path(f"{name}-shm")):
        leftover.unlink(missing_ok=True)
    staged = name.with_name(name.name + ".restoring")
    shutil.copyfile(dump, staged)
    staged.replace(name)


def _restore_postgres(dump: Path, *, force: bool) -> None:
    args, env = _pg_args()
    connections.close_all()
    clean = ["--clean", "--if-exists"] if force else []
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *clean,
          *args, str(dump)], env)  # fmt: skip


def _safe_members(archive: tarfile.TarFile, manifest: Manifest) -> list[tarfile.TarInfo]:
    """Only the files the manifest lists, as plain files: an archive cannot write elsewhere."""
    members = []
    for member in archive.getmembers():
        if member.name in manifest.files:
            if not member.isfile():
                raise BackupError(f"{member.name} in the archive is not a plain file.")
            members.append(member)
    return members


def restore(source: Path, *, force: bool = False) -> RestoreReport:
    """Load the archive at `source` into the configured database and file folders, then check that
    every table has its rows and every file its bytes."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No archive at {source}.")
    vendor = _vendor()
    roots, _ = file_roots()
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with block below
    except (tarfile.TarError, OSError):
        raise BackupError(f"{source} is not a Workfair backup (not a gzipped tar archive).") from None
    with archive, tempfile.TemporaryDirectory(prefix="workfair-restore-") as work:
        try:
            manifest = Manifest.from_json(archive.extractfile(MANIFEST).read().decode())  # type: ignore[union-attr]
        except KeyError:
            raise BackupError(f"{source} is not a Workfair backup: it has no {MANIFEST}.") from None
        if manifest.vendor != vendor:
            raise BackupError(
                f"The archive holds a {manifest.vendor} database and this Workfair is configured for {vendor}: "
                "set DATABASE_URL to a database of the archive's kind."
            )
        if not force and not _database_is_empty():
            raise BackupError("The configured database already has tables: restore into an empty one, or pass --force.")
        dump_name = SQLITE_DUMP if vendor == "sqlite" else POSTGRES_DUMP
        archive.extract(dump_name, work, filter="data")
        for member in _safe_members(archive, manifest):
            top, rest = member.name.split("/", 1)
            if top not in roots:
                raise BackupError(f"The archive has {top} files and this Workfair keeps none on disk.")
            target = roots[top] / rest
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as content, target.open("wb") as out:  # type: ignore[union-attr]
                shutil.copyfileobj(content, out)
        if vendor == "sqlite":
            _restore_sqlite(Path(work) / dump_name)
        else:
            _restore_postgres(Path(work) / dump_name, force=force)
    return RestoreReport(manifest, differences(manifest, roots))


def differences(manifest: Manifest, roots: dict[str, Path]) -> list[str]:
    """What the configured database and folders lack of the manifest: rows, files, bytes."""
    found_tables = table_counts()
    found_files = file_hashes(roots)
    problems = []
    for table, rows in sorted(manifest.tables.items()):
        if found_tables.get(table) != rows:
            problems.append(f"table {table}: {found_tables.get(table)} rows, the backup had {rows}")
    for name, digest in sorted(manifest.files.items()):
        if name not in found_files:
            problems.append(f"file {name} is missing")
        elif found_files[name] != digest:
            problems.append(f"file {name} differs from the backup")
    return problems


def summary(manifest: Manifest) -> dict[str, Any]:
    return {
        "created_at": manifest.created_at,
        "database": manifest.vendor,
        "tables": len(manifest.tables),
        "rows": sum(manifest.tables.values()),
        "files": len(manifest.files),
        "notes": manifest.notes,
    }
