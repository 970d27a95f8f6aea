"""Step-up checks: when risk rises, the account proves it is its owner before a risky action goes on.

The trust engine asks for one with the effect "require_step_up" (a new device and changed payout
details, a report of impersonation, a match with a banned account); its handler, registered here at
import time, creates a `StepUp` for the decision's subject. Until the account passes it, the
capability check registered here refuses withdrawing, starting contracts and posting jobs, and
`require_step_up_for(user, action)` refuses any other risky action another app asks about.

Methods, weakest first:
- "questions": multiple-choice questions that only the owner can answer from their own history
  (a recent contract's title, counterparty and amount), with decoys taken from what the platform
  shows anyway (other open job titles, other freelancers' public names, amounts of the same shape).
  Answers are stored as keyed hashes; a few attempts; the check expires.
- "phone": a code sent to the account's verified number, confirmed on the check page.
- "identity": verify the identity again (/account/verification/); passed by a new verification
  that reaches "verified".
An account with too little history gets "phone" instead of "questions", and without a verified
phone "identity". A failed check (too many wrong answers or codes) is replaced by the next stronger
method; an expired one by the same check again (same questions, the attempts already used count).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied, RateLimited
from workfair.core.money import format_money
from workfair.core.transitions import transition
from workfair.identity.models import PhoneChallenge, StepUp
from workfair.identity.states import (
    CHALLENGE_TRANSITIONS,
    ChallengeStatus,
    PhoneChannel,
    StepUpMethod,
    StepUpReason,
)
from workfair.identity.stepup.queries import (
    blocking_step_up,
    identity_satisfied,
    is_expired,
    pending_step_up,
    verified_phone,
)
from workfair.trust import interface as trust

DEFAULTS: dict[str, Any] = {
    "STEP_UP_HOURS": 72,  # questions and phone checks; an identity check waits for the verification
    "STEP_UP_IDENTITY_DAYS": 30,
    "STEP_UP_MAX_ATTEMPTS": 3,
    "STEP_UP_MIN_CONTRACTS": 2,  # fewer contracts than this: too little history for questions
}
# What waits while a step-up is outstanding (capabilities of the trust engine).
BLOCKED_CAPABILITIES = frozenset({"withdraw", "start_contract", "post_job"})
METHOD_STRENGTH: dict[str, int] = {StepUpMethod.QUESTIONS: 0, StepUpMethod.PHONE: 1, StepUpMethod.IDENTITY: 2}
CHOICES_PER_QUESTION = 4
_HASH_SALT = "workfair.identity.stepup.answer"
# Decoy amounts: the real amount times one of these fractions, rounded to its shape.
_AMOUNT_FACTORS = ((1, 4), (1, 2), (3, 4), (3, 2), (2, 1), (3, 1))


def step_up_setting(name: str) -> Any:
    return getattr(settings, "WORKFAIR_IDENTITY", {}).get(name, DEFAULTS[name])


def check_url() -> str:
    return reverse("identity:step_up")


def refusal_for(step: StepUp, what: str) -> str:
    return (
        f"Before you can {what}, please confirm that it is really you: "
        f"complete the security check at {check_url()} (it takes a minute)."
    )


def step_up_capability_check(user: Any, capability: str) -> str | None:
    """Registered with the trust engine: withdrawing, starting contracts and posting jobs wait
    while a step-up is outstanding."""
    if capability not in BLOCKED_CAPABILITIES:
        return None
    step = blocking_step_up(user)
    if step is None:
        return None
    return refusal_for(step, str(trust.Capability(capability).label))


def verification_capability_check(user: Any, capability: str) -> str | None:
    """Registered with the trust engine: when a decision asked the account to verify its identity
    (the effect require_verification: a strong duplicate of another account, a weak link to a banned
    one), withdrawing, starting contracts and posting jobs wait until a verification passes, which
    lifts the requirement."""
    if capability not in BLOCKED_CAPABILITIES or not trust.verification_required(user):
        return None
    return (
        f"Before you can {trust.Capability(capability).label}, please verify your identity: "
        f"{reverse('identity:verification')} (a verified phone, your ID document and a short video call)."
    )


class StepUpRequired(PermissionDenied):
    code = "step_up_required"

    def __init__(self, message: str, *, step_up: StepUp) -> None:
        super().__init__(message)
        self.step_up = step_up
        self.check_url = check_url()


def require_step_up_for(user: Any, action: str) -> None:
    """For other apps, before a risky action (changing payout details, a payout): raise
    `StepUpRequired` (403, with the link to the check) while a step-up is outstanding."""
    step = blocking_step_up(user)
    if step is not None:
        raise StepUpRequired(refusal_for(step, action.replace("_", " ")), step_up=step)


# --- questions -----------------------------------------------------------------------------------


def _answer_hash(nonce: str, choice: str) -> str:
    return salted_hmac(_HASH_SALT, f"{nonce}:{choice}", algorithm="sha256").hexdigest()


def _question(text: str, answer: str, decoys: Sequence[str], rng: secrets.SystemRandom) -> dict[str, Any]:
    choices = [answer, *decoys[: CHOICES_PER_QUESTION - 1]]
    rng.shuffle(choices)
    nonce = secrets.token_hex(8)
    return {"text": text, "choices": choices, "nonce": nonce, "answer": _answer_hash(nonce, answer)}


def _round_to_shape(value: int, digits: int) -> int:
    """`value` rounded to `digits` significant digits (integers only: these are minor units)."""
    drop = len(str(value)) - digits
    if drop <= 0:
        return value
    unit = 10**drop
    return max(unit, (value + unit // 2) // unit * unit)


def _decoy_amounts(real: int, rng: secrets.SystemRandom) -> list[int]:
    digits = max(2, len(str(real).rstrip("0")))
    candidates = {_round_to_shape(real * num // den, digits) for num, den in _AMOUNT_FACTORS}
    candidates.discard(real)
    picked = sorted(c for c in candidates if c > 0)
    rng.shuffle(picked)
    return picked[: CHOICES_PER_QUESTION - 1]


def _contract_amount(contract: Any) -> tuple[str, int, str] | None:
    """(question text, amount in minor units, suffix) of a contract, or None without an amount."""
    if contract.contract_type == "hourly":
        if not contract.hourly_rate:
            return None
        return f"What hourly rate did your contract “{contract.title}” have?", contract.hourly_rate, " an hour"
    total = sum(m.amount for m in contract.milestones.all())
    if total <= 0:
        return None
    return f"How much were the milestones of your contract “{contract.title}” worth in all?", total, ""


@dataclass(frozen=True)
class HistorySource:
    """Where step-up questions come from: the account's recent contracts (newest first) and, for
    decoys, job posts and freelancers the account can see. Identity stands below the marketplace,
    so the app that can read all three registers it (profiles, from its `AppConfig.ready`)."""

    recent_contracts: Callable[[Any, int], Sequence[Any]]
    visible_jobs: Callable[[Any, int], Sequence[Any]]
    visible_freelancers: Callable[[Any, int], Sequence[Any]]  # accounts, with `public_name`


_HISTORY_SOURCES: list[HistorySource] = []


def register_history_source(source: HistorySource) -> None:
    """Let step-up questions read the account's history through `source` (the last one wins)."""
    _HISTORY_SOURCES.insert(0, source)


