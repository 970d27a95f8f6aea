"""Phone verification actions: which numbers are accepted, codes (hashed, limited, expiring),
resends, one account per number, the badge, the identity graph's veto, the phone requirement."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, RateLimited
from workfair.core.models import AuditLogEntry, StateChange
from workfair.identity.badges.queries import has_badge
from workfair.identity.graph import actions as graph
from workfair.identity.graph.hashing import identifier_hash
from workfair.identity.models import Identifier, PhoneChallenge, PhoneNumber
from workfair.identity.phone import actions as phone
from workfair.identity.phone.actions import (
    do_confirm_phone_code,
    do_resend_phone_code,
    do_start_phone_verification,
    phone_capability_refusal,
)
from workfair.identity.phone.providers import PhoneProvider, SendFailed, clear_console_outbox, console_outbox
from workfair.identity.phone.queries import phone_verified
from workfair.identity.states import BadgeKind, ChallengeStatus, IdentifierKind

pytestmark = pytest.mark.django_db

MOBILE = "+44 7400 123456"
MOBILE_E164 = "+447400123456"
OTHER_MOBILE = "+44 7911 123456"
VOIP = "+44 56 1234 5678"  # UK 056: VoIP in libphonenumber's metadata
LANDLINE = "+44 20 7946 0958"
T0 = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)


def a_freelancer(**kwargs: Any) -> Any:
    return FreelancerFactory(**kwargs)


def a_client(**kwargs: Any) -> Any:
    return ClientFactory(**kwargs)


@pytest.fixture(autouse=True)
def _console_provider(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "PHONE_PROVIDER": "console"}
    clear_console_outbox()


def sent_code() -> str:
    """The last code the console provider 'sent'."""
    return console_outbox()[0].code


def start(capture: Callable[..., Any], user: Any, number: str = MOBILE, **kwargs: Any) -> tuple[PhoneChallenge, str]:
    """Start verification and send the code (on commit) through the console provider."""
    with capture(execute=True):
        challenge = do_start_phone_verification(user, number, **kwargs)
    return challenge, sent_code()


def resend(capture: Callable[..., Any], user: Any, **kwargs: Any) -> tuple[PhoneChallenge, str]:
    with capture(execute=True):
        challenge = do_resend_phone_code(user, **kwargs)
    return challenge, sent_code()


def verify(capture: Callable[..., Any], user: Any, number: str = MOBILE) -> PhoneNumber:
    _, code = start(capture, user, number)
    return do_confirm_phone_code(user, None, code)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 100_000:05d}"


# --- which numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "12345", "not a number", "+44 7700 900123", "+1 555 0100", "+44 " + "7" * 30])
def test_invalid_numbers_are_refused_and_nothing_is_written(raw: str) -> None:
    with pytest.raises(InvalidInput, match="That is not a valid phone number"):
        do_start_phone_verification(a_freelancer(), raw)
    assert not PhoneChallenge.objects.exists()


def test_a_voip_number_is_refused() -> None:
    assert phonenumbers.number_type(phonenumbers.parse(VOIP)) == PhoneNumberType.VOIP
    with pytest.raises(InvalidInput, match=r"Internet \(VoIP\) numbers can't be used") as refused:
        do_start_phone_verification(a_freelancer(), VOIP)
    assert refused.value.code == "number_type_refused"
    assert not PhoneChallenge.objects.exists()


@pytest.mark.parametrize(
    ("number", "number_type", "message"),
    [
        ("+44 909 876 5432", PhoneNumberType.PREMIUM_RATE, "Premium-rate numbers"),
        ("+49 180 1 2345", PhoneNumberType.SHARED_COST, "Shared-cost numbers"),
        ("+44 800 123 4567", PhoneNumberType.TOLL_FREE, "Freephone numbers"),
        ("+44 70 1234 5678", PhoneNumberType.PERSONAL_NUMBER, "Forwarding"),
        ("+44 76 2345 6789", PhoneNumberType.PAGER, "Pager numbers"),
    ],
)
def test_service_and_forwarding_numbers_are_refused(number: str, number_type: int, message: str) -> None:
    assert phonenumbers.number_type(phonenumbers.parse(number)) == number_type
    with pytest.raises(InvalidInput, match=message):
        do_start_phone_verification(a_freelancer(), number)


def test_a_landline_gets_a_call_not_a_text(django_capture_on_commit_callbacks: Any) -> None:
    user = a_freelancer()
    with pytest.raises(InvalidInput, match="landline"):
        do_start_phone_verification(user, LANDLINE, channel="sms")
    challenge, _ = start(django_capture_on_commit_callbacks, user, LANDLINE, channel="voice")
    assert (challenge.e164, challenge.channel, console_outbox()[0].channel) == ("+442079460958", "voice", "voice")


def test_a_national_number_needs_its_country(django_capture_on_commit_callbacks: Any) -> None:
    user = a_freelancer()
    with pytest.raises(InvalidInput, match="not a valid phone number"):
        do_start_phone_verification(user, "07400 123456")
    with pytest.raises(InvalidInput, match="Unknown country"):
        do_start_phone_verification(user, "07400 123456", region="XX")
    challenge, _ = start(django_capture_on_commit_callbacks, user, "07400 123456", region="gb")
    assert challenge.e164 == MOBILE_E164
    assert challenge.number_hash == identifier_hash(IdentifierKind.PHONE, MOBILE_E164)


def test_an_unknown_channel_is_refused() -> None:
    with pytest.raises(InvalidInput, match="text message or a call"):
        do_start_phone_verification(a_freelancer(), MOBILE, channel="carrier-pigeon")


def test_a_number_verified_on_another_account_is_refused_without_saying_which(
    django_capture_on_commit_callbacks: Any,
) -> None:
    owner = a_client(email="owner@example.com", first_name="Olga")
    verify(django_capture_on_commit_callbacks, owner)
    with pytest.raises(Conflict) as refused:
        do_start_phone_verification(a_freelancer(), "+44 (0)7400-123 456")
    assert refused.value.message == phone.IN_USE
    assert "owner" not in refused.value.message
    assert "Olga" not in refused.value.message
    with pytest.raises(Conflict, match="already verified on your account"):
        do_start_phone_verification(owner, MOBILE)
    assert PhoneChallenge.objects.filter(user=owner).count() == 1


def test_visitors_cannot_start() -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        do_start_phone_verification(AnonymousUser(), MOBILE)


# --- codes ------------------------------------------------------------------------------------


def test_the_code_is_five_digits_stored_only_as_a_keyed_hash(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    user = a_freelancer()
    challenge, code = start(django_capture_on_commit_callbacks, user)
    assert re.fullmatch(r"[0-9]{5}", code)
    stored = PhoneChallenge.objects.get(pk=challenge.pk)
    assert stored.code_hash.startswith("hmac-sha256$")
    assert code not in {str(value) for value in PhoneChallenge.objects.values().get(pk=challenge.pk).values()}
    assert phone.code_matches(stored.code_hash, code)
    assert not phone.code_matches(stored.code_hash, wrong(code))
    assert phone.hash_code(code) != phone.hash_code(code)  # a fresh nonce each time
    for entry in AuditLogEntry.objects.filter(target_type="identity.phonechallenge"):
        assert code not in str(entry.data)
        assert "7400123456" not in str(entry.data)
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert not phone.code_matches(stored.code_hash, code)  # keyed: the table alone is not enough


def test_the_right_code_verifies_the_number_and_grants_the_badge(django_capture_on_commit_callbacks: Any) -> None:
    user = a_freelancer()
    assert not phone_verified(user)
    challenge, code = start(django_capture_on_commit_callbacks, user)
    number = do_confirm_phone_code(user, challenge.pk, f" {code[:2]} {code[2:]} ")
    assert (number.user_id, number.e164, number.verified_at is not None) == (user.pk, MOBILE_E164, True)
    assert number.number_hash == identifier_hash(IdentifierKind.PHONE, MOBILE_E164)
    assert phone_verified(user)
    assert has_badge(user, BadgeKind.PHONE_VERIFIED)
    assert PhoneChallenge.objects.get(pk=challenge.pk).status == ChallengeStatus.PASSED
    assert AuditLogEntry.objects.filter(action="identity.phone_verified", target_id=str(number.pk)).exists()
    assert StateChange.objects.filter(object_id=str(challenge.pk), to_state=ChallengeStatus.PASSED).exists()
    # The identity graph saw the number (stored hashed) with a phone.verified signal.
    assert Identifier.objects.filter(user=user, kind=IdentifierKind.PHONE, value=number.number_hash).exists()
    with pytest.raises(InvalidInput, match="no code waiting"):
        do_confirm_phone_code(user, None, code)


def test_a_wrong_code_counts_an_attempt_and_says_how_many_are_left(django_capture_on_commit_callbacks: Any) -> None:
    user = a_freelancer()
    challenge, code = start(django_capture_on_commit_callbacks, user)
    with pytest.raises(InvalidInput, match="You have 4 attempts left") as refused:
        do_confirm_phone_code(user, None, wrong(code))
    assert refused.value.code == "wrong_code"
    assert PhoneChallenge.objects.get(pk=challenge.pk).attempts == 1  # committed despite the refusal
    with pytest.raises(InvalidInput, match="You have 3 attempts left"):
        do_confirm_phone_code(user, challenge.pk, wrong(code))
    with pytest.raises(InvalidInput, match="5-digit code"):
        do_confirm_phone_code(user, None, "12ab")  # not a code at all: no attempt counted
    assert PhoneChallenge.objects.get(pk=challenge.pk).attempts == 2
    assert do_confirm_phone_code(user, None, code).verified_at is not None


def test_too_many_wrong_codes_fail_the_challenge(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    user = a_freelancer()
    challenge, code = start(django_capture_on_commit_callbacks, user)
    for _ in range(settings.WORKFAIR_IDENTITY["PHONE_MAX_ATTEMPTS"] - 1):
        with pytest.raises(InvalidInput, match="attempt"):
            do_confirm_phone_code(user, None, wrong(code))
    with pytest.raises(InvalidInput, match="Too many wrong codes: ask for a new one"):
        do_confirm_phone_code(user, None, wrong(code))
    assert PhoneChallenge.objects.get(pk=challenge.pk).status == ChallengeStatus.FAILED
    with pytest.raises(InvalidInput, match="Too many wrong codes"):
        do_confirm_phone_code(user, None, code)  # even the right code: the challenge is over
    with pytest.raises(InvalidInput, match="Too many wrong codes"):
        do_resend_phone_code(user)  # and it cannot be revived by a resend
    assert not phone_verified(user)


def test_an_expired_code_is_refused_and_the_challenge_expires(django_capture_on_commit_callbacks: Any) -> None:
    user = a_freelancer()
    with clock.frozen_at(T0):
        challenge, code = start(django_capture_on_commit_callbacks, user)
    assert challenge.expires_at == T0 + dt.timedelta(minutes=10)
    late = clock.frozen_at(T0 + dt.timedelta(minutes=10, seconds=1))
    with late, pytest.raises(InvalidInput, match="This code has expired") as refused:
        do_confirm_phone_code(user, None, code)
    assert refused.value.code == "code_expired"
    assert PhoneChallenge.objects.get(pk=challenge.pk).status == ChallengeStatus.EXPIRED
    assert not phone_verified(user)


def test_a_new_code_replaces_the_waiting_one(django_capture_on_commit_callbacks: Any) -> None:
    user = a_freelancer()
    first, first_code = start(django_capture_on_commit_callbacks, user)
    _, second_code = start(django_capture_on_commit_callbacks, user, OTHER_MOBILE)
    assert PhoneChallenge.objects.get(pk=first.pk).status == ChallengeStatus.CANCELLED
    with pytest.raises(InvalidInput, match="replaced by a newer one"):
        do_confirm_phone_code(user, first.pk, first_code)
    assert do_confirm_phone_code(user, None, second_code).e164 == "+447911123456"


def test_someone_elses_challenge_is_not_found(django_capture_on_commit_callbacks: Any) -> None:
    challenge, code = start(django_capture_on_commit_callbacks, a_freelancer())
    with pytest.raises(NotFound):
        do_confirm_phone_code(a_client(), challenge.pk, code)
    with pytest.raises(NotFound):
        do_resend_phone_code(a_client(), challenge.pk)


# --- resends and limits -----------------------------------------------------------------------


def test_resend_too_soon_says_how_long_to_wait(django_capture_on_commit_callbacks: Any) -> None:
    user = a_freelancer()
    with clock.frozen_at(T0):
        challenge, old_code = start(django_capture_on_commit_callbacks, user)
    soon = clock.frozen_at(T0 + dt.timedelta(seconds=15))
    with soon, pytest.raises(RateLimited, match="Wait 45 seconds") as refused:
        do_resend_phone_code(user)
    assert refused.value.code == "resend_too_soon"
    with clock.frozen_at(T0 + dt.timedelta(seconds=60)):
        again, new_code = resend(django_capture_on_commit_callbacks, user)
        assert (again.pk, again.sends, again.last_sent_at) == (challenge.pk, 2, T0 + dt.timedelta(seconds=60))
        assert again.expires_at == T0 + dt.timedelta(seconds=60, minutes=10)
        if new_code != old_code:  # one chance in 100,000 that the fresh code is the same
            with pytest.raises(InvalidInput, match="not right"):
                do_confirm_phone_code(user, None, old_code)
        assert do_confirm_phone_code(user, None, new_code).verified_at is not None


def test_resend_can_switch_to_a_call_and_is_limited_per_challenge(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    user = a_freelancer()
    max_sends = settings.WORKFAIR_IDENTITY["PHONE_MAX_SENDS"]
    with clock.frozen_at(T0):
        start(django_capture_on_commit_callbacks, user)
    for n in range(2, max_sends + 1):
        with clock.frozen_at(T0 + dt.timedelta(minutes=n)):
            challenge, _ = resend(django_capture_on_commit_callbacks, user, channel="voice")
    assert (challenge.sends, challenge.channel) == (max_sends, "voice")
    assert [m.channel for m in console_outbox()] == ["voice"] * (max_sends - 1) + ["sms"]
    assert "Your Workfair code is" in console_outbox()[0].text
    later = clock.frozen_at(T0 + dt.timedelta(hours=1))
    with later, pytest.raises(RateLimited, match=f"sent this code {max_sends} times"):
        do_resend_phone_code(user)


def test_attempts_carry_over_a_resend(django_capture_on_commit_callbacks: Any) -> None:
    user = a_freelancer()
    with clock.frozen_at(T0):
        _, code = start(django_capture_on_commit_callbacks, user)
        with pytest.raises(InvalidInput, match="4 attempts left"):
            do_confirm_phone_code(user, None, wrong(code))
    with clock.frozen_at(T0 + dt.timedelta(minutes=2)):
        _, code = resend(django_capture_on_commit_callbacks, user)
        with pytest.raises(InvalidInput, match="3 attempts left"):
            do_confirm_phone_code(user, None, wrong(code))


def test_an_expired_code_can_still_be_sent_again(django_capture_on_commit_callbacks: Any) -> None:
    user = a_freelancer()
    with clock.frozen_at(T0):
        start(django_capture_on_commit_callbacks, user)
    with clock.frozen_at(T0 + dt.timedelta(minutes=30)):
        _, code = resend(django_capture_on_commit_callbacks, user)
        assert do_confirm_phone_code(user, None, code).verified_at is not None


def test_codes_per_day_are_limited_per_account_and_per_number(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    user = a_freelancer()
    limit = settings.WORKFAIR_IDENTITY["PHONE_MAX_CHALLENGES_PER_DAY"]
    for n in range(limit):
        with clock.frozen_at(T0 + dt.timedelta(hours=n)):
            start(django_capture_on_commit_callbacks, user)
    with clock.frozen_at(T0 + dt.timedelta(hours=limit)):
        with pytest.raises(RateLimited, match=f"asked for {limit} codes today.*Try again in 19 hours"):
            do_start_phone_verification(user, MOBILE)
        with pytest.raises(RateLimited, match="This number has received too many codes today"):
            do_start_phone_verification(a_client(), MOBILE)
    with clock.frozen_at(T0 + dt.timedelta(days=1, seconds=1)):
        start(django_capture_on_commit_callbacks, user)


def test_a_failed_send_cancels_the_code_and_says_why(django_capture_on_commit_callbacks: Any, monkeypatch: Any) -> None:
    class Refusing(PhoneProvider):
        def send_code(self, e164: str, code: str, channel: str) -> str:
            raise SendFailed("We couldn't reach this number: check it and try again.", status_code=400)

    monkeypatch.setattr(phone, "get_provider", Refusing)
    user = a_freelancer()
    with pytest.raises(SendFailed, match="couldn't reach") as refused, django_capture_on_commit_callbacks(execute=True):
        do_start_phone_verification(user, MOBILE)
    assert refused.value.status_code == 400
    assert PhoneChallenge.objects.get(user=user).status == ChallengeStatus.CANCELLED


# --- changing number, one account per number --------------------------------------------------


def test_changing_number_unverifies_the_old_one_until_the_new_one_is_confirmed(
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = a_freelancer()
    verify(django_capture_on_commit_callbacks, user)
    _, code = start(django_capture_on_commit_callbacks, user, OTHER_MOBILE)
    assert not phone_verified(user)
    assert not has_badge(user, BadgeKind.PHONE_VERIFIED)
    assert AuditLogEntry.objects.filter(action="identity.phone_unverified").exists()
    # The old number is free again for another account.
    start(django_capture_on_commit_callbacks, a_client(), MOBILE)
    number = do_confirm_phone_code(user, None, code)
    assert (number.e164, phone_verified(user), has_badge(user, BadgeKind.PHONE_VERIFIED)) == (
        "+447911123456", True, True,
    )  # fmt: skip
    assert PhoneNumber.objects.filter(user=user).count() == 1


def test_a_number_verified_elsewhere_meanwhile_is_refused_after_the_graph_saw_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Both asked for a code while the number was free; the second to confirm is refused, and the
    identity graph has seen them share it (a possible duplicate account: the trust engine holds it
    for review); nothing is verified and that code cannot be used again."""
    from workfair.trust.models import Signal

    first, second = a_freelancer(), a_client()
    _, first_code = start(django_capture_on_commit_callbacks, first)
    _, second_code = start(django_capture_on_commit_callbacks, second)
    do_confirm_phone_code(second, None, second_code)
    with pytest.raises(Conflict, match="already in use on another account"):
        do_confirm_phone_code(first, None, first_code)
    assert PhoneChallenge.objects.get(user=first).status == ChallengeStatus.CANCELLED
    signal = Signal.objects.get(actor=first, kind="phone.verified")
    assert second.pk in [link["account_id"] for link in signal.context["identity_links"]]
    assert not phone_verified(first)
    assert not has_badge(first, BadgeKind.PHONE_VERIFIED)
    assert phone_verified(second)


