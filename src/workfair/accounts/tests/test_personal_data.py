"""Your data, yours: the export holds the person's data and nobody else's; deleting the account
needs the password (and two-factor), waits out the grace period, is refused while money or a
contract is in flight, erases exactly what docs/rules.md "Your data" says, keeps the rest under a
pseudonym, and a ban survives deletion and a new sign-up."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any, cast

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import reverse

from workfair.accounts import actions
from workfair.accounts.models import AccountDeletion, ApiToken, DataExport, User
from workfair.accounts.tests.factories import (
    DEFAULT_PASSWORD,
    ClientFactory,
    FreelancerFactory,
    UserFactory,
    totp_code,
    with_totp,
)
from workfair.contracts import actions as contracts
from workfair.contracts.states import EndReason
from workfair.contracts.tests.factories import proposal_for, started_contract
from workfair.core import clock
from workfair.core.errors import Conflict, PermissionDenied
from workfair.core.models import AuditLogEntry
from workfair.feedback.models import Review
from workfair.identity.graph.actions import check_identifiers
from workfair.identity.models import Identifier, PhoneNumber
from workfair.identity.tests.factories import verify_phone
from workfair.jobs.models import Job
from workfair.jobs.tests.factories import JobFactory
from workfair.messaging.models import Message, MessageAttachment
from workfair.messaging.tests.factories import ConversationFactory, MessageFactory
from workfair.notifications.models import Notification
from workfair.notifications.tests.factories import NotificationFactory
from workfair.payments.models import PaymentMethod
from workfair.payments.tests.flows import fund, milestones
from workfair.profiles.models import FreelancerProfile, PortfolioItem
from workfair.profiles.tests.factories import FreelancerProfileFactory, PortfolioItemFactory
from workfair.proposals.models import ProposalAttachment
from workfair.trust.models import AccountStanding, Case, Decision
from workfair.trust.tests.factories import set_standing

pytestmark = pytest.mark.django_db

GRACE = dt.timedelta(days=14, minutes=1)


def _delete(user: Any, *, password: str, code: str = "") -> AccountDeletion:
    """Ask for the deletion as the settings page does (a request: the code check counts per client)."""
    return actions.do_request_account_deletion(user, password=password, code=code, request=RequestFactory().post("/"))


def _export(user: Any, captured: Any) -> dict[str, Any]:
    """Ask for an export, run the task, and read the archive back: {name: parsed JSON or bytes}."""
    with captured(execute=True):
        export = actions.do_request_data_export(user)
    export.refresh_from_db()
    assert export.status == "ready"
    with export.file.open("rb") as f, zipfile.ZipFile(io.BytesIO(f.read())) as archive:
        return {
            name: json.loads(archive.read(name)) if name.endswith(".json") else archive.read(name)
            for name in archive.namelist()
        }


def _attach(message: Message, content: bytes, name: str) -> MessageAttachment:
    attachment = MessageAttachment(message=message, name=name, size=len(content), content_type="text/plain",
                                   created_at=clock.now())  # fmt: skip
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def _world() -> dict[str, Any]:
    """Jane (freelancer) and Carl (client) in one conversation; Olga, a third person, elsewhere."""
    jane = cast(User, FreelancerFactory(email="jane@example.com", first_name="Jane", last_name="Doe"))
    carl = cast(User, ClientFactory(email="carl@example.com"))
    olga = cast(User, FreelancerFactory(email="olga@example.com"))
    FreelancerProfileFactory(user=jane, title="Django developer", overview="Ten years of web work.")
    conversation = ConversationFactory(client=carl, freelancer=jane)
    sent = MessageFactory(conversation=conversation, sender=jane, body="My sent words")
    MessageFactory(conversation=conversation, sender=carl, body="Carl wrote 555-0100", delivered_body="Carl wrote ***")
    MessageFactory(conversation=conversation, sender=carl, body="A held secret of Carl", delivered_body="",
                   status="held")  # fmt: skip
    _attach(sent, b"jane's file", "brief.txt")
    other = ConversationFactory(client=carl, freelancer=olga)
    MessageFactory(conversation=other, sender=olga, body="Olga's private words")
    NotificationFactory(recipient=jane, title="For Jane")
    NotificationFactory(recipient=olga, title="For Olga")
    return {"jane": jane, "carl": carl, "olga": olga, "conversation": conversation}


# --- export --------------------------------------------------------------------------------


def test_export_holds_the_persons_data_and_files_and_nobody_elses(django_capture_on_commit_callbacks: Any) -> None:
    world = _world()
    jane = world["jane"]
    files = _export(jane, django_capture_on_commit_callbacks)

    assert {"README.txt", "account.json", "messages.json", "profiles.json", "trust.json", "payments.json",
            "identity.json", "notifications.json", "reviews.json", "contracts.json", "jobs.json",
            "proposals.json"} <= set(files)  # fmt: skip
    assert files["account.json"]["account"]["email"] == "jane@example.com"
    assert files["profiles.json"]["freelancer_profile"]["title"] == "Django developer"
    [conversation] = files["messages.json"]
    texts = [m["text"] for m in conversation["messages"]]
    assert texts == ["My sent words", "Carl wrote ***"]  # as delivered to her; the held one is not hers
    attachment_id = MessageAttachment.objects.get().pk
    assert files[f"files/messages/{conversation['id']}/{attachment_id}-brief.txt"] == b"jane's file"
    assert [n["title"] for n in files["notifications.json"]] == ["For Jane"]
    everything = b"".join(v if isinstance(v, bytes) else json.dumps(v).encode() for v in files.values())
    for foreign in (b"Olga", b"olga@example.com", b"555-0100", b"A held secret", b"carl@example.com"):
        assert foreign not in everything
    for secret in (b"pbkdf2", jane.password.encode(), b"key_hash", b"number_hash", b"wrapped_key"):
        assert secret not in everything


def test_export_leaves_out_hidden_reviews_and_token_hashes(django_capture_on_commit_callbacks: Any) -> None:
    from workfair.feedback.tests.factories import ended_paid_contract, leave

    contract = ended_paid_contract()
    leave(contract, "client", text="Hidden until both have written")  # about the freelancer, not revealed
    token, secret = actions.do_create_api_token(contract.freelancer, "Tracker")
    files = _export(contract.freelancer, django_capture_on_commit_callbacks)
    assert files["reviews.json"]["received"] == []
    assert Review.objects.filter(subject=contract.freelancer).count() == 1
    assert files["account.json"]["api_tokens"][0]["key_prefix"] == token.key_prefix
    assert secret.encode() not in json.dumps(files["account.json"]).encode()
    assert token.key_hash not in json.dumps(files["account.json"])
    assert [c["role"] for c in files["contracts.json"]["contracts"]] == ["freelancer"]


def test_export_link_is_the_owners_only_and_expires(django_capture_on_commit_callbacks: Any) -> None:
    jane, olga = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = actions.do_request_data_export(jane)
    url = reverse("accounts:download_data_export", args=[export.pk])
    browser = Client()
    browser.force_login(olga)
    assert browser.get(url).status_code == 404
    browser.force_login(jane)
    response = browser.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "workfair-data-" in response["Content-Disposition"]
    stored = DataExport.objects.get().file.name
    with clock.frozen_at(clock.now() + dt.timedelta(hours=73)):
        assert browser.get(url).status_code == 404
        with django_capture_on_commit_callbacks(execute=True):
            assert actions.do_expire_data_exports() == 1
    assert DataExport.objects.get().status == "expired"
    assert not DataExport.objects.get().file
    assert not DataExport._meta.get_field("file").storage.exists(stored)  # type: ignore[attr-defined]


def test_a_second_export_waits_for_the_interval(django_capture_on_commit_callbacks: Any) -> None:
    jane = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        actions.do_request_data_export(jane)
    with pytest.raises(Conflict):
        actions.do_request_data_export(jane)  # the first is still being prepared
    DataExport.objects.update(status="ready")
    with pytest.raises(actions.RateLimited):
        actions.do_request_data_export(jane)
    assert DataExport.objects.count() == 1


# --- deletion ------------------------------------------------------------------------------


def test_deletion_needs_the_password_and_the_two_factor_code() -> None:
    jane = with_totp(cast(User, UserFactory()))
    with pytest.raises(PermissionDenied):
        _delete(jane, password="wrong", code=totp_code())
    with pytest.raises(actions.TwoFactorRequired):
        _delete(jane, password=DEFAULT_PASSWORD, code="")
    with pytest.raises(actions.TwoFactorRequired):
        _delete(jane, password=DEFAULT_PASSWORD, code="000000")
    assert not AccountDeletion.objects.exists()
    deletion = _delete(jane, password=DEFAULT_PASSWORD, code=totp_code())
    assert deletion.erase_after - deletion.requested_at == dt.timedelta(days=14)


def test_deletion_is_refused_while_a_contract_is_active_or_money_is_in_escrow() -> None:
    contract = started_contract()
    for person in (contract.client, contract.freelancer):
        with pytest.raises(Conflict, match="contract that is still going"):
            _delete(person, password=DEFAULT_PASSWORD)
    fund(contract, milestones(contract)[0])
    contracts.do_end_contract(actor=contract.client, contract=contract, reason=EndReason.CLIENT_ENDED)
    with pytest.raises(Conflict, match="Money is in escrow") as refused:
        _delete(contract.client, password=DEFAULT_PASSWORD)
    assert "still going" not in refused.value.message  # the contract has ended; the escrow alone stops it
    assert not AccountDeletion.objects.exists()


def test_the_grace_period_then_the_erasure_keeps_exactly_what_the_rules_say(
    django_capture_on_commit_callbacks: Any,
) -> None:
    world = _world()
    jane, carl = world["jane"], world["carl"]
    profile = FreelancerProfile.objects.get(user=jane)
    PortfolioItemFactory(profile=profile)
    verify_phone(jane)
    check_identifiers(jane, [("email", jane.email)], signal_kind="signup")
    proposal = proposal_for(freelancer=jane, cover_letter="Pick me, I am great.")
    attachment = ProposalAttachment(proposal=proposal, name="cv.pdf", size=3, content_type="application/pdf",
                                    created_at=clock.now())  # fmt: skip
    attachment.file.save("cv.pdf", ContentFile(b"pdf"), save=False)
    attachment.save()
    job = JobFactory(client=jane, status="open")
    actions.do_create_api_token(jane, "Tracker")
    PaymentMethod.objects.filter(user=carl).update(status="verified")
    set_standing(jane, "warning", reason="Shared a phone number")
    decisions_before = Decision.objects.filter(subject=jane).count()

    deletion = _delete(jane, password=DEFAULT_PASSWORD)
    assert actions.do_erase_due_accounts() == 0  # the grace period is not over
    assert User.objects.get(pk=jane.pk).email == "jane@example.com"
    with clock.frozen_at(clock.now() + GRACE), django_capture_on_commit_callbacks(execute=True):
        assert actions.do_erase_due_accounts() == 1

    erased = User.objects.get(pk=jane.pk)
    assert erased.email == f"erased-{jane.pk}@erased.invalid"
    assert (erased.first_name, erased.last_name, erased.is_active) == ("", "", False)
    assert not erased.has_usable_password()
    assert erased.public_name == "Member"
    assert not EmailAddress.objects.filter(user=erased).exists()
    assert not ApiToken.objects.filter(user=erased).exists()
    assert not Authenticator.objects.filter(user=erased).exists()
    assert not Notification.objects.filter(recipient=erased).exists()
    assert Notification.objects.filter(recipient=world["olga"]).exists()
    assert not PhoneNumber.objects.filter(user=erased).exists()
    profile.refresh_from_db()
    assert (profile.title, profile.overview, profile.visibility, bool(profile.photo)) == ("", "", "private", False)
    assert not PortfolioItem.objects.filter(profile=profile).exists()
    assert Job.objects.get(pk=job.pk).status == "closed"
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    assert proposal.cover_letter == "(erased with the account)"
    assert not ProposalAttachment.objects.filter(proposal=proposal).exists()
    # kept: the shared conversation, the trust record, the identifier hashes, the audit of it
    assert Message.objects.filter(sender=erased, body="My sent words").exists()
    assert Decision.objects.filter(subject=erased).count() == decisions_before
    assert AccountStanding.objects.get(user=erased).level == "warning"
    assert Identifier.objects.filter(user=erased, kind="email").exists()
    deletion.refresh_from_db()
    assert deletion.status == "erased"
    audit = AuditLogEntry.objects.get(action="user.erased")
    assert audit.data["erased"]["notifications"] == {"notifications": 1}
    # nothing left to sign in with
    assert not Client().login(email="jane@example.com", password=DEFAULT_PASSWORD)


def test_a_contract_started_in_the_grace_period_postpones_the_erasure() -> None:
    jane = cast(User, FreelancerFactory())
    deletion = _delete(jane, password=DEFAULT_PASSWORD)
    started_contract(proposal_for(freelancer=jane))
    with clock.frozen_at(clock.now() + GRACE):
        assert actions.do_erase_due_accounts() == 0
    deletion.refresh_from_db()
    assert deletion.status == "scheduled"
    assert "contract" in deletion.postponed_reason
    assert User.objects.get(pk=jane.pk).is_active


def test_cancelling_in_the_grace_period_keeps_the_account() -> None:
    jane = cast(User, UserFactory())
    _delete(jane, password=DEFAULT_PASSWORD)
    with pytest.raises(Conflict):
        _delete(jane, password=DEFAULT_PASSWORD)
    actions.do_cancel_account_deletion(jane)
    with clock.frozen_at(clock.now() + GRACE):
        assert actions.do_erase_due_accounts() == 0
    assert User.objects.get(pk=jane.pk).email == jane.email


def test_a_ban_survives_deletion_and_a_new_signup_with_the_same_address(client: Any) -> None:
    jane = cast(User, UserFactory(email="jane.doe@gmail.com"))
    check_identifiers(jane, [("email", jane.email)], signal_kind="signup")
    set_standing(jane, "banned", reason="Scams")
    _delete(jane, password=DEFAULT_PASSWORD)
    with clock.frozen_at(clock.now() + GRACE):
        assert actions.do_erase_due_accounts() == 1
    assert AccountStanding.objects.get(user_id=jane.pk).level == "banned"

    response = client.post(reverse("account_signup"), {
        "email": "jane.doe@gmail.com", "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase", "first_name": "Jane", "last_name": "Doe",
        "wants_to_work": "on",
    })  # fmt: skip
    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_held")
    again = User.objects.get(email="jane.doe@gmail.com")
    assert again.pk != jane.pk
    assert AccountStanding.objects.get(user=again).level == "suspended"
    assert Case.objects.filter(queue="identity", subject=again).exists()


# --- pages ---------------------------------------------------------------------------------


def test_settings_pages_offer_the_export_and_the_deletion(django_capture_on_commit_callbacks: Any) -> None:
    jane = cast(User, UserFactory())
    browser = Client()
    browser.force_login(jane)
    page = browser.get(reverse("accounts:settings")).content.decode()
    assert "Prepare my data" in page
    assert "Delete my account" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(reverse("accounts:request_data_export"))
    assert response.status_code == 302
    page = browser.get(reverse("accounts:settings")).content.decode()
    assert reverse("accounts:download_data_export", args=[DataExport.objects.get().pk]) in page

    wrong = browser.post(reverse("accounts:delete_account"), {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 403
    assert "Your password is wrong." in wrong.content.decode()
    unconfirmed = browser.post(reverse("accounts:delete_account"), {"password": DEFAULT_PASSWORD})
    assert unconfirmed.status_code == 400
    assert not AccountDeletion.objects.exists()
    done = browser.post(reverse("accounts:delete_account"), {"password": DEFAULT_PASSWORD, "confirm": "on"})
    assert done.status_code == 302
    assert "Keep my account" in browser.get(reverse("accounts:settings")).content.decode()
    browser.post(reverse("accounts:cancel_account_deletion"))
    assert AccountDeletion.objects.get().status == "cancelled"


def test_the_deletion_page_asks_for_a_code_when_two_factor_is_on() -> None:
    jane = with_totp(cast(User, UserFactory()))
    browser = Client()
    browser.force_login(jane)
    assert 'name="code"' in browser.get(reverse("accounts:delete_account")).content.decode()
    refused = browser.post(reverse("accounts:delete_account"), {"password": DEFAULT_PASSWORD, "confirm": "on"})
    assert refused.status_code == 400
    assert not AccountDeletion.objects.exists()


def test_a_person_who_left_in_good_standing_can_come_back_with_the_same_address(client: Any) -> None:
    jane = cast(User, UserFactory(email="jane.doe@gmail.com"))
    check_identifiers(jane, [("email", jane.email)], signal_kind="signup")
    _delete(jane, password=DEFAULT_PASSWORD)
    with clock.frozen_at(clock.now() + GRACE):
        assert actions.do_erase_due_accounts() == 1

    response = client.post(reverse("account_signup"), {
        "email": "jane.doe@gmail.com", "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase", "first_name": "Jane", "last_name": "Doe",
        "wants_to_work": "on",
    })  # fmt: skip
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")  # not held as a duplicate
    again = User.objects.get(email="jane.doe@gmail.com")
    assert not AccountStanding.objects.filter(user=again).exclude(level="none").exists()
    assert not Case.objects.filter(subject=again).exists()


def test_identity_is_exported_as_statuses_and_its_sealed_files_are_shredded_on_erasure(
    settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from workfair.identity.models import SealedFile
    from workfair.identity.tests.factories import IdentityVerificationFactory

    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "SEALED_ROOT": str(tmp_path / "sealed")}

    verification = IdentityVerificationFactory(with_images=True, status="in_review", document_number_hash="f" * 64)
    jane = verification.user
    files = _export(jane, django_capture_on_commit_callbacks)
    [exported] = files["identity.json"]["verifications"]
    assert exported["status"] == "in_review"
    assert exported["document_type"] == "passport"
    text = json.dumps(files["identity.json"])
    for secret in ("f" * 64, "wrapped_key", "storage_name", "master_key"):
        assert secret not in text
    assert not any(name.startswith("files/identity/") for name in files)  # the images stay sealed

    _delete(jane, password=DEFAULT_PASSWORD)
    with clock.frozen_at(clock.now() + GRACE), django_capture_on_commit_callbacks(execute=True):
        assert actions.do_erase_due_accounts() == 1
    assert SealedFile.objects.filter(owner=jane).count() == 2
    assert not SealedFile.objects.filter(owner=jane, purged_at__isnull=True).exists()
    assert [p for p in (tmp_path / "sealed").rglob("*") if p.is_file()] == []  # the ciphertexts are gone
    verification.refresh_from_db()
    assert verification.document_number_hash == "f" * 64  # kept: it is what makes a ban stick
