"""A banned freelancer comes back under a new e-mail address, through the JSON API and the console.

Fiona signs up, verifies her phone and her identity document. A client reports her for a scam and
a senior moderator bans her in the staff console. She signs up again as "Fi" with a new e-mail
address, from another network. Verifying her old phone number, or (with another number) sending
the same passport, is refused exactly as the default policy says: the account is suspended (every
later call answers 403 account_locked) and a case waits in the identity queue. The moderator's
linked-accounts page shows the banned account and the shared identifier.

Only the automatic document checks (image analysis) are replaced: they are not the subject, and
they need real photographs of a document.
"""

from __future__ import annotations

import io
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from workfair.accounts.tests.factories import log_in_with_two_factor, with_totp
from workfair.identity.models import IdentityVerification
from workfair.identity.phone.providers import clear_console_outbox, console_outbox
from workfair.identity.tests.factories import sealed_root  # noqa: F401 - fixture
from workfair.identity.verification import actions as verification
from workfair.trust.models import AccountStanding, Case, Decision, Signal
from workfair.trust.tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sealed_root")]

PASSWORD = "a-long-and-Unusual-passphrase-42"
CONFIRMATION_KEY = re.compile(r"/accounts/confirm-email/([^/\s]+)/")
PHONE = "+44 7400 123456"
OTHER_PHONE = "+44 7911 123456"
PASSPORT = "L898902C3"


@pytest.fixture(autouse=True)
def _world(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    cache.clear()
    clear_console_outbox()
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "PHONE_PROVIDER": "console"}

    def checks(front: Any, back: Any, selfie: Any, **kwargs: Any) -> Any:
        declared = kwargs.get("declared") or {}
        return SimpleNamespace(
            passed=True,
            results=[SimpleNamespace(name="document_face", passed=True, message="We found the photo.", blocking=True)],
            extracted={"document_number": declared.get("document_number", ""), "country": "GBR",
                       "given_names": "FIONA", "surname": "GRANT"},
            document_hash="",  # computed from the photos
            face_hash="",
        )  # fmt: skip

    monkeypatch.setattr(verification, "_document_checks", lambda: checks)
    yield
    cache.clear()


class Person:
    """One person with their own HTTP client (and network address) and bearer token."""

    def __init__(self, address: str) -> None:
        self.http = Client(REMOTE_ADDR=address)
        self.token = ""

    def headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        send = getattr(self.http, method)
        if method == "get":
            return send(path, **self.headers())
        return send(path, body or {}, content_type="application/json", **self.headers())

    def upload(self, side: str) -> Any:
        out = io.BytesIO()
        Image.new("RGB", (90, 60), (30, 90, 160) if side == "front" else (200, 170, 140)).save(out, "PNG")
        photo = SimpleUploadedFile(f"{side}.png", out.getvalue(), content_type="image/png")
        return self.http.post("/api/v1/identity/verification/upload", {"side": side, "file": photo}, **self.headers())


def sign_up(person: Person, on_commit: Any, email: str, first: str) -> int:
    with on_commit(execute=True):
        signed_up = person.call("post", "/api/v1/auth/signup", {"email": email, "password": PASSWORD,
                                "first_name": first, "last_name": "Grant", "wants_to_hire": False,
                                "wants_to_work": True})  # fmt: skip
    assert signed_up.status_code == 202, signed_up.content
    letter = [m for m in mail.outbox if m.to == [email]][-1]
    key = CONFIRMATION_KEY.search(str(letter.body)).group(1)  # type: ignore[union-attr]
    assert person.call("post", "/api/v1/auth/verify-email", {"key": key}).status_code == 200
    token = person.call("post", "/api/v1/auth/token", {"email": email, "password": PASSWORD})
    assert token.status_code == 201, token.content
    person.token = token.json()["token"]
    return int(person.call("get", "/api/v1/auth/me").json()["id"])


def verify_phone(person: Person, on_commit: Any, number: str) -> Any:
    """Ask for a code and send it back; returns the last answer (or the refused request)."""
    with on_commit(execute=True):
        started = person.call("post", "/api/v1/identity/phone", {"number": number})
    if started.status_code != 201:
        return started
    with on_commit(execute=True):
        return person.call("post", "/api/v1/identity/phone/confirm", {"code": console_outbox()[0].code})


def submit_passport(person: Person, on_commit: Any, number: str) -> Any:
    started = person.call("post", "/api/v1/identity/verification/start", {"document_type": "passport", "country": "GB"})
    assert started.status_code == 201, started.content
    for side in ("front", "selfie"):
        uploaded = person.upload(side)
        assert uploaded.status_code == 200, uploaded.content
    with on_commit(execute=True):
        return person.call("post", "/api/v1/identity/verification/submit", {"document_number": number})


