"""The demo marketplace: built through the actions, every state reached, logins work, built once."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import models, transaction

from workfair.accounts import demo as accounts_demo
from workfair.accounts.demo import DEMO_ADMIN_EMAIL, DEMO_CLIENT_EMAIL, DEMO_FREELANCER_EMAIL, DEMO_PASSWORD
from workfair.accounts.models import User
from workfair.contracts.models import Contract, NdaAcceptance, Offer
from workfair.core.demo import SeedContext
from workfair.core.models import AuditLogEntry
from workfair.demo import marketplace
from workfair.demo.marketplace import build_demo_marketplace, demo_counts, demo_exists
from workfair.messaging.models import Conversation
from workfair.proposals.models import Invitation, Proposal

SMALL = 0.2


def publish_nda_if_flushed() -> None:
    """Make sure NDA 1.0 is published. Its row comes from a data migration, and a transactional
    test that ran earlier on the same test worker may have flushed it."""
    from importlib import import_module

    from django.utils import timezone

    from workfair.contracts.models import NdaVersion

    migration = import_module("workfair.contracts.migrations.0003_nda_version_1_0")
    NdaVersion.objects.get_or_create(
        version="1.0", defaults={"text": migration.NDA_1_0, "published_at": timezone.now()}
    )


@pytest.mark.django_db
def test_a_failure_midway_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    # First in the module: the shared demo world below does not exist yet.
    def broken(context: SeedContext) -> None:
        raise RuntimeError("the organisations could not be created")

    steps = tuple(broken if step is accounts_demo.build_organizations else step for step in marketplace.STEPS)
    assert broken in steps
    monkeypatch.setattr(marketplace, "STEPS", steps)

    with pytest.raises(RuntimeError):
        build_demo_marketplace(scale=SMALL)

    assert not demo_exists()
    assert User.objects.count() == 0
    assert AuditLogEntry.objects.count() == 0


@pytest.fixture(scope="module")
def small_demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """One small demo marketplace for the tests of this module (it takes seconds to build), inside
    a transaction that is rolled back afterwards; each test nests its own inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            publish_nda_if_flushed()
            counts = build_demo_marketplace(scale=SMALL)
            assert counts is not None
            yield counts
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
def test_builds_at_least_the_counts_asked_for_at_its_scale(small_demo: dict[str, int]) -> None:
    assert small_demo["freelancers"] >= 10
    assert small_demo["clients"] >= 4
    assert small_demo["categories"] == 12
    assert small_demo["jobs"] >= 30
    assert small_demo["organizations"] >= 2
    assert small_demo["conversations"] >= 10
    assert small_demo["messages"] >= 3 * small_demo["conversations"] // 2


@pytest.mark.django_db
def test_every_state_the_actions_can_reach_is_present(small_demo: dict[str, int]) -> None:
    expected = {
        "jobs": {"draft", "open", "closed"},
        "proposals": {"submitted", "shortlisted", "declined", "withdrawn", "hired"},
        "invitations": {"pending", "accepted", "declined"},
        "offers": {"pending", "accepted", "declined", "withdrawn", "expired"},
        "contracts": {"active", "paused", "ended"},
        "milestones": {"pending", "funded", "submitted", "approved", "cancelled"},
    }
    for prefix, states in expected.items():
        present = {key.split(".", 1)[1] for key, n in small_demo.items() if key.startswith(prefix + ".") and n}
        assert states <= present, f"{prefix}: missing {states - present}"
    assert small_demo["contracts.hourly"] > 0
    assert small_demo["contracts.fixed"] > 0


@pytest.mark.django_db
def test_job_closing_reasons_cover_hired_cancelled_and_expired(small_demo: dict[str, int]) -> None:
    from workfair.jobs.models import Job

    reasons = set(Job.objects.filter(status="closed").values_list("close_reason", flat=True))

    assert reasons == {"hired", "cancelled", "expired"}


@pytest.mark.django_db
def test_writes_went_through_the_actions(small_demo: dict[str, int]) -> None:
    # Every accepted offer left its contract, its NDA acceptance and its audit row.
    accepted = Offer.objects.filter(status="accepted").count()
    assert Contract.objects.count() == accepted
    assert NdaAcceptance.objects.count() == accepted
    assert AuditLogEntry.objects.filter(action="contract.start").count() == accepted
    assert AuditLogEntry.objects.filter(action="proposal.submit").count() == Proposal.objects.count()
    assert AuditLogEntry.objects.filter(action="message.send").count() == small_demo["messages"]


