"""What each app holds about a person: its part of the data export, of the account's erasure, and
what stops an account being deleted now. Accounts runs the export and the deletion
(`accounts.actions`); every app registers its own part from its `AppConfig.ready()`.

The registry is in core, not in accounts, because apps on every floor hold personal data: the trust
engine and notifications stand below or beside accounts and cannot import it. A part is registered
once under a name; the name is the file of the export (`<name>.json`) and the key of the erasure's
summary. docs/subsystems/personal-data.md lists the parts and what each erases and keeps.

- `export(user) -> ExportPart`: the person's own data, JSON-able (datetimes are written as ISO 8601),
  never another person's private data, never secrets, hashes or storage keys. Files the person
  uploaded go in `files` and are copied into the archive under `files/<name>/`.
- `erase(user) -> dict[str, int]`: runs inside the erasing transaction, after the grace period;
  erases or pseudonymises what the app may forget, and keeps what the law or safety needs (the
  ledger, trust decisions, identifier hashes). Returns counts for the audit row. Files are deleted
  after commit (`delete_file_on_commit`).
- `blocker(user) -> str`: a sentence saying why the account cannot be deleted now (money in escrow,
  an active contract), or "" when nothing stops it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models.fields.files import FieldFile


@dataclass(frozen=True)
class ExportFile:
    """A file the person uploaded: `path` inside the archive's `files/<part>/` folder."""

    path: str
    file: FieldFile


@dataclass
class ExportPart:
    records: Any
    files: list[ExportFile] = field(default_factory=list)


Exporter = Callable[[Any], ExportPart]
Eraser = Callable[[Any], dict[str, int]]
Blocker = Callable[[Any], str]


@dataclass(frozen=True)
class PersonalDataPart:
    name: str
    export: Exporter | None = None
    erase: Eraser | None = None
    blocker: Blocker | None = None


_parts: dict[str, PersonalDataPart] = {}


def register_personal_data(
    name: str, *, export: Exporter | None = None, erase: Eraser | None = None, blocker: Blocker | None = None
) -> None:
    """Register (or replace: `ready()` may run twice in some test set-ups) an app's part."""
    _parts[name] = PersonalDataPart(name=name, export=export, erase=erase, blocker=blocker)


def personal_data_parts() -> tuple[PersonalDataPart, ...]:
    """The registered parts, by name (a stable order for the archive and the audit row)."""
    return tuple(_parts[name] for name in sorted(_parts))


def deletion_blockers(user: Any) -> list[str]:
    """Every reason the account cannot be deleted now (empty when it can)."""
    reasons = []
    for part in personal_data_parts():
        if part.blocker is not None and (reason := part.blocker(user)):
            reasons.append(reason)
    return reasons


def upload_files(prefix: str, files: list[tuple[str, FieldFile | None]]) -> list[ExportFile]:
    """ExportFiles for the non-empty file fields among `files` ((label, field) pairs): stored as
    `<prefix>/<label>` so two uploads with the same name never collide."""
    return [ExportFile(path=f"{prefix}/{label}", file=f) for label, f in files if f]


def delete_file_on_commit(file: FieldFile | None) -> None:
    """Delete the stored file once the erasing transaction commits (a rollback keeps it)."""
    if not file or not file.name:
        return
    storage, name = file.storage, file.name
    transaction.on_commit(lambda: storage.delete(name))
