"""Keyset-friendly page parameters shared by list endpoints and pages."""

from __future__ import annotations

from dataclasses import dataclass

MAX_PAGE_SIZE = 100
# Past this page every list is empty anyway; a larger number would overflow the database's offset.
MAX_PAGE = 1_000_000


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int = 1
    size: int = 20

    @classmethod
    def parse(cls, page: object = 1, size: object = 20) -> PageRequest:
        try:
            page_n = min(MAX_PAGE, max(1, int(str(page))))
        except ValueError:
            page_n = 1
        try:
            size_n = min(MAX_PAGE_SIZE, max(1, int(str(size))))
        except ValueError:
            size_n = 20
        return cls(page=page_n, size=size_n)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size
