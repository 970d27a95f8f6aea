"""Checks on files attached to tickets: a known extension, content that starts as that type does,
not empty, not too large (the same checks as message attachments, for the types support needs)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from workfair.core.errors import InvalidInput
from workfair.support.states import ATTACHMENT_MAX_BYTES

SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "txt": (),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "txt": "text/plain",
}


def check_ticket_attachment(upload: Any) -> str:
    """The display name of an acceptable upload; InvalidInput otherwise."""
    name = PurePath(str(getattr(upload, "name", "") or "").replace("\\", "/")).name[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in SIGNATURES:
        raise InvalidInput(f"Attach a file of one of these types: {', '.join(sorted(SIGNATURES))}.")
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise InvalidInput(f"“{name}” is empty.")
    if size > ATTACHMENT_MAX_BYTES:
        raise InvalidInput(f"“{name}” is too large: at most {ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB.")
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if extension == "txt":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A multi-byte character cut at 4096 bytes is still text.
            try:
                head[:-3].decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InvalidInput(f"“{name}” is not plain text.") from exc
        if b"\x00" in head:
            raise InvalidInput(f"“{name}” is not plain text.")
    elif not any(head.startswith(sig) for sig in SIGNATURES[extension]):
        raise InvalidInput(f"The content of “{name}” does not match its type (.{extension}).")
    return name
