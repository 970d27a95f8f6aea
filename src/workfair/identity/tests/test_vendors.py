"""Stripe Identity as the verification vendor: sessions, signed webhooks, replays."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from django.test import Client

from workfair.core.errors import InvalidInput, NotFound
from workfair.identity.models import IdentityVerification
from workfair.identity.states import VerificationStatus
from workfair.identity.tests.factories import IdentityVerificationFactory, sealed_root  # noqa: F401
from workfair.identity.verification import actions as verification
from workfair.identity.verification import queries as verification_queries
from workfair.identity.verification import vendors
from workfair.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sealed_root")]

VS = VerificationStatus
SECRET = "whsec_test_0123456789abcdef"
URL = "/api/v1/identity/verification/webhooks/stripe"


@pytest.fixture(autouse=True)
def stripe_settings(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {
        **settings.WORKFAIR_IDENTITY,
        "VERIFICATION_PROVIDER": "stripe",
        "STRIPE_SECRET_KEY": "sk_test_123",
        "STRIPE_WEBHOOK_SECRET": SECRET,
    }


def sign(payload: str, secret: str = SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header as Stripe documents it: HMAC-SHA256 of "<t>.<payload>"."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def event(kind: str, session_id: str, *, event_id: str = "evt_1", **obj: Any) -> str:
    body = {
        "id": event_id,
        "object": "event",
        "type": f"identity.verification_session.{kind}",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "data": {"object": {"id": session_id, "object": "identity.verification_session", **obj}},
    }
    return json.dumps(body)


def post(payload: str, signature: str | None) -> Any:
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature is not None else {}
    return Client().post(URL, data=payload, content_type="application/json", **headers)


def stripe_verification(status: str = VS.DRAFT, ref: str = "vs_123") -> IdentityVerification:
    return IdentityVerificationFactory(status=status, provider="stripe", provider_ref=ref)


class FakeSessions:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(params)
        n = len(self.calls)
        return {"id": f"vs_fake_{n}", "url": f"https://verify.stripe.com/start/test_{n}"}


class FakeClient:
    def __init__(self) -> None:
        self.sessions = FakeSessions()
        self.identity = type("Identity", (), {"verification_sessions": self.sessions})()


# --- starting a session ------------------------------------------------------------------------


def test_a_stripe_session_is_created_and_remembered() -> None:
    from workfair.identity.tests.factories import verify_phone

    v = IdentityVerificationFactory(provider="stripe", document_type="id_card")
    verify_phone(v.user)
    client = FakeClient()
    url = vendors.do_start_vendor_session(actor=v.user, verification=v, vendor=vendors.StripeIdentity(client))
    assert url == "https://verify.stripe.com/start/test_1"
    params = client.sessions.calls[0]
    assert params["type"] == "document"
    assert params["options"]["document"]["require_matching_selfie"] is True
    assert params["options"]["document"]["allowed_types"] == ["id_card"]
    assert params["metadata"]["workfair_verification_id"] == str(v.pk)
    assert IdentityVerification.objects.get(pk=v.pk).provider_ref == "vs_fake_1"
    stranger = IdentityVerificationFactory().user
    with pytest.raises(NotFound):
        vendors.do_start_vendor_session(actor=stranger, verification=v, vendor=vendors.StripeIdentity(client))


def test_start_with_the_stripe_provider_and_own_uploads_are_refused() -> None:
    from workfair.identity.tests.factories import verify_phone

    user = IdentityVerificationFactory().user
    verify_phone(user)
    IdentityVerification.objects.filter(user=user).update(status=VS.CANCELLED)
    v = verification.do_start_verification(actor=user, document_type="passport", country="GB")
    assert v.provider == "stripe"
    with pytest.raises(InvalidInput, match="outside provider"):
        verification.do_upload_document(actor=user, verification=v, side="front", upload=b"x")
    with pytest.raises(InvalidInput, match="outside provider"):
        verification.do_submit_verification(actor=user, verification=v)


def test_without_a_secret_key_the_vendor_says_it_is_not_configured(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "STRIPE_SECRET_KEY": ""}
    v = stripe_verification()
    with pytest.raises(vendors.ProviderUnavailable, match="not configured"):
        vendors.do_start_vendor_session(actor=v.user, verification=v)


# --- the webhook -------------------------------------------------------------------------------


def test_verified_moves_on_to_the_video_check_and_a_replay_changes_nothing() -> None:
    v = stripe_verification()
    payload = event("verified", "vs_123", status="verified")
    response = post(payload, sign(payload))
    assert response.status_code == 200, response.content
    assert response.json() == {"received": True, "outcome": "video_required"}
    v.refresh_from_db()
    assert v.status == VS.VIDEO_REQUIRED
    assert "Stripe" in v.decision_reason
    assert Notification.objects.filter(recipient=v.user).count() == 1
    # Stripe retries and replays: same event again, freshly signed.
    again = post(payload, sign(payload))
    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    assert Notification.objects.filter(recipient=v.user).count() == 1
    assert IdentityVerification.objects.get(pk=v.pk).status == VS.VIDEO_REQUIRED


def test_a_bad_signature_is_refused_and_changes_nothing() -> None:
    v = stripe_verification()
    payload = event("verified", "vs_123")
    for signature in (sign(payload, secret="whsec_wrong"), "t=1,v1=deadbeef", "", None):
        response = post(payload, signature)
        assert response.status_code == 400
        assert response.json()["detail"]
    tampered = payload.replace("vs_123", "vs_999")
    assert post(tampered, sign(payload)).status_code == 400
    old = sign(payload, timestamp=int(time.time()) - 3600)  # outside Stripe's tolerance: a replay attack
    assert post(payload, old).status_code == 400
    assert IdentityVerification.objects.get(pk=v.pk).status == VS.DRAFT


def test_not_json_is_a_400() -> None:
    payload = "this is not json"
    response = post(payload, sign(payload))
    assert response.status_code == 400


def test_an_unknown_session_is_acknowledged_and_ignored() -> None:
    v = stripe_verification(ref="vs_known")
    payload = event("verified", "vs_unknown")
    response = post(payload, sign(payload))
    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert IdentityVerification.objects.get(pk=v.pk).status == VS.DRAFT
    other = json.dumps(
        {"id": "evt_2", "object": "event", "type": "charge.succeeded", "data": {"object": {"id": "ch_1"}}}
    )
    assert post(other, sign(other)).json()["outcome"] == "ignored"


def test_requires_input_asks_the_person_again_with_the_reason() -> None:
    v = stripe_verification()
    payload = event("requires_input", "vs_123", last_error={"code": "selfie_face_mismatch", "reason": "x"})
    assert post(payload, sign(payload)).json()["outcome"] == "checks_failed"
    v.refresh_from_db()
    assert v.status == VS.CHECKS_FAILED
    assert "selfie does not match" in verification_queries.check_lines(v)[0].message
    assert post(payload, sign(payload)).json()["outcome"] == "unchanged"
    # The person fixes it on the same Stripe session: verified follows.
    ok = event("verified", "vs_123", event_id="evt_9")
    assert post(ok, sign(ok)).json()["outcome"] == "video_required"


def test_canceled_cancels_and_a_late_event_after_the_video_step_is_ignored() -> None:
    v = stripe_verification()
    payload = event("canceled", "vs_123")
    assert post(payload, sign(payload)).json()["outcome"] == "cancelled"
    assert IdentityVerification.objects.get(pk=v.pk).status == VS.CANCELLED
    later = stripe_verification(status=VS.VIDEO_BOOKED, ref="vs_456")
    payload = event("requires_input", "vs_456", last_error={"code": "document_expired"})
    assert post(payload, sign(payload)).json()["outcome"] == "unchanged"
    assert IdentityVerification.objects.get(pk=later.pk).status == VS.VIDEO_BOOKED


def test_webhooks_without_a_configured_secret_are_refused(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "STRIPE_WEBHOOK_SECRET": ""}
    payload = event("verified", "vs_123")
    response = post(payload, sign(payload))
    assert response.status_code == 400
    assert "not configured" in response.json()["detail"]
