"""Private files: stored under random names outside MEDIA_ROOT, served only by permission-checked views.

Proposal and message attachments are private: only the people of the proposal or conversation may
read them. They are kept in `private_storage()`, a folder of its own (`PRIVATE_FILES_ROOT`, by
default `var/private`) that no URL serves, under a random name (`RandomName`); the name the
uploader gave is kept in the database and only used as the download name.

A view that has checked who asks answers with `private_file_response()`:
- by default, Django streams the file itself (`FileResponse`);
- with `PRIVATE_FILES_SERVE = "x-accel-redirect"` (nginx) the answer is empty with
  `X-Accel-Redirect: <PRIVATE_FILES_INTERNAL_URL><name>`, and the web server sends the file from an
  `internal` location mapped to the private folder (docs/deploy.md);
- with `PRIVATE_FILES_SERVE = "x-sendfile"` (Apache mod_xsendfile, lighttpd) the answer carries
  `X-Sendfile: <absolute path>`.
"""

from __future__ import annotations

import uuid
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header

SERVE_MODES = ("django", "x-accel-redirect", "x-sendfile")


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage in PRIVATE_FILES_ROOT with no URL. The folder is read from the settings
    each time, so tests (and `override_settings`) can move it."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_FILES_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL: serve them through a permission-checked view.")


_private = PrivateStorage()


def private_storage() -> Storage:
    """The storage of private files (a callable, so migrations name it rather than a folder)."""
    return _private


@deconstructible
class RandomName:
    """`upload_to` for private files: `<prefix>/<yyyy>/<mm>/<32 hex>.<extension>`. Nothing of the
    uploader's own file name but a short, plain extension is kept in the stored name."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance: Any, filename: str) -> str:
        from workfair.core import clock

        return random_name(self.prefix, filename, when=clock.now())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def random_name(prefix: str, filename: str, *, when: Any) -> str:
    suffix = PurePosixPath(filename or "").suffix.lower()
    extension = suffix if 1 < len(suffix) <= 10 and suffix[1:].isalnum() else ""
    return f"{prefix}/{when:%Y/%m}/{uuid.uuid4().hex}{extension}"


def private_file_response(file: FieldFile, *, filename: str, content_type: str) -> HttpResponseBase:
    """The file as a download named `filename`, for a view that has already checked the reader."""
    mode = getattr(settings, "PRIVATE_FILES_SERVE", "django")
    if mode == "django":
        response: HttpResponseBase = FileResponse(
            file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
        )
    elif mode in ("x-accel-redirect", "x-sendfile"):
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)  # as FileResponse does
        if mode == "x-accel-redirect":
            prefix = str(getattr(settings, "PRIVATE_FILES_INTERNAL_URL", "/_private/"))
            response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(file.name or "")
        else:
            response["X-Sendfile"] = file.path
    else:
        raise ImproperlyConfigured(f"PRIVATE_FILES_SERVE must be one of {', '.join(SERVE_MODES)}, not {mode!r}.")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def move_to_private_storage(model: Any, field_name: str, prefix: str) -> int:
    """Move the files of `model.field_name` from the default (public media) storage into the private
    storage under random names; a data migration's step. Returns how many moved. Rows whose file is
    already private or missing are left as they are."""
    from django.core.files.storage import default_storage

    from workfair.core import clock

    moved = 0
    for row in model.objects.exclude(**{field_name: ""}).iterator():
        old = getattr(row, field_name).name
        if not default_storage.exists(old) or _private.exists(old):
            continue
        with default_storage.open(old, "rb") as source:
            new = _private.save(random_name(prefix, old, when=getattr(row, "created_at", None) or clock.now()), source)
        model.objects.filter(pk=row.pk).update(**{field_name: new})
        default_storage.delete(old)
        moved += 1
    return moved


@checks.register(checks.Tags.security)
def check_private_files(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Private files must not sit in (or contain) a folder served to the public, and the serving
    mode must be one we know."""
    errors: list[checks.CheckMessage] = []
    mode = getattr(settings, "PRIVATE_FILES_SERVE", "django")
    if mode not in SERVE_MODES:
        errors.append(
            checks.Error(
                f"PRIVATE_FILES_SERVE is {mode!r}; it must be one of {', '.join(SERVE_MODES)}.", id="core.E010"
            )
        )
    private = Path(settings.PRIVATE_FILES_ROOT).resolve()
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        served = getattr(settings, name, None)
        if not served:
            continue
        served_path = Path(served).resolve()
        if private == served_path or served_path in private.parents or private in served_path.parents:
            errors.append(
                checks.Error(
                    f"PRIVATE_FILES_ROOT ({private}) overlaps {name} ({served}), which is served to the public.",
                    hint="Set PRIVATE_FILES_ROOT to a folder of its own.",
                    id="core.E011",
                )
            )
    return errors
