"""The identity graph's write: `check_identifiers` records an account's identifiers, finds the accounts
that share them (`graph.links`) and hands those facts to the trust engine as a signal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from workfair.core import clock
from workfair.core.errors import InvalidInput
from workfair.identity.graph.hashing import normalize_email
from workfair.identity.graph.links import find_links, hashed_identifiers, link_facts, request_identifiers
from workfair.identity.models import Identifier
from workfair.identity.states import IdentifierKind
from workfair.trust import interface as trust


def _record(user_id: int, pairs: Sequence[tuple[str, str]]) -> None:
    now = clock.now()
    Identifier.objects.bulk_create(
        [Identifier(user_id=user_id, kind=k, value=v, first_seen=now, last_seen=now) for k, v in pairs],
        update_conflicts=True,
        unique_fields=["kind", "value", "user"],
        update_fields=["last_seen"],
    )


def check_identifiers(
    user: Any,
    identifiers: Sequence[tuple[str, str]],
    *,
    signal_kind: str,
    target_type: str = "",
    target_id: str = "",
    request: HttpRequest | None = None,
) -> trust.SignalResult:
    """Record the identifiers `user` was seen with, link the account to the others sharing them,
    and record a trust signal of `signal_kind` with those links; returns the engine's SignalResult
    (`.outcome`: allow / warn / mask / hold / block).

    `identifiers` are (IdentifierKind, raw value) pairs: an e-mail, an E.164 phone,
    "COUNTRY:NUMBER" for a document, a device id, an IP address (a network is derived from it when
    given as kind `network`), a perceptual-hash hex for image kinds. With `request`, its device,
    IP and network are added. Runs in the caller's transaction: on "block" the caller commits
    (the suspension and the case must persist) and refuses afterwards."""
    pairs = hashed_identifiers([*identifiers, *request_identifiers(request)])
    with transaction.atomic():
        if pairs:
            _record(user.pk, pairs)
        links = find_links(user.pk, pairs)
        facts = link_facts(links)
        facts["identifier_kinds"] = sorted({kind for kind, _ in pairs})
        return trust.do_record_signal(
            actor=user, kind=signal_kind, surface="account", target_type=target_type, target_id=target_id,
            context=facts,
        )  # fmt: skip


def screen_signup(user: Any, request: HttpRequest | None) -> str:
    """The sign-up check (registered with accounts, `accounts.hooks`): the e-mail, and the request's
    device, IP and network, through `check_identifiers`. Returns the trust engine's outcome."""
    identifiers: list[tuple[str, str]] = []
    try:
        normalize_email(user.email)
        identifiers.append((IdentifierKind.EMAIL, user.email))
    except InvalidInput:  # an address allauth accepted but we cannot fold: nothing to link on
        pass
    result = check_identifiers(
        user, identifiers, signal_kind="signup", target_type="accounts.user", target_id=str(user.pk), request=request
    )
    return str(result.outcome)