def banned_fiona(on_commit: Any) -> int:
    """Fiona, phone and passport verified (in review), then banned by a senior moderator."""
    fiona = Person("198.51.100.20")
    fiona_id = sign_up(fiona, on_commit, "fiona@example.com", "Fiona")
    assert verify_phone(fiona, on_commit, PHONE).status_code == 200
    submitted = submit_passport(fiona, on_commit, PASSPORT)
    assert submitted.status_code == 200, submitted.content
    assert IdentityVerification.objects.get(user_id=fiona_id).status == "in_review"

    reporter = Person("192.0.2.50")
    sign_up(reporter, on_commit, "carla@example.com", "Carla")
    reported = reporter.call("post", "/api/v1/trust/reports",
                             {"target_type": "profile", "target_id": fiona_id, "reason": "scam",
                              "note": "Took the deposit and disappeared."})  # fmt: skip
    assert reported.status_code == 201, reported.content
    case = Case.objects.get(queue="reports", subject_id=fiona_id)
    senior = Client()
    log_in_with_two_factor(senior, with_totp(StaffFactory(role="senior_moderator")))
    with on_commit(execute=True):
        decided = senior.post(f"/console/cases/{case.pk}/decide/", {"resolution": "ban", "note": "Confirmed scam."})
    assert decided.status_code == 302
    assert AccountStanding.objects.get(user_id=fiona_id).level == "banned"
    return fiona_id


def moderator_sees_the_link(fi_id: int, fiona_id: int, shared_kind_label: str) -> None:
    """The linked-accounts page of the console names the banned account and what is shared."""
    moderator = Client()
    log_in_with_two_factor(moderator, with_totp(StaffFactory()))
    page = moderator.get(f"/console/identity/users/{fi_id}/links/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"#{fiona_id}" in html
    assert "f***@example.com" in html  # Fiona, masked
    assert "banned" in html
    assert shared_kind_label in html
    case = Case.objects.get(queue="identity", subject_id=fi_id)
    assert moderator.get(f"/console/cases/{case.pk}/").status_code == 200


def assert_blocked_as_the_policy_says(fi: Person, fi_id: int, fiona_id: int, signal_kind: str, kind: str) -> None:
    """Block, suspension, a case in the identity queue; every later call is refused."""
    signal = Signal.objects.get(actor_id=fi_id, kind=signal_kind)
    assert signal.context["banned_strong_links"] == 1
    assert {"account_id": fiona_id, "kind": kind, "strength": "strong", "standing": "banned"} in signal.context[
        "identity_links"
    ]
    assert Decision.objects.get(signal=signal, rule_key="ban-evasion-strong").outcome == "block"
    assert AccountStanding.objects.get(user_id=fi_id).level == "suspended"
    assert Case.objects.get(queue="identity", subject_id=fi_id).status == "open"
    assert fi.call("get", "/api/v1/identity/phone").json()["code"] == "account_locked"


def test_a_banned_freelancers_phone_number_on_a_new_account_suspends_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    on_commit = django_capture_on_commit_callbacks
    fiona_id = banned_fiona(on_commit)
    fi = Person("203.0.113.77")  # another network: only her own details give her away
    fi_id = sign_up(fi, on_commit, "fi.grant@example.net", "Fi")
    assert not AccountStanding.objects.filter(user_id=fi_id).exists()

    refused = verify_phone(fi, on_commit, PHONE)
    assert refused.status_code == 403, refused.content
    assert refused.json()["code"] == "phone_blocked"
    assert "Fiona" not in refused.content.decode()
    assert_blocked_as_the_policy_says(fi, fi_id, fiona_id, "phone.verified", "phone")
    moderator_sees_the_link(fi_id, fiona_id, "Phone number")


def test_a_banned_freelancers_passport_on_a_new_account_suspends_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    on_commit = django_capture_on_commit_callbacks
    fiona_id = banned_fiona(on_commit)
    fi = Person("203.0.113.78")
    fi_id = sign_up(fi, on_commit, "fi.grant@example.org", "Fi")

    # With a number of her own she gets to the document step; the same passport is refused there.
    assert verify_phone(fi, on_commit, OTHER_PHONE).status_code == 200
    blocked = submit_passport(fi, on_commit, PASSPORT.lower())
    assert blocked.status_code == 403, blocked.content
    assert "linked to another account" in blocked.json()["detail"]
    assert IdentityVerification.objects.get(user_id=fi_id).status == "rejected"
    assert_blocked_as_the_policy_says(fi, fi_id, fiona_id, "identity.submitted", "document")
    moderator_sees_the_link(fi_id, fiona_id, "ID document number")
