"""Phone verification: numbers, codes by text or voice, one account per number.

    challenge = do_start_phone_verification(user, "+44 7400 123456", channel="sms")
    do_resend_phone_code(user, channel="voice")          # "call me instead"
    do_confirm_phone_code(user, None, "12345")           # the latest code

Rules (DESIGN.md section 2, limits from `WORKFAIR_IDENTITY`): a 5-digit code by text or voice call,
PHONE_CODE_MINUTES to use it, PHONE_MAX_ATTEMPTS wrong codes, PHONE_MAX_SENDS sends per code at most
every PHONE_RESEND_SECONDS, PHONE_MAX_CHALLENGES_PER_DAY codes per account (and per number). Invalid,
VoIP and service numbers are refused; a verified number belongs to one account. Codes are stored as
keyed hashes only. A confirmed number goes through the identity graph (ban evasion, duplicate
accounts) before it is verified: when the trust engine blocks it, the number stays unverified but
the signal, decision and case are kept. A number still verified on a banned or suspended account is
therefore not refused up front: the person gets a code, and the graph decides once they prove they
hold the number.

Importing this module registers the phone requirement with the trust engine: the capabilities in
`REQUIRE_PHONE_FOR` (post_job, bid by default) need a verified phone.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from phonenumbers import PhoneNumberType

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, RateLimited, WorkfairError
from workfair.core.transitions import transition
from workfair.identity import graph
from workfair.identity.badges import do_grant_badge, do_revoke_badge
from workfair.identity.hashing import identifier_hash
from workfair.identity.models import PhoneChallenge, PhoneNumber
from workfair.identity.providers import OutboxMessage, SendFailed, console_outbox, get_provider
from workfair.identity.states import (
    CHALLENGE_TRANSITIONS,
    BadgeKind,
    ChallengeStatus,
    IdentifierKind,
    PhoneChannel,
)
from workfair.trust import interface as trust

PURPOSE_VERIFY = "verify"
CODE_DIGITS = 5
DEFAULTS: dict[str, Any] = {
    "PHONE_CODE_MINUTES": 10,
    "PHONE_MAX_ATTEMPTS": 5,
    "PHONE_MAX_SENDS": 3,
    "PHONE_RESEND_SECONDS": 60,
    "PHONE_MAX_CHALLENGES_PER_DAY": 5,
    "REQUIRE_PHONE_FOR": ["post_job", "bid"],
}

INVALID_NUMBER = "That is not a valid phone number. Include the country code, for example +44 7400 123456."
IN_USE = "This number is already in use on another account."
BLOCKED = "We can't verify this number on this account. A person will review it; you'll hear from us by e-mail."
EXPIRED = "This code has expired. Ask for a new one."
TOO_MANY_ATTEMPTS = "Too many wrong codes: ask for a new one."
NO_CODE = "There is no code waiting. Enter your number to get one."

_USE_OWN = "Use your own mobile or landline number."
REFUSED_TYPES: dict[int, str] = {
    PhoneNumberType.VOIP: f"Internet (VoIP) numbers can't be used. {_USE_OWN}",
    PhoneNumberType.PREMIUM_RATE: f"Premium-rate numbers can't be used. {_USE_OWN}",
    PhoneNumberType.SHARED_COST: f"Shared-cost numbers can't be used. {_USE_OWN}",
    PhoneNumberType.TOLL_FREE: f"Freephone numbers can't be used. {_USE_OWN}",
    PhoneNumberType.UAN: f"Company switchboard numbers can't be used. {_USE_OWN}",
    PhoneNumberType.PERSONAL_NUMBER: f"Forwarding (personal) numbers can't be used. {_USE_OWN}",
    PhoneNumberType.PAGER: f"Pager numbers can't be used. {_USE_OWN}",
    PhoneNumberType.VOICEMAIL: f"Voicemail numbers can't be used. {_USE_OWN}",
    PhoneNumberType.UNKNOWN: "We can't tell what kind of number this is, so it can't be used. Use a mobile number.",
}
LANDLINE_NO_TEXT = "This is a landline, which can't receive text messages: choose a call instead."

# How the capability refusal names what the person tried to do.
CAPABILITY_PHRASES = {
    "post_job": "post a job",
    "bid": "send a proposal",
    "start_contract": "start a contract",
    "withdraw": "withdraw money",
}


def _config(name: str) -> Any:
    return settings.WORKFAIR_IDENTITY.get(name, DEFAULTS[name])


# --- numbers -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    e164: str
    number_type: int


def parse_number(raw_number: str, region: str | None = None) -> ParsedNumber:
    """Parse what a person typed into E.164 and its type; InvalidInput for anything that cannot be
    verified (invalid, VoIP, premium-rate, shared-cost, freephone, forwarding, unknown)."""
    text = (raw_number or "").strip()
    region_code = (region or "").strip().upper() or None
    if region_code is not None and region_code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(f"Unknown country {region_code!r}: use a two-letter country code such as GB.")
    if not text or len(text) > 40:
        raise InvalidInput(INVALID_NUMBER, code="invalid_number")
    try:
        parsed = phonenumbers.parse(text, region_code)
    except phonenumbers.NumberParseException:
        raise InvalidInput(INVALID_NUMBER, code="invalid_number") from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput(INVALID_NUMBER, code="invalid_number")
    number_type = phonenumbers.number_type(parsed)
    if number_type in REFUSED_TYPES:
        raise InvalidInput(REFUSED_TYPES[number_type], code="number_type_refused")
    return ParsedNumber(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), number_type)


def _check_channel(number_type: int, channel: str) -> None:
    if channel == PhoneChannel.SMS and number_type == PhoneNumberType.FIXED_LINE:
        raise InvalidInput(LANDLINE_NO_TEXT, code="landline_no_sms")


def _channel(channel: str | None) -> str:
    if channel not in PhoneChannel.values:
        raise InvalidInput("Choose how to get the code: a text message or a call.", code="invalid_channel")
    return str(channel)


def mask_e164(e164: str) -> str:
    """Show the country code and the last four digits only: +447400123456 -> +44 •••• ••34 56."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return "•••• ••••"
    national = phonenumbers.national_significant_number(parsed)
    last4 = national[-4:]
    hidden = "•" * max(len(national) - 4, 0) + last4[:2]
    groups = [hidden[i : i + 4] for i in range(0, len(hidden), 4)]
    return f"+{parsed.country_code} {' '.join(groups)} {last4[2:]}"