def build_questions(user: Any, rng: secrets.SystemRandom | None = None) -> list[dict[str, Any]] | None:
    """Three questions from the account's own recent contracts, or None when its history (or what
    the platform can show as decoys) is too thin for them, or no history source is registered.
    Reads only, through the registered `HistorySource` (contracts, jobs, profiles)."""
    source = _HISTORY_SOURCES[0] if _HISTORY_SOURCES else None
    if source is None:
        return None
    rng = rng or secrets.SystemRandom()
    contracts = list(source.recent_contracts(user, 10))
    if len(contracts) < int(step_up_setting("STEP_UP_MIN_CONTRACTS")):
        return None
    first, second = contracts[0], contracts[1]
    amount = _contract_amount(second)
    if amount is None or first.title.casefold() == second.title.casefold():
        return None

    def counterparty(contract: Any) -> Any:
        return contract.client if contract.freelancer_id == user.pk else contract.freelancer

    own_jobs = {c.job_id for c in contracts if c.job_id}
    own_titles = {c.title.casefold() for c in contracts} | {c.job.title.casefold() for c in contracts if c.job}
    own_names = {counterparty(c).public_name.casefold() for c in contracts} | {user.public_name.casefold()}
    jobs = source.visible_jobs(user, 50)
    decoy_titles = list(
        dict.fromkeys(
            j.title
            for j in jobs
            if j.client_id != user.pk and j.pk not in own_jobs and j.title.casefold() not in own_titles
        )
    )
    people = source.visible_freelancers(user, 50)
    decoy_names = list(dict.fromkeys(p.public_name for p in people if p.public_name.casefold() not in own_names))
    wanted = CHOICES_PER_QUESTION - 1
    if len(decoy_titles) < wanted or len(decoy_names) < wanted:
        return None
    text, real_amount, suffix = amount
    decoy_amounts = _decoy_amounts(real_amount, rng)
    if len(decoy_amounts) < wanted:
        return None
    rng.shuffle(decoy_titles)
    rng.shuffle(decoy_names)
    other = counterparty(second)
    role = "client" if other.pk == second.client_id else "freelancer"
    return [
        _question("Which of these was the title of one of your recent contracts?", first.title, decoy_titles, rng),
        _question(f"Who was the {role} on your contract “{second.title}”?", other.public_name, decoy_names, rng),
        _question(
            text,
            format_money(real_amount, second.currency) + suffix,
            [format_money(a, second.currency) + suffix for a in decoy_amounts],
            rng,
        ),
    ]


