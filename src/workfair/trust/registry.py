"""Where the marketplace apps plug into the trust engine. The engine knows their things only by
type and id ("jobs.job", 42); each app registers, from its own `trust_hooks.py` (loaded by its
`AppConfig.ready`), what the engine needs of it, through `workfair.trust.interface`:

- `register_effect(kind)`: a handler carrying out an effect on the app's things (the jobs app
  refuses and opens posts), in `workfair.trust.effects`;
- `register_report_target(name, stored_type, resolver)`: what people may report, and whose it is,
  in `workfair.trust.targets`;
- `register_capability_check(fn)`: more reasons to refuse an action, in `workfair.trust.enforcement`;
- `register_content_release(target_type, fn)`: deliver content a moderator cleared (a held message);
- `register_screening_context(surface, fn)`: what the warn-as-you-type check must know about where
  a text goes (a message's conversation: is a contract active, the sender's recent messages);
- `register_target_view(target_type, fn)`: how a moderator sees an item a case is about (a reported
  message as its thread shows it, with the messages around it), in the console's case page;
- `register_notifier(fn)`: how the engine tells a person about a decision;
- `register_request_authenticator(fn)`: who a request without a session is (an API token), so a
  locked-out account is refused everywhere;
- `register_staff_session_check(fn)`: the step a staff session takes before a staff page (the
  accounts app's two-factor check); with none registered, staff pages stay closed.

The engine never imports a marketplace app: an arrow from here up would tie the floors together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# target type -> deliver(actor, target_id) -> what happened (recorded with the effect)
Releaser = Callable[[Any, int], dict[str, Any]]
_RELEASERS: dict[str, Releaser] = {}


def register_content_release(target_type: str, release: Releaser) -> None:
    """`release(actor, target_id)` delivers held content of `target_type` once it is cleared."""
    _RELEASERS[target_type] = release


def content_releaser(target_type: str) -> Releaser | None:
    return _RELEASERS.get(target_type)


@dataclass(frozen=True, slots=True)
class ContextLine:
    """One item around the target (a message before or after the reported one)."""

    author: str
    at: dt.datetime | None
    text: str
    is_target: bool = False


@dataclass(frozen=True, slots=True)
class TargetView:
    """An item as its owning app shows it to a moderator: what it is, its full text as written,
    where to open it, and what surrounds it (the thread around a message)."""

    label: str
    text: str
    url: str = ""
    author: str = ""
    context_title: str = ""
    context: Sequence[ContextLine] = field(default_factory=tuple)


# target type -> view(target_id) -> the item as a moderator sees it, or None when it is gone
TargetViewer = Callable[[int], TargetView | None]
_VIEWERS: dict[str, TargetViewer] = {}


def register_target_view(target_type: str, viewer: TargetViewer) -> None:
    """`viewer(target_id)` renders an item of `target_type` for the staff console (no access check:
    only staff pages call it)."""
    _VIEWERS[target_type] = viewer


def target_view(target_type: str, target_id: int | str) -> TargetView | None:
    """The item a case or report is about, as its app renders it; None for an unknown type, an id
    that is not a number, or an item that is gone."""
    viewer = _VIEWERS.get(target_type)
    if viewer is None or not str(target_id).isdigit():
        return None
    return viewer(int(target_id))


# surface -> context(actor, params) -> (contract_active, the sender's recent texts there)
ScreeningContext = Callable[[Any, dict[str, Any]], tuple[bool, Sequence[str]]]
_CONTEXTS: dict[str, ScreeningContext] = {}


def register_screening_context(surface: str, context: ScreeningContext) -> None:
    """`context(actor, params)` answers for a text about to be sent on `surface`; it raises the
    owning app's NotFound/InvalidInput for a place the actor may not write to."""
    _CONTEXTS[surface] = context


def screening_context(surface: str) -> ScreeningContext | None:
    return _CONTEXTS.get(surface)


class Notifier(Protocol):
    def __call__(
        self, recipient: Any, *, kind: str, title: str, body: str = "", url: str = "", email: bool = True
    ) -> Any: ...


_NOTIFIERS: list[Notifier] = []


def register_notifier(notifier: Notifier) -> None:
    """Add a way to tell people (the notifications app registers in-app notices and e-mail)."""
    if notifier not in _NOTIFIERS:
        _NOTIFIERS.append(notifier)


def notify(recipient: Any, *, kind: str, title: str, body: str = "", url: str = "", email: bool = True) -> None:
    """Tell `recipient` through every registered notifier (none registered: nobody is told);
    `email=False` keeps it in the app."""
    for notifier in _NOTIFIERS:
        notifier(recipient, kind=kind, title=title, body=body, url=url, email=email)


Authenticator = Callable[[Any, str], Any]
_AUTHENTICATORS: list[Authenticator] = []


def register_request_authenticator(authenticate: Authenticator) -> None:
    """`authenticate(request, bearer_token)` returns the account of a token, or None."""
    if authenticate not in _AUTHENTICATORS:
        _AUTHENTICATORS.append(authenticate)


def request_user(request: Any, token: str) -> Any:
    """The account a bearer token belongs to, by the first registered authenticator that knows it."""
    for authenticate in _AUTHENTICATORS:
        user = authenticate(request, token)
        if user is not None:
            return user
    return None


StaffSessionCheck = Callable[[Any, str], Any]
_STAFF_CHECKS: list[StaffSessionCheck] = []


def register_staff_session_check(check: StaffSessionCheck) -> None:
    """`check(request, next_url)` returns a response that sends the staff member somewhere first
    (set up or enter two-factor), or None when this session may see staff pages."""
    if check not in _STAFF_CHECKS:
        _STAFF_CHECKS.append(check)


def staff_session_step(request: Any, next_url: str) -> Any:
    """The first step a registered check asks for, or None. Fails closed: without any registered
    check, a refusal (staff pages need a two-factor check installed)."""
    if not _STAFF_CHECKS:
        from django.http import HttpResponseForbidden

        return HttpResponseForbidden("Staff pages are closed: no two-factor check is installed.")
    for check in _STAFF_CHECKS:
        step = check(request, next_url)
        if step is not None:
            return step
    return None