def _number_hash(e164: str) -> str:
    return identifier_hash(IdentifierKind.PHONE, e164)


# Accounts whose verified number another account may still try: the person may be back under a new
# account, so the code is sent and, once they prove they hold the number, the identity graph decides.
LOCKED_OUT_LEVELS = frozenset({"banned", "suspended"})


def _held_by_another_live_account(actor: Any, number_hash: str) -> bool:
    holders = list(
        PhoneNumber.objects.filter(number_hash=number_hash, verified_at__isnull=False)
        .exclude(user_id=actor.pk)
        .values_list("user_id", flat=True)
    )
    if not holders:
        return False
    levels = trust.standing_levels(holders)
    return any(levels.get(holder, "none") not in LOCKED_OUT_LEVELS for holder in holders)


# --- codes ---------------------------------------------------------------------------------------

_CODE_KEY_SALT = "workfair.identity.phone.code"


def dev_outbox_for(viewer: Any) -> list[OutboxMessage]:
    """The console provider's recent messages (development) the viewer may read: staff all of them,
    anyone else only those sent to a number they asked a code for or hold, newest first."""
    if getattr(viewer, "is_staff", False):
        return console_outbox()
    numbers = set(PhoneChallenge.objects.filter(user_id=viewer.pk).values_list("e164", flat=True))
    numbers.update(PhoneNumber.objects.filter(user_id=viewer.pk).values_list("e164", flat=True))
    return [message for message in console_outbox() if message.to in numbers]


def _new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def _code_digest(nonce: str, code: str) -> str:
    return salted_hmac(_CODE_KEY_SALT, f"{nonce}:{code}", algorithm="sha256").hexdigest()


def hash_code(code: str) -> str:
    """A keyed hash (HMAC-SHA256 with a key derived from SECRET_KEY and a per-code nonce): the
    database alone does not give the code away, even by trying all 100,000."""
    nonce = secrets.token_hex(8)
    return f"hmac-sha256${nonce}${_code_digest(nonce, code)}"


def code_matches(stored: str, code: str) -> bool:
    scheme, _, rest = stored.partition("$")
    nonce, _, digest = rest.partition("$")
    return scheme == "hmac-sha256" and bool(digest) and constant_time_compare(digest, _code_digest(nonce, code))


