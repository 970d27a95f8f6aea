"""Which files a proposal may carry: allowed by extension AND by what the bytes actually are.

A file's name is chosen by the sender, so the extension alone proves nothing; we read the first
bytes and require them to match a signature of the type the extension claims. Plain text has no
signature: it must decode as UTF-8 and hold no NUL byte.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from workfair.core.errors import InvalidInput

MAX_ATTACHMENTS = 5
_SNIFF_BYTES = 8192

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy Office documents


@dataclass(frozen=True, slots=True)
class FileKind:
    content_type: str
    signatures: tuple[bytes, ...]  # empty: text, checked by decoding instead


ALLOWED_KINDS: dict[str, FileKind] = {
    "pdf": FileKind("application/pdf", (b"%PDF-",)),
    "png": FileKind("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": FileKind("image/gif", (b"GIF87a", b"GIF89a")),
    "txt": FileKind("text/plain", ()),
    "md": FileKind("text/markdown", ()),
    "csv": FileKind("text/csv", ()),
    "zip": FileKind("application/zip", _ZIP),
    "docx": FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": FileKind("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    "odt": FileKind("application/vnd.oasis.opendocument.text", _ZIP),
    "doc": FileKind("application/msword", _OLE),
}


class UploadedFileLike(Protocol):
    name: str | None
    size: int | None

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sample may cut a multi-byte character in half at its end; that alone is fine.
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


def check_attachment(upload: UploadedFileLike) -> FileKind:
    """Return the kind of an allowed file, or raise InvalidInput saying why it is refused.
    Leaves the file positioned at its start."""
    name = os.path.basename(upload.name or "")
    if not name:
        raise InvalidInput("An attachment has no file name.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = ALLOWED_KINDS.get(extension)
    if kind is None:
        allowed = ", ".join(sorted(ALLOWED_KINDS))
        raise InvalidInput(f"{name}: this type of file is not accepted (allowed: {allowed}).")
    size = upload.size or 0
    limit = settings.WORKFAIR_MAX_ATTACHMENT_BYTES
    if size > limit:
        raise InvalidInput(f"{name} is too large: at most {limit // (1024 * 1024)} MB per file.")
    if size == 0:
        raise InvalidInput(f"{name} is empty.")
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    matches = _looks_like_text(head) if not kind.signatures else head.startswith(kind.signatures)
    if not matches:
        raise InvalidInput(f"{name} does not contain what its name says ({extension}).")
    return kind
