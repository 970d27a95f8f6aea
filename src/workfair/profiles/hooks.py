"""What apps above profiles learn of them (the minding app: copied text). Profiles stand below
those apps, so they register here from their `AppConfig.ready`:

- `register_text_written(fn)`: `fn(kind, object_id, owner_id, text)` runs inside the writing
  transaction when a freelancer writes a profile overview (`"profile_overview"`, the profile's id)
  or a portfolio description (`"portfolio_description"`, the item's id).
"""

from __future__ import annotations

from collections.abc import Callable

TextWritten = Callable[[str, int, int, str], object]

_text_written: list[TextWritten] = []


def register_text_written(fn: TextWritten) -> None:
    if fn not in _text_written:
        _text_written.append(fn)


def text_written(kind: str, object_id: int, owner_id: int, text: str) -> None:
    for fn in list(_text_written):
        fn(kind, object_id, owner_id, text)
