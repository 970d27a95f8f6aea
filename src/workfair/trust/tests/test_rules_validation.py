"""Rules as data: an invalid rule cannot be saved, and the message says what is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.core.errors import InvalidInput, PermissionDenied
from workfair.guard.rules import DEFAULT_RULES, validate_rule
from workfair.trust.actions import do_save_rule, do_set_rule_mode
from workfair.trust.engine import active_policy
from workfair.trust.models import PolicyVersion, Rule
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("trust_env")

GOOD: dict[str, Any] = {
    "key": "contact-in-reviews",
    "title": "Contact details in a review",
    "mode": "shadow",
    "when": {"surfaces": ["review"], "finding": {"category": "contact", "min_score": 0.7}},
    "outcome": "mask",
    "effects": ["hide_content"],
    "reason": "Reviews may not contain contact details.",
}


def test_shipped_rules_are_valid() -> None:
    for rule in DEFAULT_RULES:
        assert validate_rule(rule) == [], rule["key"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"mode": "loud"}, "mode: must be one of off, shadow, enforce"),
        ({"outcome": "destroy"}, "outcome: must be one of allow, warn, mask, hold, block"),
        (
            {"when": {"finding": {"category": "contact", "min_score": 1.5}}},
            "when.finding.min_score: must be a number from 0 to 1",
        ),
        ({"when": {"finding": {"category": "gossip"}}}, "when.finding.category: must be one of"),
        (
            {"when": {"context": {"account_age_days": {"about": 3}}}},
            "when.context.account_age_days.about: unknown comparison",
        ),
        ({"when": {"context": {"shoe_size": 3}}}, "when.context.shoe_size: unknown fact"),
        ({"when": {}}, "when: needs a finding or a context condition"),
        ({"effects": ["explode"]}, "effects[0]: unknown effect 'explode'"),
        ({"effects": ["open_case"]}, "queue: must be one of"),
        ({"effects": ["add_strike"]}, "strike_weight: must be at least 1 when the effects add a strike"),
        (
            {"effects": [{"kind": "restrict", "days": 0}]},
            "effects[0].days: must be a whole number of days from 1 to 365",
        ),
        ({"key": "Bad Key!"}, "key: must be 2-80 lower-case letters"),
        ({"reason": ""}, "reason: must say"),
        ({"python": "import os"}, "rule: unknown keys ['python']"),
    ],
)
def test_invalid_rule_lists_what_is_wrong(change: dict[str, Any], message: str) -> None:
    problems = validate_rule({**GOOD, **change})
    assert any(message in p for p in problems), problems


@pytest.mark.django_db
def test_admin_saves_a_rule_as_a_new_active_version() -> None:
    admin = StaffFactory(role="admin")
    version = do_save_rule(actor=admin, definition=GOOD)
    assert version.number == 2
    assert version.is_active
    assert PolicyVersion.objects.filter(is_active=True).count() == 1
    assert Rule.objects.filter(policy=version).count() == len(DEFAULT_RULES) + 1
    assert active_policy().version == 2
    assert "contact-in-reviews" in [r.key for r in active_policy().rules]


@pytest.mark.django_db
def test_invalid_rule_is_not_saved_and_nothing_changes() -> None:
    admin = StaffFactory(role="admin")
    with pytest.raises(InvalidInput) as err:
        do_save_rule(
            actor=admin, definition={**GOOD, "when": {"finding": {"category": "contact", "min_score": "high"}}}
        )
    assert "when.finding.min_score: must be a number from 0 to 1" in err.value.message
    assert PolicyVersion.objects.count() == 1
    assert PolicyVersion.objects.get().number == 1


@pytest.mark.django_db
def test_only_admins_edit_policies() -> None:
    moderator = StaffFactory()
    with pytest.raises(PermissionDenied):
        do_save_rule(actor=moderator, definition=GOOD)
    with pytest.raises(PermissionDenied):
        do_set_rule_mode(actor=moderator, key="spam-hold", mode="off")
    assert PolicyVersion.objects.count() == 1


@pytest.mark.django_db
def test_switching_a_rule_off_stops_it_matching() -> None:
    admin = StaffFactory(role="admin")
    do_set_rule_mode(actor=admin, key="contact-before-contract", mode="off")
    assert "contact-before-contract" not in [r.key for r in active_policy().rules]