def public_questions(step: StepUp) -> list[dict[str, Any]]:
    """The questions as the page shows them: text and choices, never the answers."""
    return [{"text": q["text"], "choices": list(q["choices"])} for q in step.questions]


# --- writes --------------------------------------------------------------------------------------


def _choose_method(user: Any, requested: str) -> tuple[str, list[dict[str, Any]]]:
    """The method actually used (falling back when the requested one cannot work) and its questions."""
    if requested == StepUpMethod.QUESTIONS:
        questions = build_questions(user)
        if questions is not None:
            return StepUpMethod.QUESTIONS, questions
        requested = StepUpMethod.PHONE
    if requested == StepUpMethod.PHONE and verified_phone(user.pk) is not None:
        return StepUpMethod.PHONE, []
    return StepUpMethod.IDENTITY, []


def _expiry(method: str, now: dt.datetime) -> dt.datetime:
    if method == StepUpMethod.IDENTITY:
        return now + dt.timedelta(days=int(step_up_setting("STEP_UP_IDENTITY_DAYS")))
    return now + dt.timedelta(hours=int(step_up_setting("STEP_UP_HOURS")))


def do_require_step_up(
    user: Any,
    *,
    reason: str,
    method: str = StepUpMethod.QUESTIONS,
    waiting_action: str = "",
    decision_id: int | None = None,
    actor: Any = None,
) -> tuple[StepUp, bool]:
    """Ask `user` to pass a step-up check. An outstanding one of the same or a stronger method is
    kept (returned with created=False); a weaker one is cancelled and replaced. Returns
    (step-up, created)."""
    StepUpReason(reason)
    StepUpMethod(method)
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one at a time per account
        current = pending_step_up(user)
        if current is not None and METHOD_STRENGTH[current.method] >= METHOD_STRENGTH[method]:
            return current, False
        chosen, questions = _choose_method(user, method)
        if current is not None:
            if METHOD_STRENGTH[current.method] >= METHOD_STRENGTH[chosen]:
                return current, False
            _close(current, actor=actor, reason="replaced by a stronger check")
        now = clock.now()
        step = StepUp.objects.create(
            user_id=user.pk,
            reason=reason,
            method=chosen,
            questions=questions,
            waiting_action=waiting_action[:60],
            decision_id=decision_id,
            created_at=now,
            expires_at=_expiry(chosen, now),
        )
        record_audit(actor=actor, action="identity.step_up.required", target=step,
                     data={"user_id": user.pk, "method": chosen, "requested": method, "reason": reason,
                           "decision_id": decision_id})  # fmt: skip
    return step, True