def _clean_code(code: str) -> str:
    digits = "".join(ch for ch in str(code or "") if not ch.isspace() and ch != "-")
    if len(digits) != CODE_DIGITS or not digits.isascii() or not digits.isdigit():
        raise InvalidInput(f"Enter the {CODE_DIGITS}-digit code we sent you.", code="invalid_code")
    return digits


def _send_after_commit(challenge: PhoneChallenge, code: str) -> None:
    """Send once the challenge is committed. A failed send cancels the challenge and raises the
    provider's refusal to the caller (the code is held in memory only, never stored)."""
    challenge_id, e164, channel = challenge.pk, challenge.e164, challenge.channel

    def send() -> None:
        try:
            get_provider().send_code(e164, code, channel)
        except SendFailed as exc:
            _cancel_unsent(challenge_id, exc.message)
            raise

    transaction.on_commit(send)


def _cancel_unsent(challenge_id: int, why: str) -> None:
    with transaction.atomic():
        challenge = PhoneChallenge.objects.filter(pk=challenge_id, status=ChallengeStatus.PENDING).first()
        if challenge is not None:
            transition(challenge, ChallengeStatus.CANCELLED, table=CHALLENGE_TRANSITIONS, actor=None,
                       reason=f"the code could not be sent: {why}")  # fmt: skip


def _wait_words(seconds: float) -> str:
    seconds = max(int(seconds + 0.999), 1)
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    if seconds < 2 * 3600:
        return f"{(seconds + 59) // 60} minutes"
    return f"{(seconds + 3599) // 3600} hours"


# --- actions -------------------------------------------------------------------------------------


