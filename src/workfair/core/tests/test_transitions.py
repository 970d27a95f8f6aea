"""`transition()`: what it writes back (the caller's object, `updated_at`, the extra fields), the
`StateChange` and audit rows it leaves (actor, reason), and what a refused transition leaves (nothing).
A payment method stands in for any stateful model."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from workfair.accounts.tests.factories import ClientFactory
from workfair.core import clock
from workfair.core.errors import InvalidTransition
from workfair.core.models import AuditLogEntry, StateChange
from workfair.core.transitions import transition
from workfair.payments.models import PaymentMethod
from workfair.payments.states import METHOD_TRANSITIONS, MethodStatus
from workfair.payments.tests.factories import verified_card

pytestmark = pytest.mark.django_db

LATER = dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.UTC)


@pytest.fixture
def method() -> PaymentMethod:
    return verified_card(ClientFactory())


def test_the_callers_object_and_the_row_are_both_updated(method: PaymentMethod) -> None:
    actor: Any = method.user
    with clock.frozen_at(LATER):
        locked = transition(
            method,
            MethodStatus.REMOVED,
            table=METHOD_TRANSITIONS,
            actor=actor,
            extra_updates={"failure_message": "gone"},
        )
    assert locked is not method
    for obj in (method, locked, PaymentMethod.objects.get(pk=method.pk)):
        assert obj.status == MethodStatus.REMOVED
        assert obj.failure_message == "gone"
        assert obj.updated_at == LATER


def test_a_state_change_and_an_audit_row_say_who_and_why(method: PaymentMethod) -> None:
    with clock.frozen_at(LATER):
        transition(method, MethodStatus.REMOVED, table=METHOD_TRANSITIONS, actor=method.user, reason="x" * 600)
    change = StateChange.objects.get()
    assert (change.model, change.object_id, change.from_state, change.to_state) == (
        "payments.paymentmethod",
        str(method.pk),
        MethodStatus.VERIFIED,
        MethodStatus.REMOVED,
    )
    assert change.actor_id == method.user_id
    assert change.reason == "x" * 500
    assert change.created_at == LATER
    audit = AuditLogEntry.objects.get(action="paymentmethod.removed")
    assert audit.actor_id == method.user_id
    assert audit.data == {"from": MethodStatus.VERIFIED, "to": MethodStatus.REMOVED, "reason": "x" * 600}
    assert (audit.target_type, audit.target_id) == ("payments.paymentmethod", str(method.pk))


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_no_reason_and_no_signed_in_actor(method: PaymentMethod, actor: Any) -> None:
    transition(method, MethodStatus.REMOVED, table=METHOD_TRANSITIONS, actor=actor)
    change = StateChange.objects.get()
    assert change.actor_id is None
    assert change.reason == ""
    assert AuditLogEntry.objects.get().data == {"from": MethodStatus.VERIFIED, "to": MethodStatus.REMOVED}


def test_a_refused_transition_writes_nothing(method: PaymentMethod) -> None:
    before = method.updated_at
    with pytest.raises(InvalidTransition) as refused:
        transition(method, MethodStatus.FAILED, table=METHOD_TRANSITIONS, actor=method.user)
    assert str(refused.value) == "This payment method is verified; it cannot become failed."
    with pytest.raises(InvalidTransition, match=r"^Not now\.$"):
        transition(method, MethodStatus.FAILED, table=METHOD_TRANSITIONS, actor=method.user, error_message="Not now.")
    with pytest.raises(InvalidTransition):  # a state the table does not know
        transition(method, MethodStatus.VERIFIED, table={}, actor=method.user)
    method.refresh_from_db()
    assert method.status == MethodStatus.VERIFIED
    assert method.updated_at == before
    assert not StateChange.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_the_field_can_be_named(method: PaymentMethod) -> None:
    transition(method, MethodStatus.REMOVED, table=METHOD_TRANSITIONS, actor=None, field="status")
    assert PaymentMethod.objects.get(pk=method.pk).status == MethodStatus.REMOVED
    with pytest.raises(InvalidTransition, match="is Visa; it cannot become"):
        transition(method, "Mastercard", table={"Visa": frozenset()}, actor=None, field="brand")
    assert PaymentMethod.objects.get(pk=method.pk).brand == "Visa"