def _close(step: StepUp, *, actor: Any, reason: str) -> None:
    """Cancel a pending check, or leave an expired/failed one as it is (it is already closed)."""
    if step.status == ChallengeStatus.PENDING:
        transition(step, ChallengeStatus.CANCELLED, table=CHALLENGE_TRANSITIONS, actor=actor, reason=reason)


@dataclass(frozen=True)
class StepUpAnswer:
    """What answering did: passed, or not (and how many attempts are left)."""

    step_up: StepUp
    passed: bool
    attempts_left: int
    message: str


def _pass(step: StepUp, *, actor: Any) -> None:
    transition(step, ChallengeStatus.PASSED, table=CHALLENGE_TRANSITIONS, actor=actor,
               reason=f"passed by {step.method}", extra_updates={"passed_at": clock.now()})  # fmt: skip


def _after_pass(user: Any, step: StepUp, *, actor: Any) -> None:
    """Lift the identity requirement when the decision that asked for this check also asked for it
    and the check was a new identity verification (a phone code or questions prove control of the
    account, not who the person is: the ban-evasion-weak rule asks for both)."""
    if (
        step.method == StepUpMethod.IDENTITY
        and step.decision_id is not None
        and trust.decision_required_verification(step.decision_id)
    ):
        trust.clear_verification_requirement(user, actor=actor)


def _check_answerable(step: StepUp, method: str) -> None:
    if step.status == ChallengeStatus.PASSED:
        raise InvalidTransition("This security check was already passed.")
    if step.status in (ChallengeStatus.FAILED, ChallengeStatus.CANCELLED):
        raise InvalidTransition("This security check is closed; start the next one from the check page.")
    if is_expired(step):
        raise InvalidTransition("This security check has expired; start it again from the check page.")
    if step.method != method:
        raise InvalidInput(f"This security check is done by another method ({StepUpMethod(step.method).label}).")


def do_answer_step_up(*, actor: Any, step_up: StepUp, answers: Sequence[str]) -> StepUpAnswer:
    """Answer a "questions" check: `answers` holds the chosen choice of each question (its index).
    All right: passed. Any wrong: one attempt used (which were wrong is not said); the last attempt
    fails the check, and the next, stronger check replaces it. Unanswered questions count nothing."""
    if len(answers) != len(step_up.questions) or any(not str(a).strip() for a in answers):
        raise InvalidInput("Answer every question.")
    with transaction.atomic():
        step = StepUp.objects.select_for_update().get(pk=step_up.pk, user_id=actor.pk)
        _check_answerable(step, StepUpMethod.QUESTIONS)
        right = True
        for question, raw in zip(step.questions, answers, strict=True):
            try:
                choice = question["choices"][int(str(raw))]
            except (ValueError, IndexError):
                raise InvalidInput("Pick one of the answers shown for every question.") from None
            right = constant_time_compare(_answer_hash(question["nonce"], choice), question["answer"]) and right
        allowed = max_attempts(step)
        if right:
            _pass(step, actor=actor)
            _after_pass(actor, step, actor=actor)
            return StepUpAnswer(step, True, allowed - step.attempts, "Thank you: you can carry on.")
        step.attempts += 1
        step.save(update_fields=["attempts"])
        left = max(0, allowed - step.attempts)
        record_audit(actor=actor, action="identity.step_up.wrong_answer", target=step,
                     data={"attempts": step.attempts})  # fmt: skip
        if left == 0:
            transition(step, ChallengeStatus.FAILED, table=CHALLENGE_TRANSITIONS, actor=actor,
                       reason="too many wrong answers")  # fmt: skip
            message = "Some answers were wrong and no attempts are left: please confirm it is you another way."
        else:
            message = f"Some answers were wrong. {left} attempt{'s' if left != 1 else ''} left."
    return StepUpAnswer(step, False, left, message)