@pytest.mark.django_db
def test_demo_people_carry_a_complete_story(small_demo: dict[str, int]) -> None:
    dana = User.objects.get(email=DEMO_CLIENT_EMAIL)
    maya = User.objects.get(email=DEMO_FREELANCER_EMAIL)

    assert dana.jobs.filter(status="open", proposals__isnull=False).exists()
    assert dana.jobs.filter(status="draft").exists()
    assert Contract.objects.filter(client=dana, freelancer=maya, status="active").exists()
    assert Conversation.objects.filter(client=dana, freelancer=maya, messages__isnull=False).exists()
    assert set(Proposal.objects.filter(freelancer=maya).values_list("status", flat=True)) >= {
        "submitted",
        "shortlisted",
        "declined",
        "hired",
    }
    assert Invitation.objects.filter(freelancer=maya, status="pending").exists()
    assert Offer.objects.filter(freelancer=maya, status="pending").exists()
    assert Contract.objects.filter(freelancer=maya, status="ended").exists()


@pytest.mark.django_db
def test_every_demo_address_is_verified_and_the_staff_account_is_a_superuser(small_demo: dict[str, int]) -> None:
    demo_users = User.objects.filter(email__endswith="@demo.workfair.local")

    assert demo_users.count() == small_demo["freelancers"] + small_demo["clients"] + 1
    assert EmailAddress.objects.filter(user__in=demo_users, verified=True, primary=True).count() == demo_users.count()
    admin = User.objects.get(email=DEMO_ADMIN_EMAIL)
    assert admin.is_staff
    assert admin.is_superuser


def test_demo_people_have_verified_phones_and_the_demo_freelancer_is_identity_verified(
    small_demo: dict[str, int],
) -> None:
    from workfair.identity.models import Badge, PhoneNumber, VideoSlot

    people = User.objects.filter(email__endswith="@demo.workfair.local", is_staff=False)
    assert PhoneNumber.objects.filter(user__in=people, verified_at__isnull=False).count() == people.count()
    maya = User.objects.get(email=DEMO_FREELANCER_EMAIL)
    assert Badge.objects.filter(user=maya, kind="identity_verified", revoked_at__isnull=True).exists()
    assert maya.public_name == "Maya L."
    assert VideoSlot.objects.count() >= 30