def test_the_unique_constraint_is_a_clear_refusal(django_capture_on_commit_callbacks: Any, monkeypatch: Any) -> None:
    """Two accounts confirming the same number at the same moment: the database constraint
    decides, the loser gets the same refusal and keeps nothing of the attempt."""
    from django.db import IntegrityError

    user = a_freelancer()
    challenge, code = start(django_capture_on_commit_callbacks, user)

    def collide(**kwargs: Any) -> Any:
        raise IntegrityError("UNIQUE constraint failed: identity_one_account_per_phone")

    monkeypatch.setattr(PhoneNumber.objects, "update_or_create", collide)
    with pytest.raises(Conflict, match="already in use on another account"):
        do_confirm_phone_code(user, None, code)
    assert PhoneChallenge.objects.get(pk=challenge.pk).status == ChallengeStatus.PENDING
    assert not has_badge(user, BadgeKind.PHONE_VERIFIED)
    assert not AuditLogEntry.objects.filter(action="identity.phone_verified").exists()


# --- the identity graph's veto (ban evasion) --------------------------------------------------


def test_a_blocked_number_is_not_verified_but_the_signal_stays(
    django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    """With the graph faked: whatever it wrote before saying "block" stays; the number does not."""
    calls: list[tuple[Any, Any, str]] = []

    def blocking(user: Any, identifiers: Any, *, signal_kind: str, **kwargs: Any) -> Any:
        calls.append((user, list(identifiers), signal_kind))
        now = clock.now()
        Identifier.objects.create(user=user, kind="phone", value="fake-signal", first_seen=now, last_seen=now)
        return SimpleNamespace(outcome="block")

    monkeypatch.setattr(graph, "check_identifiers", blocking)
    user = a_freelancer()
    challenge, code = start(django_capture_on_commit_callbacks, user)
    with pytest.raises(PermissionDenied, match="A person will review it; you'll hear from us by e-mail"):
        do_confirm_phone_code(user, None, code)
    assert calls == [(user, [(IdentifierKind.PHONE, MOBILE_E164)], "phone.verified")]
    assert Identifier.objects.filter(user=user, value="fake-signal").exists()  # committed
    assert not PhoneNumber.objects.filter(user=user, verified_at__isnull=False).exists()
    assert not has_badge(user, BadgeKind.PHONE_VERIFIED)
    assert PhoneChallenge.objects.get(pk=challenge.pk).status == ChallengeStatus.CANCELLED
    with pytest.raises(InvalidInput):
        do_confirm_phone_code(user, None, code)  # the code cannot be used again


def test_a_banned_persons_number_on_a_new_account_is_blocked_and_reviewed(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """With the real graph and the default policy: the number is linked to a banned account."""
    from workfair.trust.models import AccountStanding, Case, Signal
    from workfair.trust.tests.factories import set_standing

    banned = a_freelancer()
    graph.check_identifiers(banned, [(IdentifierKind.PHONE, MOBILE_E164)], signal_kind="phone.verified")
    set_standing(banned, "banned", reason="Scams")
    newcomer = a_freelancer()
    _, code = start(django_capture_on_commit_callbacks, newcomer)
    with pytest.raises(PermissionDenied, match="We can't verify this number on this account"):
        do_confirm_phone_code(newcomer, None, code)
    signal = Signal.objects.filter(actor=newcomer, kind="phone.verified").get()
    assert signal.context["banned_strong_links"] == 1
    assert Case.objects.filter(subject=newcomer, queue="identity").exists()
    assert AccountStanding.objects.filter(user=newcomer, level="suspended").exists()
    assert not phone_verified(newcomer)
    assert not has_badge(newcomer, BadgeKind.PHONE_VERIFIED)


def test_a_banned_accounts_verified_number_gets_a_code_then_the_graph_blocks_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The banned person kept their verified number. Coming back under a new account, they are not
    told "in use" up front: once the code proves they hold the number, the graph links the accounts
    and the default policy suspends the new one and opens an identity case."""
    from workfair.trust.models import AccountStanding, Case, Signal
    from workfair.trust.tests.factories import set_standing

    banned = a_freelancer()
    verify(django_capture_on_commit_callbacks, banned)
    set_standing(banned, "banned", reason="Scams")
    newcomer = a_freelancer()
    _, code = start(django_capture_on_commit_callbacks, newcomer)
    with pytest.raises(PermissionDenied, match="A person will review it"):
        do_confirm_phone_code(newcomer, None, code)
    signal = Signal.objects.get(actor=newcomer, kind="phone.verified")
    assert signal.context["banned_strong_links"] == 1
    assert AccountStanding.objects.get(user=newcomer).level == "suspended"
    assert Case.objects.filter(subject=newcomer, queue="identity").exists()
    assert not phone_verified(newcomer)
    assert phone_verified(banned)  # the number stays with the banned account


# --- the requirement --------------------------------------------------------------------------


@pytest.mark.phone_required
def test_posting_and_bidding_need_a_verified_phone(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "REQUIRE_PHONE_FOR": ["post_job", "bid"]}
    user = a_client(is_freelancer=True)
    refusal = "Verify your phone number before you {}: /account/phone/"
    assert phone_capability_refusal(user, "post_job") == refusal.format("post a job")
    assert phone_capability_refusal(user, "bid") == refusal.format("send a proposal")
    assert phone_capability_refusal(user, "start_contract") is None
    verify(django_capture_on_commit_callbacks, user)
    assert phone_capability_refusal(user, "post_job") is None
    assert phone_capability_refusal(user, "bid") is None


@pytest.mark.phone_required
def test_the_requirement_is_enforced_by_the_trust_engine(settings: Any) -> None:
    from workfair.trust.enforcement import require_capability

    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "REQUIRE_PHONE_FOR": ["bid"]}
    user = a_freelancer()
    with pytest.raises(PermissionDenied, match="Verify your phone number before you send a proposal"):
        require_capability(user, "bid")
    require_capability(user, "post_job")  # not listed: allowed


def test_without_the_marker_the_requirement_is_off_for_the_old_tests() -> None:
    assert phone_capability_refusal(a_freelancer(), "bid") is None


@pytest.mark.phone_required
def test_an_empty_list_switches_the_requirement_off(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "REQUIRE_PHONE_FOR": []}
    assert phone_capability_refusal(a_freelancer(), "bid") is None


def test_masking_keeps_the_country_code_and_the_last_four_digits() -> None:
    assert phone.mask_e164(MOBILE_E164) == "+44 •••• ••34 56"
    assert phone.mask_e164("+33612345678") == "+33 •••• •56 78"


# --- numbers verified elsewhere (imports, the demo seed) -------------------------------------------


def test_a_number_verified_elsewhere_is_recorded_with_the_same_rules() -> None:
    person, other = a_freelancer(), a_freelancer()
    recorded = phone.do_record_verified_phone(user=person, raw_number=MOBILE, source="import")
    assert recorded.verified_at is not None
    assert has_badge(person, BadgeKind.PHONE_VERIFIED)
    assert Identifier.objects.filter(user=person, kind=IdentifierKind.PHONE).exists()
    with pytest.raises(Conflict):
        phone.do_record_verified_phone(user=other, raw_number=MOBILE, source="import")
    with pytest.raises(InvalidInput):
        phone.do_record_verified_phone(user=other, raw_number=VOIP, source="import")
    assert not PhoneNumber.objects.filter(user=other).exists()
