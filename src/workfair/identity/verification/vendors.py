"""Outside identity-verification vendors, for operators who would rather not review documents
themselves (WORKFAIR_IDENTITY["VERIFICATION_PROVIDER"] = "stripe").

With a vendor, the person photographs the document and the selfie on the vendor's page; Workfair
never holds the images. The vendor's webhook moves the verification on:

- verified: the documents count as checked and reviewed, so the verification goes (through
  IN_REVIEW, recorded as done by the vendor) to VIDEO_REQUIRED: Workfair's live video check is
  still the last step, as with its own review. The badge comes only after the video check.
- requires_input: CHECKS_FAILED with the vendor's reason; the person tries again on the same session.
- canceled: CANCELLED.

Webhooks are verified with the vendor's signature scheme; an event for a session Workfair does not
know is acknowledged and ignored (a vendor account may serve other systems), and every event can
be replayed without effect (the verification's state decides what is left to do).
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings
from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput, InvalidTransition, NotFound, WorkfairError
from workfair.core.transitions import transition
from workfair.identity.models import IdentityVerification
from workfair.identity.states import (
    VERIFICATION_TRANSITIONS,
    DocumentType,
    VerificationProvider,
    VerificationStatus,
)
from workfair.identity.verification.actions import identity_setting, notify, video_due
from workfair.identity.verification.queries import UPLOAD_STATUSES

VS = VerificationStatus


class ProviderUnavailable(WorkfairError):
    """The vendor could not be reached or refused the request; nothing changed."""

    status_code = 503
    code = "provider_unavailable"


class VerificationVendor(Protocol):
    name: str

    def create_session(self, verification: IdentityVerification, *, return_url: str) -> tuple[str, str]:
        """Start a session at the vendor; returns (session reference, the URL to send the person to)."""
        ...


# --- Stripe Identity ----------------------------------------------------------------------------------

STRIPE_DOCUMENT_TYPES = {
    DocumentType.PASSPORT: "passport",
    DocumentType.ID_CARD: "id_card",
    DocumentType.DRIVING_LICENCE: "driving_license",
}

# Stripe's `last_error.code` of a session that needs the person again, in words they can act on.
STRIPE_ERRORS = {
    "consent_declined": "You declined the verification. Start it again to go on.",
    "document_expired": "The document has expired: use a document that is still valid.",
    "document_type_not_supported": "This kind of document is not accepted: use a passport, identity card or licence.",
    "document_unverified_other": "The document could not be verified: retake the photos in good light.",
    "selfie_document_missing_photo": "The document has no photo of you: use a document with your photo.",
    "selfie_face_mismatch": "The selfie does not match the photo on the document: retake the selfie.",
    "selfie_unverified_other": "The selfie could not be verified: retake it, face the camera in good light.",
    "under_supported_age": "You must be an adult to verify your identity.",
}


class StripeIdentity:
    """Stripe Identity through the `stripe` package (a client can be injected for tests)."""

    name: str = VerificationProvider.STRIPE.value

    def __init__(self, client: Any = None) -> None:
        self._client = client

    def client(self) -> Any:
        if self._client is None:
            import stripe

            key = str(identity_setting("STRIPE_SECRET_KEY") or "")
            if not key:
                raise ProviderUnavailable("Identity verification with Stripe is not configured (STRIPE_SECRET_KEY).")
            self._client = stripe.StripeClient(key)
        return self._client

    def create_session(self, verification: IdentityVerification, *, return_url: str) -> tuple[str, str]:
        import stripe

        client = self.client()
        sessions = getattr(client, "v1", client).identity.verification_sessions
        allowed = STRIPE_DOCUMENT_TYPES.get(DocumentType(verification.document_type or DocumentType.PASSPORT))
        params: dict[str, Any] = {
            "type": "document",
            "client_reference_id": str(verification.pk),
            "metadata": {
                "workfair_verification_id": str(verification.pk),
                "workfair_user_id": str(verification.user_id),
            },
            "options": {
                "document": {
                    "allowed_types": [allowed],
                    "require_live_capture": True,
                    "require_matching_selfie": True,
                }
            },
            "return_url": return_url,
        }
        try:
            session = sessions.create(params=params)
        except stripe.StripeError as exc:
            raise ProviderUnavailable("Stripe could not start the verification; try again in a few minutes.") from exc
        return str(session["id"]), str(session["url"])


def configured_vendor() -> VerificationVendor | None:
    """The vendor from settings, or None when Workfair reviews documents itself."""
    if identity_setting("VERIFICATION_PROVIDER") == VerificationProvider.STRIPE:
        return StripeIdentity()
    return None


def vendor_for(provider: str) -> VerificationVendor:
    if provider == VerificationProvider.STRIPE:
        return StripeIdentity()
    raise InvalidInput("This verification is reviewed by Workfair: upload your documents instead.")


def do_start_vendor_session(
    *, actor: Any, verification: IdentityVerification, return_url: str = "", vendor: VerificationVendor | None = None
) -> str:
    """Start (or restart) the vendor's session for the actor's verification; returns the URL to send
    the person to. A new session replaces the old one: events of the old one are then ignored."""
    if verification.user_id != getattr(actor, "pk", None):
        raise NotFound("Verification not found.")
    vendor = vendor or vendor_for(verification.provider)
    if verification.status not in UPLOAD_STATUSES:
        raise InvalidTransition("This verification is already past the document step.")
    url = return_url or f"{settings.SITE_URL}/account/verification/"
    reference, client_url = vendor.create_session(verification, return_url=url)  # outside the transaction: network
    with transaction.atomic():
        locked = IdentityVerification.objects.select_for_update().get(pk=verification.pk)
        if locked.status not in UPLOAD_STATUSES:
            raise InvalidTransition("This verification is already past the document step.")
        old = locked.provider_ref
        locked.provider_ref = reference
        locked.save(update_fields=["provider_ref"])
        record_audit(
            actor=actor,
            action="identity.vendor_session_started",
            target=locked,
            data={"vendor": vendor.name, "session": reference, "replaced": old},
        )
    verification.provider_ref = reference
    return client_url


# --- webhook events ----------------------------------------------------------------------------------


def verify_stripe_event(payload: bytes, signature: str) -> Any:
    """The event, if the payload carries a valid Stripe signature for our webhook secret (within
    Stripe's default 5 minute tolerance); InvalidInput otherwise."""
    import stripe

    secret = str(identity_setting("STRIPE_WEBHOOK_SECRET") or "")
    if not secret:
        raise InvalidInput("Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET).")
    if not signature:
        raise InvalidInput("The Stripe-Signature header is missing.")
    try:
        return stripe.Webhook.construct_event(payload, signature, secret)
    except stripe.SignatureVerificationError as exc:
        raise InvalidInput("The Stripe signature does not match this payload.") from exc
    except ValueError as exc:
        raise InvalidInput("The payload is not a Stripe event.") from exc


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        if obj is None:
            return None
        try:
            obj = obj[key]
        except (KeyError, TypeError, IndexError):
            return getattr(obj, key, None)
    return obj


def do_handle_stripe_event(event: Any) -> str:
    """Apply a verified Stripe event. Returns what happened: "ignored", "unchanged" or the new status."""
    kind = str(_get(event, "type") or "")
    if not kind.startswith("identity.verification_session."):
        return "ignored"
    session_id = str(_get(event, "data", "object", "id") or "")
    found = IdentityVerification.objects.filter(provider=VerificationProvider.STRIPE, provider_ref=session_id).first()
    if not session_id or found is None:
        return "ignored"
    event_id = str(_get(event, "id") or "")
    with transaction.atomic():
        v = IdentityVerification.objects.select_for_update().get(pk=found.pk)
        outcome = _apply(v, kind, event)
        if outcome != "unchanged":
            record_audit(
                actor=None,
                action="identity.vendor_event",
                target=v,
                data={"vendor": "stripe", "event": event_id, "type": kind, "outcome": outcome},
            )
    return outcome


def _apply(v: IdentityVerification, kind: str, event: Any) -> str:
    now = clock.now()
    if kind == "identity.verification_session.verified":
        if v.status not in UPLOAD_STATUSES:
            return "unchanged"
        transition(
            v,
            VS.IN_REVIEW,
            table=VERIFICATION_TRANSITIONS,
            actor=None,
            reason="checked by Stripe Identity",
            extra_updates={"submitted_at": now, "checks": []},
        )
        transition(
            v,
            VS.VIDEO_REQUIRED,
            table=VERIFICATION_TRANSITIONS,
            actor=None,
            reason="document and selfie verified by Stripe Identity",
            extra_updates={
                "decision_reason": "Document and selfie verified by Stripe Identity.",
                "video_due_at": video_due(now),
            },
        )
        notify(
            v.user,
            title="Your documents were verified: book a live video check",
            body="Your document and selfie were verified. The last step is a short live video call with our team.",
            url="/account/verification/video/",
        )
        return VS.VIDEO_REQUIRED
    if kind == "identity.verification_session.requires_input":
        code = str(_get(event, "data", "object", "last_error", "code") or "")
        reason = str(_get(event, "data", "object", "last_error", "reason") or "")
        message = STRIPE_ERRORS.get(code) or reason or "The verification needs your input again: retake the photos."
        checks = [{"name": f"stripe:{code or 'requires_input'}", "passed": False, "message": message, "blocking": True}]
        if v.status == VS.DRAFT:
            transition(
                v,
                VS.CHECKS_FAILED,
                table=VERIFICATION_TRANSITIONS,
                actor=None,
                reason=message,
                extra_updates={"checks": checks, "submitted_at": now},
            )
            return VS.CHECKS_FAILED
        if v.status == VS.CHECKS_FAILED and v.checks != checks:
            IdentityVerification.objects.filter(pk=v.pk).update(checks=checks)
            return VS.CHECKS_FAILED
        return "unchanged"
    if kind == "identity.verification_session.canceled":
        if v.status not in UPLOAD_STATUSES:
            return "unchanged"
        transition(
            v,
            VS.CANCELLED,
            table=VERIFICATION_TRANSITIONS,
            actor=None,
            reason="cancelled at Stripe",
            extra_updates={"decided_at": now},
        )
        return VS.CANCELLED
    return "unchanged"  # processing, created, redacted: nothing to do