PURPOSE_STEP_UP = "step_up"


def _phone_setting(name: str) -> int:

    from workfair.identity.phone import queries as phone_queries

    return int(getattr(settings, "WORKFAIR_IDENTITY", {}).get(name, phone_queries.DEFAULTS[name]))


def max_attempts(step: StepUp) -> int:
    """Wrong answers (questions) or wrong codes (phone, over every code sent) before the check fails."""
    if step.method == StepUpMethod.PHONE:
        return _phone_setting("PHONE_MAX_ATTEMPTS")
    return int(step_up_setting("STEP_UP_MAX_ATTEMPTS"))


def _step_up_codes(step: StepUp) -> Any:
    return PhoneChallenge.objects.filter(user_id=step.user_id, purpose=PURPOSE_STEP_UP, created_at__gte=step.created_at)


def do_send_step_up_code(*, actor: Any, step_up: StepUp, channel: str = PhoneChannel.SMS) -> PhoneChallenge:
    """Send a code to the account's verified number for a "phone" check, with the phone module's
    code format, hashing, provider and limits (expiry, time between sends, codes a day). A newer
    code replaces the older one; wrong codes count over every code of the check."""
    from workfair.identity.phone import actions as phone
    from workfair.identity.phone.providers import SendFailed, get_provider

    if channel not in PhoneChannel.values:
        raise InvalidInput("Choose a text message or a call.")
    with transaction.atomic():
        step = StepUp.objects.select_for_update().filter(pk=step_up.pk, user_id=actor.pk).first()
        if step is None:
            raise NotFound("Security check not found.")
        _check_answerable(step, StepUpMethod.PHONE)
        number = verified_phone(actor.pk)
        if number is None:
            raise InvalidInput("Your account has no verified phone number any more; start the check again.")
        now = clock.now()
        codes = _step_up_codes(step)
        last = codes.order_by("-last_sent_at").first()
        if last is not None:
            ready_at = last.last_sent_at + dt.timedelta(seconds=_phone_setting("PHONE_RESEND_SECONDS"))
            if now < ready_at:
                wait = int((ready_at - now).total_seconds()) + 1
                raise RateLimited(f"Wait {wait} seconds before asking for another code.", code="resend_too_soon")
        if codes.filter(created_at__gt=now - dt.timedelta(days=1)).count() >= _phone_setting(
            "PHONE_MAX_CHALLENGES_PER_DAY"
        ):
            raise RateLimited("We have sent you as many codes as we can today. Try again tomorrow.",
                              code="too_many_codes")  # fmt: skip
        for old in codes.filter(status=ChallengeStatus.PENDING):
            transition(old, ChallengeStatus.CANCELLED, table=CHALLENGE_TRANSITIONS, actor=actor,
                       reason="a new code was asked for")  # fmt: skip
        code = f"{secrets.randbelow(10**phone.CODE_DIGITS):0{phone.CODE_DIGITS}d}"
        challenge = PhoneChallenge.objects.create(
            user_id=actor.pk,
            e164=number.e164,
            number_hash=number.number_hash,
            channel=channel,
            code_hash=phone.hash_code(code),
            created_at=now,
            last_sent_at=now,
            expires_at=now + dt.timedelta(minutes=_phone_setting("PHONE_CODE_MINUTES")),
            purpose=PURPOSE_STEP_UP,
        )
        record_audit(actor=actor, action="identity.step_up.code_sent", target=challenge,
                     data={"step_up": step.pk, "number": phone.mask_e164(number.e164), "channel": channel})  # fmt: skip
        challenge_id, e164 = challenge.pk, number.e164

        def send() -> None:
            try:
                get_provider().send_code(e164, code, channel)
            except SendFailed:
                PhoneChallenge.objects.filter(pk=challenge_id, status=ChallengeStatus.PENDING).update(
                    status=ChallengeStatus.CANCELLED
                )
                raise

        transaction.on_commit(send)
    return challenge