def _require_member(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to verify a phone number.")


def _pending_challenges(user_id: int) -> Any:
    return PhoneChallenge.objects.filter(user_id=user_id, purpose=PURPOSE_VERIFY, status=ChallengeStatus.PENDING)


def _check_daily_limits(actor: Any, number_hash: str, now: dt.datetime) -> None:
    since = now - dt.timedelta(days=1)
    limit = int(_config("PHONE_MAX_CHALLENGES_PER_DAY"))
    mine = PhoneChallenge.objects.filter(user_id=actor.pk, purpose=PURPOSE_VERIFY, created_at__gt=since)
    if mine.count() >= limit:
        oldest = mine.order_by("created_at").values_list("created_at", flat=True)[0]
        wait = (oldest + dt.timedelta(days=1) - now).total_seconds()
        raise RateLimited(f"You have asked for {limit} codes today, the most we send in a day. "
                          f"Try again in {_wait_words(wait)}.", code="too_many_codes")  # fmt: skip
    # Per number too, so that many accounts cannot flood one person's phone with codes.
    if PhoneChallenge.objects.filter(number_hash=number_hash, created_at__gt=since).count() >= limit:
        raise RateLimited("This number has received too many codes today. Try again tomorrow.", code="too_many_codes")


def _unverify(actor: Any, row: PhoneNumber, *, reason: str) -> None:
    row.verified_at = None
    row.updated_at = clock.now()
    row.save(update_fields=["verified_at", "updated_at"])
    do_revoke_badge(actor, BadgeKind.PHONE_VERIFIED, actor=actor, reason=reason)
    record_audit(actor=actor, action="identity.phone_unverified", target=row,
                 data={"number": mask_e164(row.e164), "reason": reason})  # fmt: skip


def do_start_phone_verification(
    actor: Any, raw_number: str, *, channel: str = PhoneChannel.SMS, region: str | None = None
) -> PhoneChallenge:
    """Send a new code to `raw_number` by text ("sms") or call ("voice"). Older codes of the account
    stop working. Verifying a new number un-verifies the current one (and revokes the badge) until
    the new one is confirmed. Refusals: InvalidInput (bad number or channel), Conflict (the number
    is verified already, here or on another account in good standing), RateLimited (too many codes
    today), SendFailed (the provider could not deliver it; the code is cancelled). A number still
    verified on a banned or suspended account is not refused here: once the code proves the person
    holds it, the identity graph sees it (ban evasion) and the confirmation is refused."""
    _require_member(actor)
    channel = _channel(channel)
    number = parse_number(raw_number, region)
    _check_channel(number.number_type, channel)
    number_hash = _number_hash(number.e164)
    with transaction.atomic():
        # Serialise one account's requests, so that the daily limit holds under concurrent clicks.
        get_user_model()._default_manager.select_for_update().filter(pk=actor.pk).first()
        now = clock.now()
        current = PhoneNumber.objects.select_for_update().filter(user_id=actor.pk).first()
        if current is not None and current.verified_at is not None and current.number_hash == number_hash:
            raise Conflict("This number is already verified on your account.", code="already_verified")
        if _held_by_another_live_account(actor, number_hash):
            raise Conflict(IN_USE, code="number_in_use")
        _check_daily_limits(actor, number_hash, now)
        for old in _pending_challenges(actor.pk):
            to = ChallengeStatus.EXPIRED if old.expires_at <= now else ChallengeStatus.CANCELLED
            transition(old, to, table=CHALLENGE_TRANSITIONS, actor=actor, reason="a new code was asked for")
        code = _new_code()
        challenge = PhoneChallenge.objects.create(
            user_id=actor.pk,
            e164=number.e164,
            number_hash=number_hash,
            channel=channel,
            code_hash=hash_code(code),
            status=ChallengeStatus.PENDING,
            created_at=now,
            last_sent_at=now,
            expires_at=now + dt.timedelta(minutes=int(_config("PHONE_CODE_MINUTES"))),
            purpose=PURPOSE_VERIFY,
        )
        if current is not None and current.verified_at is not None:
            _unverify(actor, current, reason="changing to a new number")
        record_audit(actor=actor, action="identity.phone_code_sent", target=challenge,
                     data={"number": mask_e164(number.e164), "channel": channel, "send": 1})  # fmt: skip
        _send_after_commit(challenge, code)
    return challenge


def do_resend_phone_code(actor: Any, challenge_id: int | None = None, *, channel: str | None = None) -> PhoneChallenge:
    """Send a fresh code for the waiting challenge (the latest one when `challenge_id` is None),
    by `channel` if given ("voice" = call me instead). At most PHONE_MAX_SENDS sends per challenge,
    not sooner than PHONE_RESEND_SECONDS after the last one (RateLimited says how long to wait).
    Wrong attempts carry over, so resending does not buy more guesses."""
    _require_member(actor)
    new_channel = _channel(channel) if channel else None
    with transaction.atomic():
        challenge = _waiting_challenge(actor, challenge_id)
        now = clock.now()
        max_sends = int(_config("PHONE_MAX_SENDS"))
        if challenge.sends >= max_sends:
            raise RateLimited(f"We have sent this code {max_sends} times already. Check the number, or enter it "
                              "again to get a new code.", code="too_many_sends")  # fmt: skip
        ready_at = challenge.last_sent_at + dt.timedelta(seconds=int(_config("PHONE_RESEND_SECONDS")))
        if now < ready_at:
            raise RateLimited(f"Wait {_wait_words((ready_at - now).total_seconds())} before asking for the code "
                              "again.", code="resend_too_soon")  # fmt: skip
        to_channel = new_channel or challenge.channel
        _check_channel(parse_number(challenge.e164).number_type, to_channel)
        code = _new_code()
        challenge.code_hash = hash_code(code)
        challenge.channel = to_channel
        challenge.sends += 1
        challenge.last_sent_at = now
        challenge.expires_at = now + dt.timedelta(minutes=int(_config("PHONE_CODE_MINUTES")))
        challenge.save(update_fields=["code_hash", "channel", "sends", "last_sent_at", "expires_at"])
        record_audit(actor=actor, action="identity.phone_code_sent", target=challenge,
                     data={"number": mask_e164(challenge.e164), "channel": to_channel,
                           "send": challenge.sends})  # fmt: skip
        _send_after_commit(challenge, code)
    return challenge


def _waiting_challenge(actor: Any, challenge_id: int | None) -> PhoneChallenge:
    """The actor's challenge `challenge_id` (or the latest), locked; refused unless still pending."""
    mine = PhoneChallenge.objects.select_for_update().filter(user_id=actor.pk, purpose=PURPOSE_VERIFY)
    if challenge_id is None:
        found = mine.order_by("-created_at", "-pk").first()
        if found is None or found.status in (ChallengeStatus.PASSED, ChallengeStatus.CANCELLED):
            raise InvalidInput(NO_CODE, code="no_code")
    else:
        found = mine.filter(pk=challenge_id).first()
        if found is None:
            raise NotFound("No such code.")
    if found.status != ChallengeStatus.PENDING:
        messages: dict[str, tuple[str, str]] = {
            ChallengeStatus.EXPIRED: (EXPIRED, "code_expired"),
            ChallengeStatus.FAILED: (TOO_MANY_ATTEMPTS, "too_many_attempts"),
            ChallengeStatus.PASSED: ("This code was used already.", "code_used"),
            ChallengeStatus.CANCELLED: ("This code was replaced by a newer one: use the latest code.", "code_replaced"),
        }
        message, code = messages.get(str(found.status), (NO_CODE, "no_code"))
        raise InvalidInput(message, code=code)
    return found


def do_confirm_phone_code(actor: Any, challenge_id: int | None, code: str) -> PhoneNumber:
    """Check `code` against the challenge (the latest when `challenge_id` is None). Right: the
    number is verified for the account, the badge granted, the identity graph told; wrong: an
    attempt is counted and the refusal says how many are left (PHONE_MAX_ATTEMPTS fail the code);
    late: the code expires. Refusals about the code are committed before they are raised (the
    counted attempt, the expiry). When the trust engine blocks the number (ban evasion) the number
    is not verified, the signal, decision and case are kept, and PermissionDenied says a person
    will review it."""
    _require_member(actor)
    digits = _clean_code(code)
    refusal: WorkfairError | None = None
    phone: PhoneNumber | None = None
    with transaction.atomic():
        challenge = _waiting_challenge(actor, challenge_id)
        now = clock.now()
        if challenge.expires_at <= now:
            transition(challenge, ChallengeStatus.EXPIRED, table=CHALLENGE_TRANSITIONS, actor=actor,
                       reason="used after its expiry")  # fmt: skip
            refusal = InvalidInput(EXPIRED, code="code_expired")
        elif not code_matches(challenge.code_hash, digits):
            refusal = _count_wrong_attempt(actor, challenge)
        else:
            phone, refusal = _accept(actor, challenge, now)
    if refusal is not None:
        raise refusal
    assert phone is not None
    return phone


def _count_wrong_attempt(actor: Any, challenge: PhoneChallenge) -> WorkfairError:
    attempts = challenge.attempts + 1
    left = int(_config("PHONE_MAX_ATTEMPTS")) - attempts
    if left <= 0:
        transition(challenge, ChallengeStatus.FAILED, table=CHALLENGE_TRANSITIONS, actor=actor,
                   reason="too many wrong codes", extra_updates={"attempts": attempts})  # fmt: skip
        return InvalidInput(TOO_MANY_ATTEMPTS, code="too_many_attempts")
    challenge.attempts = attempts
    challenge.save(update_fields=["attempts"])
    record_audit(actor=actor, action="identity.phone_code_wrong", target=challenge, data={"attempts": attempts})
    return InvalidInput(f"That code is not right. You have {left} attempt{'s' if left != 1 else ''} left.",
                        code="wrong_code")  # fmt: skip


def _accept(actor: Any, challenge: PhoneChallenge, now: dt.datetime) -> tuple[PhoneNumber | None, WorkfairError | None]:
    """The right code: the person holds the number. The identity graph sees it first (a number of a
    banned account, a duplicate account), then the number is verified unless another account has it.
    Refusals after the graph are returned, not raised: the caller commits the signal and what the
    trust engine decided (suspension, case) before refusing."""
    result = graph.check_identifiers(actor, [(IdentifierKind.PHONE, challenge.e164)], signal_kind="phone.verified",
                                     target_type="identity.phonechallenge", target_id=str(challenge.pk))  # fmt: skip
    if result.outcome == "block":
        transition(challenge, ChallengeStatus.CANCELLED, table=CHALLENGE_TRANSITIONS, actor=actor,
                   reason="the trust engine blocked this number for this account")  # fmt: skip
        return None, PermissionDenied(BLOCKED, code="phone_blocked")
    taken = PhoneNumber.objects.filter(number_hash=challenge.number_hash, verified_at__isnull=False)
    if taken.exclude(user_id=actor.pk).exists():
        transition(challenge, ChallengeStatus.CANCELLED, table=CHALLENGE_TRANSITIONS, actor=actor,
                   reason="the number is verified on another account")  # fmt: skip
        return None, Conflict(IN_USE, code="number_in_use")
    transition(challenge, ChallengeStatus.PASSED, table=CHALLENGE_TRANSITIONS, actor=actor)
    try:
        with transaction.atomic():
            phone, _ = PhoneNumber.objects.update_or_create(
                user_id=actor.pk,
                defaults={"e164": challenge.e164, "number_hash": challenge.number_hash, "verified_at": now,
                          "updated_at": now},
            )  # fmt: skip
    except IntegrityError:  # verified on another account at the same moment: nothing of this stays
        raise Conflict(IN_USE, code="number_in_use") from None
    do_grant_badge(actor, BadgeKind.PHONE_VERIFIED, actor=actor)
    record_audit(actor=actor, action="identity.phone_verified", target=phone,
                 data={"number": mask_e164(phone.e164), "channel": challenge.channel})  # fmt: skip
    return phone, None


def do_record_verified_phone(*, user: Any, raw_number: str, source: str, actor: Any = None) -> PhoneNumber:
    """Record a number verified outside the code flow (an import from a previous system, the demo
    seed). The same rules hold: a valid number of an allowed type, one account per number, the
    identity graph told (a block refuses it)."""
    parsed = parse_number(raw_number)
    _check_channel(parsed.number_type, PhoneChannel.SMS)
    number_hash = _number_hash(parsed.e164)
    now = clock.now()
    with transaction.atomic():
        taken = PhoneNumber.objects.filter(number_hash=number_hash, verified_at__isnull=False)
        if taken.exclude(user_id=user.pk).exists():
            raise Conflict(IN_USE, code="number_in_use")
        result = graph.check_identifiers(user, [(IdentifierKind.PHONE, parsed.e164)], signal_kind="phone.verified")
        if result.outcome == "block":
            blocked = PermissionDenied(BLOCKED, code="phone_blocked")
        else:
            blocked = None
            phone, _ = PhoneNumber.objects.update_or_create(
                user_id=user.pk,
                defaults={"e164": parsed.e164, "number_hash": number_hash, "verified_at": now, "updated_at": now},
            )
            do_grant_badge(user, BadgeKind.PHONE_VERIFIED, actor=actor)
            record_audit(actor=actor, action="identity.phone_recorded", target=phone,
                         data={"number": mask_e164(parsed.e164), "source": source})  # fmt: skip
    if blocked is not None:
        raise blocked
    return phone


# --- reads ---------------------------------------------------------------------------------------


def phone_verified(user: Any) -> bool:
    """Whether `user` has a verified phone number (one indexed query)."""
    if not getattr(user, "pk", None):
        return False
    return PhoneNumber.objects.filter(user_id=user.pk, verified_at__isnull=False).exists()


def verified_phone(user: Any) -> PhoneNumber | None:
    if not getattr(user, "pk", None):
        return None
    return PhoneNumber.objects.filter(user_id=user.pk, verified_at__isnull=False).first()


def waiting_challenge(user: Any) -> PhoneChallenge | None:
    """The latest code still waiting to be entered (pending and not expired), if any."""
    if not getattr(user, "pk", None):
        return None
    challenge = _pending_challenges(user.pk).order_by("-created_at", "-pk").first()
    if challenge is None:
        return None
    if challenge.expires_at <= clock.now() and sends_left(challenge) == 0:
        return None  # expired for good: nothing more can be done with it
    return challenge


def access_phone_challenge_by_id(actor: Any, challenge_id: int) -> PhoneChallenge:
    """The actor's own challenge; NotFound for anybody else's."""
    user_id = getattr(actor, "pk", None)
    challenge = PhoneChallenge.objects.filter(pk=challenge_id, user_id=user_id).first() if user_id else None
    if challenge is None:
        raise NotFound("No such code.")
    return challenge


def attempts_left(challenge: PhoneChallenge) -> int:
    return max(int(_config("PHONE_MAX_ATTEMPTS")) - challenge.attempts, 0)


def sends_left(challenge: PhoneChallenge) -> int:
    return max(int(_config("PHONE_MAX_SENDS")) - challenge.sends, 0)


def resend_available_at(challenge: PhoneChallenge) -> dt.datetime | None:
    """When the code can be sent again (None: it cannot, all sends are used)."""
    if sends_left(challenge) == 0:
        return None
    return challenge.last_sent_at + dt.timedelta(seconds=int(_config("PHONE_RESEND_SECONDS")))


# --- the requirement, checked by the trust engine ------------------------------------------------


def phone_capability_refusal(user: Any, capability: str) -> str | None:
    """Capability check for the trust engine: the capabilities in REQUIRE_PHONE_FOR need a verified
    phone. Returns the refusal message, or None when this check has no objection."""
    if capability not in _config("REQUIRE_PHONE_FOR"):
        return None
    if not getattr(user, "is_authenticated", False) or phone_verified(user):
        return None
    what = CAPABILITY_PHRASES.get(capability, capability.replace("_", " "))
    return f"Verify your phone number before you {what}: {reverse('identity:phone')}"


trust.register_capability_check(phone_capability_refusal)
