"""Warn as you type: what the trust engine would do with a text before it is sent or saved.

    result = check_text(actor=user, text="call me on five five five ...", surface="message",
                        conversation_id=12)
    result.decision      # "mask"
    result.warnings      # ("This looks like a phone number. Sharing contact details before a
                         #   contract starts is not allowed; it will be hidden.",)

The same `gate` (detectors + active policy) as the real action, with the same context: for a
message, whether a contract is active between the two people of the conversation and the
sender's recent messages (a number split over two messages). Writes nothing. Rate-limited per
account (`CHECKS_PER_MINUTE`), since every signed-in person can call it on each keystroke.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from workfair.core import clock
from workfair.core.errors import InvalidInput, PermissionDenied, RateLimited
from workfair.guard.findings import Finding
from workfair.trust.actions import gate
from workfair.trust.registry import screening_context
from workfair.trust.states import OUTCOME_RANK, Outcome, SignalKind

CHECKS_PER_MINUTE = 60
MAX_CHECK_CHARS = 20_000
# The surfaces one can check, and the signal each stands for.
CHECK_SURFACES: dict[str, str] = {
    "message": SignalKind.MESSAGE_SENT,
    "proposal": SignalKind.PROPOSAL_SENT,
    "job_post": SignalKind.JOB_SUBMITTED,
    "profile": SignalKind.PROFILE_CHANGED,
}

# What a finding looks like, in words ("This looks like ...").
_KIND_WORDS: dict[str, str] = {
    "phone": "a phone number",
    "email": "an e-mail address",
    "url": "a link",
    "handle": "a messenger or social media handle",
    "off_platform_intent": "an invitation to continue outside Workfair",
    "pay_outside": "an offer to pay outside Workfair",
}
_CATEGORY_WORDS: dict[str, str] = {
    "contact": "contact details",
    "payment": "payment details",
    "abuse": "abusive language",
    "scam": "a known scam pattern",
    "spam": "spam",
    "prohibited": "work that may not be allowed on Workfair",
    "behaviour": "unusual activity on your account",
}


def _why(category: str, surface: str, contract_active: bool) -> str:
    if category == "contact":
        if surface == "message" and not contract_active:
            return "Sharing contact details before a contract starts is not allowed"
        return "Job posts, proposals and profiles may not contain contact details"
    return {
        "payment": "Payments happen only through Workfair, even during a contract",
        "abuse": "Please keep the conversation respectful",
        "scam": "Messages like this are checked by a person first",
        "spam": "Content like this is checked by a person first",
        "prohibited": "Some kinds of work are not allowed on Workfair",
    }.get(category, "Our trust and safety rules apply")


def _consequence(outcome: str, surface: str) -> str:
    table: dict[str, str]
    if surface == "job_post":
        table = {
            Outcome.MASK: "a person will review the post before it opens.",
            Outcome.HOLD: "a person will review the post before it opens.",
            Outcome.BLOCK: "the post would be refused.",
        }
    else:
        table = {
            Outcome.MASK: "it will be hidden.",
            Outcome.HOLD: "it will be held for review.",
            Outcome.BLOCK: "it will be blocked.",
        }
    return table.get(outcome, "please check it.")


@dataclass(frozen=True)
class CheckResult:
    """What would happen: the decision, the findings the policy acts on, what a reader would see,
    and one sentence per problem for the person typing."""

    decision: str
    findings: tuple[Finding, ...]
    masked_text: str
    warnings: tuple[str, ...]


def _consume_rate(actor_id: int) -> None:
    window = clock.now().strftime("%Y%m%d%H%M")
    key = f"trust:check:{actor_id}:{window}"
    if cache.add(key, 1, timeout=90):
        return
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=90)
        return
    if count > CHECKS_PER_MINUTE:
        raise RateLimited("Too many checks in a minute; the warning will come back shortly.")


def check_text(*, actor: Any, text: str, surface: str, conversation_id: int | None = None) -> CheckResult:
    """What the trust engine would do with `text` on `surface` if `actor` sent or saved it now.

    For a message, `conversation_id` is required and must be one of the actor's conversations
    (NotFound otherwise); contact details are allowed once a contract between the two is active.
    Refusals: not signed in (PermissionDenied), unknown surface or missing conversation
    (InvalidInput), more than CHECKS_PER_MINUTE calls a minute (RateLimited). Writes nothing."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in first.")
    if surface not in CHECK_SURFACES:
        raise InvalidInput(f"Surface must be one of: {', '.join(CHECK_SURFACES)}.")
    if not isinstance(text, str):
        raise InvalidInput("Text must be a string.")
    _consume_rate(actor.pk)
    text = text[:MAX_CHECK_CHARS]
    contract_active = False
    history: list[str] = []
    if surface == "message" and conversation_id is None:
        raise InvalidInput("Say which conversation the message is for.")
    context = screening_context(surface)
    if context is not None:
        contract_active, found = context(actor, {"conversation_id": conversation_id})
        history = list(found)
    if not text.strip():
        return CheckResult(Outcome.ALLOW, (), text, ())
    g = gate(actor=actor, kind=CHECK_SURFACES[surface], surface=surface, text=text,
             context={"contract_active": contract_active}, history=history)  # fmt: skip
    warnings: list[str] = []
    findings: list[Finding] = []
    seen: set[str] = set()
    # one sentence per problem, each with the message's one outcome (not each rule's: a held message
    # is not also "hidden"); a detail inside another finding is that finding's problem (an e-mail that
    # is a PayPal account), and an invitation beside a detail of its kind is the detail's
    hits = sorted(g.verdict.hits, key=lambda h: -OUTCOME_RANK[h.rule.outcome])
    acted = [f for hit in hits for f in hit.findings]
    for hit in hits:
        for f in hit.findings:
            if f not in findings:
                findings.append(f)
            if f.category == "behaviour":
                sentence = hit.rule.reason
            else:
                if any(o is not f and o.start <= f.start and f.end <= o.end and (o.end - o.start) > (f.end - f.start)
                       for o in acted):  # fmt: skip
                    continue
                if f.kind == "off_platform_intent" and any(
                    o.category == f.category and o.kind != f.kind for o in acted
                ):
                    continue
                what = _KIND_WORDS.get(f.kind) or _CATEGORY_WORDS.get(f.category, "something our rules act on")
                sentence = f"This looks like {what}. {_why(f.category, surface, contract_active)}; " + _consequence(
                    g.outcome, surface
                )
            if sentence not in seen:
                seen.add(sentence)
                warnings.append(sentence)
    if g.verdict.failed_closed:
        warnings.append("We could not check this text; it will be held for review when you send it.")
    return CheckResult(g.outcome, tuple(findings), g.masked_text, tuple(warnings))


def check_widget_attrs(*, surface: str, field: str) -> dict[str, str]:
    """htmx attributes that make a form's textarea warn as the person types: the warning lands in
    the element with id `<field>-check` (give it role="status" aria-live="polite")."""
    return {
        "hx-post": "/trust/check/",
        "hx-trigger": "keyup changed delay:400ms, change",
        "hx-target": f"#{field}-check",
        "hx-swap": "innerHTML",
        "hx-sync": "this:replace",
        "hx-params": f"{field},surface,field",
        "hx-vals": f'{{"surface": "{surface}", "field": "{field}"}}',
        "aria-describedby": f"{field}-check",
    }