def do_confirm_step_up_code(*, actor: Any, step_up: StepUp, code: str) -> StepUpAnswer:
    """Confirm the code of a "phone" check. Right: passed. Wrong or expired: said, and a wrong code
    is counted (committed); when the wrong codes reach PHONE_MAX_ATTEMPTS the check fails and an
    identity verification replaces it."""
    from workfair.identity.phone import actions as phone

    digits = "".join(ch for ch in str(code or "") if not ch.isspace() and ch != "-")
    if len(digits) != phone.CODE_DIGITS or not digits.isascii() or not digits.isdigit():
        raise InvalidInput(f"Enter the {phone.CODE_DIGITS}-digit code we sent you.", code="invalid_code")
    with transaction.atomic():
        step = StepUp.objects.select_for_update().filter(pk=step_up.pk, user_id=actor.pk).first()
        if step is None:
            raise NotFound("Security check not found.")
        _check_answerable(step, StepUpMethod.PHONE)
        challenge = (
            _step_up_codes(step).select_for_update().filter(status=ChallengeStatus.PENDING).order_by("-id").first()
        )
        if challenge is None:
            raise InvalidInput("Ask for a code first.", code="no_code")
        now = clock.now()
        if challenge.expires_at <= now:
            transition(challenge, ChallengeStatus.EXPIRED, table=CHALLENGE_TRANSITIONS, actor=actor,
                       reason="used after its expiry")  # fmt: skip
            return StepUpAnswer(step, False, max_attempts(step) - step.attempts,
                                "This code has expired. Ask for a new one.")  # fmt: skip
        if phone.code_matches(challenge.code_hash, digits):
            transition(challenge, ChallengeStatus.PASSED, table=CHALLENGE_TRANSITIONS, actor=actor)
            _pass(step, actor=actor)
            _after_pass(actor, step, actor=actor)
            return StepUpAnswer(step, True, max_attempts(step) - step.attempts, "Thank you: you can carry on.")
        step.attempts += 1
        step.save(update_fields=["attempts"])
        challenge.attempts += 1
        challenge.save(update_fields=["attempts"])
        record_audit(actor=actor, action="identity.step_up.wrong_code", target=step, data={"attempts": step.attempts})
        left = max(0, max_attempts(step) - step.attempts)
        if left == 0:
            transition(challenge, ChallengeStatus.FAILED, table=CHALLENGE_TRANSITIONS, actor=actor,
                       reason="too many wrong codes")  # fmt: skip
            transition(step, ChallengeStatus.FAILED, table=CHALLENGE_TRANSITIONS, actor=actor,
                       reason="too many wrong codes")  # fmt: skip
            message = "That code is not right, and no attempts are left: please confirm it is you another way."
        else:
            message = f"That code is not right. {left} attempt{'s' if left != 1 else ''} left."
    return StepUpAnswer(step, False, left, message)


def do_complete_identity_step_up(*, actor: Any, step_up: StepUp) -> StepUp:
    """Mark an "identity" check passed once a new verification reached "verified" (called from the
    check page, and by the verification flow when it verifies someone)."""
    with transaction.atomic():
        step = StepUp.objects.select_for_update().get(pk=step_up.pk)
        if step.status == ChallengeStatus.PASSED:
            return step
        if step.method != StepUpMethod.IDENTITY or step.status != ChallengeStatus.PENDING:
            raise InvalidTransition("This security check is not waiting for an identity verification.")
        if not identity_satisfied(step):
            raise InvalidInput("Your identity is not verified again yet: finish the verification first.")
        user = get_user_model().objects.get(pk=step.user_id)
        _pass(step, actor=actor)
        _after_pass(user, step, actor=actor)
    return step


def complete_identity_step_ups(user: Any, *, actor: Any = None) -> int:
    """For the verification flow, after it verified `user`: pass their waiting identity check."""
    step = pending_step_up(user)
    if step is None or step.method != StepUpMethod.IDENTITY or not identity_satisfied(step):
        return 0
    do_complete_identity_step_up(actor=actor, step_up=step)
    return 1


