"""The synchronous gate: signal facts -> detectors -> policy -> verdict. Pure and fast.

    facts = SignalFacts(kind="message.sent", surface="message", text=body, context={...})
    verdict = evaluate_facts(facts)          # no database writes
    verdict.outcome, verdict.masked_text, verdict.hits, verdict.shadow_hits

`evaluate(signal)` does the same for a recorded `Signal`. Recording decisions and carrying out
effects is `workfair.trust.actions.do_record_signal`'s job (it calls this module).

Speed: the active policy is compiled once per version and cached in the process; the version
stamp in the shared Django cache is read at most once a second (`STAMP_SECONDS`), so the gate
costs the detectors plus a few comparisons per rule.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError

from workfair.guard.decisions import RuleHit, Verdict, decide, detect, evaluate, without_hits
from workfair.guard.rules import CompiledPolicy, SignalFacts, compile_policy, default_policy
from workfair.trust import signal_detectors as _signal_detectors  # noqa: F401 - registers the detectors

logger = logging.getLogger(__name__)

POLICY_STAMP_KEY = "trust:active-policy-version"
SCREENING_FAILED = "screening-failed"

__all__ = ["RuleHit", "Verdict", "active_policy", "decide", "detect", "evaluate", "evaluate_facts", "without_hits"]


# --- the active policy --------------------------------------------------------------------------

_compiled: dict[int, CompiledPolicy] = {}


def _load_policy(number: int) -> CompiledPolicy | None:
    from workfair.trust.models import Rule

    rules = list(Rule.objects.filter(policy__number=number).order_by("order", "id").values_list("definition", "mode"))
    if not rules:
        return None
    return compile_policy(number, [{**d, "mode": mode} for d, mode in rules])


# The process re-reads the shared stamp at most this often: a policy activated in another process
# applies here within this many seconds (at once in the process that activated it). Reading the
# stamp is a cache round trip (Redis in production), too dear to pay on every signal.
STAMP_SECONDS = 1.0
_current: tuple[float, CompiledPolicy] | None = None  # (monotonic time the stamp was read, the policy)


def active_policy() -> CompiledPolicy:
    """The compiled active policy; the shipped defaults when the database has none (or no
    database is configured, as for `workfair screen`)."""
    global _current
    now = time.monotonic()
    if _current is not None and now - _current[0] < STAMP_SECONDS:
        return _current[1]
    number = cache.get(POLICY_STAMP_KEY)
    if number is not None and number in _compiled:
        _current = (now, _compiled[number])
        return _current[1]
    try:
        from workfair.trust.models import PolicyVersion

        number = PolicyVersion.objects.filter(is_active=True).values_list("number", flat=True).first()
        policy = _load_policy(number) if number is not None else None
    except DatabaseError:  # no tables (a bare `workfair screen`): the shipped defaults
        policy = None
    except ValueError:  # an invalid stored rule must never open the gate: keep the defaults
        logger.exception("active trust policy is invalid; using the shipped defaults")
        policy = None
    if policy is None:
        policy = _compiled.setdefault(0, default_policy())
    _compiled[policy.version] = policy
    cache.set(POLICY_STAMP_KEY, policy.version, None)
    _current = (now, policy)
    return policy


def forget_active_policy() -> None:
    """Drop the cached policy (after a new version is activated, and between tests): this process
    loads it again on its next signal, the others within `STAMP_SECONDS`."""
    global _current
    cache.delete(POLICY_STAMP_KEY)
    _compiled.clear()
    _current = None


def evaluate_facts(facts: SignalFacts, *, history: Sequence[str] = (), policy: CompiledPolicy | None = None) -> Verdict:
    """The gate: detectors then the (active) policy. No database writes."""
    return evaluate(facts, policy or active_policy(), history=history)


def facts_of(signal: Any) -> SignalFacts:
    """The `SignalFacts` of a recorded Signal."""
    return SignalFacts(kind=signal.kind, surface=signal.surface, text=signal.text, context=signal.context or {})


def evaluate_signal(signal: Any) -> Verdict:
    """The verdict for a recorded `Signal` (see `actions.do_record_signal` to record decisions)."""
    return evaluate_facts(facts_of(signal))
