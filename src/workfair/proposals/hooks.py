"""What apps above proposals add to them (the minding app: cover-letter checks). Proposals stand
below those apps, so the apps register here from their `AppConfig.ready`:

- `register_submitted(fn)`: `fn(proposal)` runs inside `do_submit_proposal`'s transaction, after
  the proposal is written (the cover-letter scores);
- `register_client_listing(fn)`: `fn(queryset) -> queryset` narrows and orders what a job's client
  sees (tossed letters leave it, specific letters come first); it must not add rows;
- `register_client_extras(fn)`: `fn(request, proposals) -> {proposal id: HTML}` shown to the
  client beside each proposal (the one-click spam flag);
- `register_form_extras(fn)`: `fn(request, job) -> HTML` added to the proposal form (the
  "this letter looks generic" check as the freelancer types).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

SubmittedHook = Callable[[Any], object]
ListingHook = Callable[[QuerySet[Any]], QuerySet[Any]]
ExtrasHook = Callable[[Any, Sequence[Any]], dict[int, str]]
FormHook = Callable[[Any, Any], str]

_submitted: list[SubmittedHook] = []
_listing: list[ListingHook] = []
_extras: list[ExtrasHook] = []
_form: list[FormHook] = []


def _add(hooks: list[Any], fn: Any) -> None:
    if fn not in hooks:
        hooks.append(fn)


def register_submitted(fn: SubmittedHook) -> None:
    _add(_submitted, fn)


def register_client_listing(fn: ListingHook) -> None:
    _add(_listing, fn)


def register_client_extras(fn: ExtrasHook) -> None:
    _add(_extras, fn)


def register_form_extras(fn: FormHook) -> None:
    _add(_form, fn)


def proposal_submitted(proposal: Any) -> None:
    for fn in list(_submitted):
        fn(proposal)


def client_listing(queryset: QuerySet[Any]) -> QuerySet[Any]:
    for fn in list(_listing):
        queryset = fn(queryset)
    return queryset


def client_extras(request: Any, proposals: Sequence[Any]) -> dict[int, SafeString]:
    joined: dict[int, list[str]] = {}
    for fn in list(_extras):
        for pk, html in fn(request, proposals).items():
            joined.setdefault(pk, []).append(html)
    return {pk: mark_safe("".join(parts)) for pk, parts in joined.items()}  # noqa: S308 - rendered templates


def form_extras(request: Any, job: Any) -> SafeString:
    return mark_safe("".join(fn(request, job) for fn in list(_form)))  # noqa: S308 - rendered templates