def do_restart_step_up(*, actor: Any, step_up: StepUp) -> StepUp:
    """Replace an expired check by the same one (same questions, attempts already used still count,
    so starting again never gives more guesses), or a failed one by the next stronger method."""
    with transaction.atomic():
        step = StepUp.objects.select_for_update().get(pk=step_up.pk, user_id=actor.pk)
        latest = pending_step_up(actor)
        if latest is None or latest.pk != step.pk:
            raise InvalidTransition("This security check is no longer the current one.")
        now = clock.now()
        if step.status == ChallengeStatus.FAILED:
            nxt = StepUpMethod.PHONE if step.method == StepUpMethod.QUESTIONS else StepUpMethod.IDENTITY
            method, questions = _choose_method(actor, nxt)
            attempts = 0
        elif is_expired(step, now):
            if step.status == ChallengeStatus.PENDING:
                transition(step, ChallengeStatus.EXPIRED, table=CHALLENGE_TRANSITIONS, actor=actor, reason="expired")
            method, questions, attempts = step.method, step.questions, step.attempts
            if method == StepUpMethod.PHONE and verified_phone(actor.pk) is None:
                method = StepUpMethod.IDENTITY
        else:
            raise InvalidTransition("This security check is still open: answer it.")
        new = StepUp.objects.create(
            user_id=actor.pk,
            reason=step.reason,
            method=method,
            questions=questions,
            attempts=attempts,
            waiting_action=step.waiting_action,
            decision_id=step.decision_id,
            created_at=now,
            expires_at=_expiry(method, now),
        )
        record_audit(actor=actor, action="identity.step_up.restarted", target=new,
                     data={"previous": step.pk, "method": method})  # fmt: skip
    return new


# --- the trust engine's effect -------------------------------------------------------------------


def _reason_of(ctx: trust.EffectContext, params: dict[str, Any]) -> str:
    if params.get("reason") in StepUpReason.values:
        return str(params["reason"])
    key = ctx.decision.rule_key or ""
    if "impersonat" in key:
        return StepUpReason.IMPERSONATION_REPORT
    if "ban" in key or "evasion" in key:
        return StepUpReason.BAN_EVASION_MATCH
    if "payout" in key or "device" in key:
        return StepUpReason.NEW_DEVICE_PAYOUT
    return StepUpReason.MODERATOR


def _cancel_on_reversal(ctx: trust.EffectContext, app: Any) -> None:
    if not app.data.get("created"):
        return  # the check was asked for by an earlier decision, which still stands
    step = StepUp.objects.filter(pk=app.data.get("step_up_id"), status=ChallengeStatus.PENDING).first()
    if step is not None:
        transition(step, ChallengeStatus.CANCELLED, table=CHALLENGE_TRANSITIONS, actor=ctx.actor,
                   reason="the decision that asked for it was reversed")  # fmt: skip


@trust.register_effect(trust.EffectKind.REQUIRE_STEP_UP, reverse=_cancel_on_reversal)
def require_step_up_effect(ctx: trust.EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    """Effect "require_step_up" {method?, reason?, action?}: a step-up for the decision's subject."""
    if ctx.decision.subject_id is None:
        raise ValueError("the decision has no account to ask")
    method = params.get("method") or StepUpMethod.QUESTIONS
    if method not in StepUpMethod.values:
        raise ValueError(f"unknown step-up method {method!r}")
    user = get_user_model().objects.get(pk=ctx.decision.subject_id)
    step, created = do_require_step_up(
        user,
        reason=_reason_of(ctx, params),
        method=method,
        waiting_action=str(params.get("action") or ""),
        decision_id=ctx.decision.pk,
        actor=ctx.actor,
    )
    return {"step_up_id": step.pk, "method": step.method, "created": created}


trust.register_capability_check(step_up_capability_check)
trust.register_capability_check(verification_capability_check)