@pytest.mark.django_db
@pytest.mark.parametrize("email", [DEMO_CLIENT_EMAIL, DEMO_FREELANCER_EMAIL])
def test_the_published_logins_work(small_demo: dict[str, int], client: Any, email: str) -> None:
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_the_published_staff_login_reaches_the_console_with_the_demo_code(
    small_demo: dict[str, int], client: Any
) -> None:
    from workfair.accounts.demo import demo_staff_code

    response = client.post("/accounts/login/", {"login": DEMO_ADMIN_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/console/").status_code == 302  # the password alone is not enough for staff pages

    step = client.post(response.url, {"code": demo_staff_code()})

    assert step.status_code == 302
    assert client.get("/console/").status_code == 200


@pytest.mark.django_db
def test_demo_client_gets_an_api_token_with_the_published_password(small_demo: dict[str, int], client: Any) -> None:
    response = client.post(
        "/api/v1/auth/token",
        {"email": DEMO_CLIENT_EMAIL, "password": DEMO_PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 201
    token = response.json()["token"]
    mine = client.get("/api/v1/jobs/mine", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert mine.status_code == 200
    assert mine.json()["total"] == User.objects.get(email=DEMO_CLIENT_EMAIL).jobs.count()


@pytest.mark.django_db
def test_building_again_changes_nothing(small_demo: dict[str, int]) -> None:
    audit_rows = AuditLogEntry.objects.count()
    out = io.StringIO()

    assert build_demo_marketplace(stdout=out, scale=SMALL) is None

    assert demo_counts() == small_demo
    assert AuditLogEntry.objects.count() == audit_rows
    assert out.getvalue() == "The demo marketplace is already there; nothing to do.\n"


@pytest.mark.django_db
def test_seed_command_reports_that_the_demo_exists(small_demo: dict[str, int]) -> None:
    out = io.StringIO()

    call_command("seed", stdout=out)

    assert demo_exists()
    assert "already there" in out.getvalue()


def test_logins_are_printed_with_the_staff_account(capsys: pytest.CaptureFixture[str]) -> None:
    marketplace.print_demo_logins(port=8123)

    printed = capsys.readouterr().out
    assert "http://127.0.0.1:8123" in printed
    for email in (DEMO_CLIENT_EMAIL, DEMO_FREELANCER_EMAIL, DEMO_ADMIN_EMAIL):
        assert email in printed
    assert DEMO_PASSWORD in printed


@pytest.mark.django_db
def test_the_demo_has_money_in_every_state_and_a_whole_ledger(small_demo: dict[str, int]) -> None:
    from workfair.payments import ledger
    from workfair.payments.models import Charge, EscrowHold, PaymentMethod, Payout
    from workfair.payments.processors.sandbox import behaviour_of

    clients = User.objects.filter(is_client=True)
    assert all(PaymentMethod.objects.filter(user=c, status="verified").exists() for c in clients)
    holds = set(EscrowHold.objects.values_list("status", flat=True))
    assert {"funded", "released"} <= holds
    assert EscrowHold.objects.filter(matured=True).exists()  # pending became available
    assert Payout.objects.exists()
    # The disputed-later card funded one milestone; its chargeback arrives through the task queue.
    assert any(behaviour_of(c.method.token) == "dispute" for c in Charge.objects.select_related("method"))
    assert ledger.verify() == []


def test_the_logins_point_staff_to_the_console_and_its_two_factor_code(capsys: pytest.CaptureFixture[str]) -> None:
    marketplace.print_demo_logins(port=8123)

    printed = capsys.readouterr().out
    assert "http://127.0.0.1:8123/console/" in printed
    assert "workfair demo-code" in printed
    assert "/admin/" not in printed


@pytest.mark.django_db
def test_the_demo_staff_account_passes_two_factor_with_the_printed_code(small_demo: dict[str, int]) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import validate_totp_code
    from allauth.mfa.utils import decrypt

    out = io.StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().strip()

    assert len(code) == 6
    assert code.isdigit()
    authenticator = Authenticator.objects.get(user__email=DEMO_ADMIN_EMAIL, type=Authenticator.Type.TOTP)
    # The code itself, not allauth's "used once" cache (another test may have spent the same code).
    assert validate_totp_code(decrypt(authenticator.data["secret"]), code)


@pytest.mark.django_db
def test_demo_code_prints_nothing_for_a_key_that_is_not_the_demo_one(small_demo: dict[str, int]) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import generate_totp_secret
    from allauth.mfa.utils import encrypt
    from django.core.management.base import CommandError

    authenticator = Authenticator.objects.get(user__email=DEMO_ADMIN_EMAIL, type=Authenticator.Type.TOTP)
    authenticator.data = {"secret": encrypt(generate_totp_secret())}
    authenticator.save()
    out = io.StringIO()

    with pytest.raises(CommandError, match="not the published demo key"):
        call_command("demo_code", stdout=out)
    assert out.getvalue() == ""


@pytest.mark.django_db
def test_the_demo_has_revealed_reviews_on_ended_contracts_only(small_demo: dict[str, int]) -> None:
    from workfair.feedback.models import Review
    from workfair.feedback.queries import rating_summary

    revealed = Review.objects.filter(revealed_at__isnull=False)
    assert revealed.filter(author_role="client").exists()
    assert revealed.filter(author_role="freelancer").exists()
    assert not Review.objects.exclude(contract__status="ended").exists()
    assert not Review.objects.filter(revealed_at__lt=models.F("contract__ended_at")).exists()
    demo_freelancer = User.objects.get(email=DEMO_FREELANCER_EMAIL)
    assert rating_summary(demo_freelancer.pk, "freelancer").count >= 1


def test_the_demo_has_hourly_time_a_charged_week_and_a_week_in_review(small_demo: dict[str, int]) -> None:
    from workfair.payments.models import HourlyWeek, TimeEntry
    from workfair.payments.states import HourlyWeekStatus

    statuses = set(HourlyWeek.objects.values_list("status", flat=True))
    assert {HourlyWeekStatus.CHARGED, HourlyWeekStatus.REVIEW, HourlyWeekStatus.OPEN} <= statuses
    assert TimeEntry.objects.count() >= 6
    charged = HourlyWeek.objects.filter(status=HourlyWeekStatus.CHARGED).first()
    assert charged is not None
    assert charged.charge is not None
