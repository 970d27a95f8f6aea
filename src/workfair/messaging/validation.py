"""Checks on what a person sends: the message text and its attached files.

Pure functions (no database); `do_send_message` runs them before it writes anything, so a refused
message leaves no row and no file behind."""

from __future__ import annotations

import codecs
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from workfair.core.errors import InvalidInput

MAX_ATTACHMENTS = 5
_SNIFF_BYTES = 16
_TEXT_CHECK_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class FileKind:
    content_type: str
    signatures: tuple[bytes, ...] = ()  # file must start with one of these (empty: text file)
    text: bool = False


_PDF = FileKind("application/pdf", (b"%PDF-",))
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_TEXT = FileKind("text/plain", text=True)

# Allowed attachments: by extension, each with the bytes its content must start with. A file
# whose content does not match its extension is refused (a renamed executable is not a PDF).
ALLOWED_KINDS: dict[str, FileKind] = {
    "pdf": _PDF,
    "png": FileKind("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": FileKind("image/gif", (b"GIF87a", b"GIF89a")),
    "webp": FileKind("image/webp", (b"RIFF",)),
    "zip": FileKind("application/zip", _ZIP_SIGNATURES),
    "docx": FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP_SIGNATURES),
    "xlsx": FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP_SIGNATURES),
    "pptx": FileKind("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP_SIGNATURES),
    "odt": FileKind("application/vnd.oasis.opendocument.text", _ZIP_SIGNATURES),
    "ods": FileKind("application/vnd.oasis.opendocument.spreadsheet", _ZIP_SIGNATURES),
    "txt": _TEXT,
    "md": FileKind("text/markdown", text=True),
    "csv": FileKind("text/csv", text=True),
}


@dataclass(frozen=True, slots=True)
class CheckedAttachment:
    """An upload that passed the checks: what to store and how to describe it."""

    upload: Any
    name: str
    extension: str
    size: int
    content_type: str


def _is_refused_char(char: str) -> bool:
    # Control characters (other than newline and tab) and lone surrogates are never text a person
    # typed; surrogates would also fail to encode when stored.
    if char in "\n\t":
        return False
    return unicodedata.category(char) in {"Cc", "Cs"}


def clean_message_body(body: object, *, allow_empty: bool = False) -> str:
    """The message text as stored: line endings normalised, surrounding blanks stripped.
    Refuses (InvalidInput) a body that is not text, holds control characters other than newline
    and tab, is empty (unless `allow_empty`, when files are attached) or is longer than
    settings.WORKFAIR["MAX_MESSAGE_CHARS"]."""
    if body is None:
        body = ""
    if not isinstance(body, str):
        raise InvalidInput("The message must be text.")
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if any(_is_refused_char(char) for char in text):
        raise InvalidInput("The message contains characters that are not text.")
    if not text and not allow_empty:
        raise InvalidInput("Write a message (or attach a file).")
    limit = int(str(settings.WORKFAIR["MAX_MESSAGE_CHARS"]))
    if len(text) > limit:
        raise InvalidInput(f"A message can be at most {limit:,} characters long.")
    return text


def _display_name(raw: str) -> str:
    base = os.path.basename(raw.replace("\\", "/"))
    cleaned = "".join(ch for ch in base if not _is_refused_char(ch) and ch not in "\n\t").strip()
    return cleaned[:200]


def _read_head(upload: Any, count: int) -> bytes:
    upload.seek(0)
    head = upload.read(count)
    upload.seek(0)
    return bytes(head)


def _is_utf8_text(upload: Any) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    upload.seek(0)
    try:
        while chunk := upload.read(_TEXT_CHECK_CHUNK):
            data = bytes(chunk)
            if b"\x00" in data:
                return False
            decoder.decode(data)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return True


def check_attachment(upload: Any) -> CheckedAttachment:
    """Check one uploaded file (a Django `UploadedFile` or `File`): a known extension, content that
    matches it, not empty, at most settings.WORKFAIR_MAX_ATTACHMENT_BYTES. Refuses with InvalidInput."""
    name = _display_name(str(getattr(upload, "name", "") or ""))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = ALLOWED_KINDS.get(extension)
    if not name or kind is None:
        allowed = ", ".join(sorted(ALLOWED_KINDS))
        raise InvalidInput(f"“{name or 'This file'}” is not a file type that can be attached (allowed: {allowed}).")
    size = int(upload.size)
    if size <= 0:
        raise InvalidInput(f"“{name}” is empty.")
    limit = int(settings.WORKFAIR_MAX_ATTACHMENT_BYTES)
    if size > limit:
        raise InvalidInput(f"“{name}” is too large: a file can be at most {limit // (1024 * 1024) or 1} MB.")
    if kind.text:
        matches = _is_utf8_text(upload)
    else:
        head = _read_head(upload, _SNIFF_BYTES)
        matches = any(head.startswith(sig) for sig in kind.signatures)
        if extension == "webp":
            matches = matches and head[8:12] == b"WEBP"
    if not matches:
        raise InvalidInput(f"The content of “{name}” does not match its type (.{extension}).")
    return CheckedAttachment(upload=upload, name=name, extension=extension, size=size, content_type=kind.content_type)


def check_attachments(uploads: Iterable[Any]) -> Sequence[CheckedAttachment]:
    """Check every file; at most MAX_ATTACHMENTS per message."""
    files = list(uploads)
    if len(files) > MAX_ATTACHMENTS:
        raise InvalidInput(f"A message can carry at most {MAX_ATTACHMENTS} files.")
    return [check_attachment(upload) for upload in files]
