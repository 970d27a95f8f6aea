"""Accounts API: sign up, verify the e-mail, exchange e-mail and password for a token, manage tokens."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.core import ratelimit
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from ninja import Router
from ninja.responses import Status

from workfair.accounts import actions, queries
from workfair.accounts.api_auth import is_session_request
from workfair.accounts.models import User
from workfair.accounts.schemas import (
    MeOut,
    MePatchIn,
    SignupIn,
    SignupOut,
    TokenCreatedOut,
    TokenCreateIn,
    TokenOut,
    TokenRequestIn,
    VerifyEmailIn,
    VerifyEmailOut,
)
from workfair.accounts.two_factor import check_may_create_token
from workfair.core.errors import InvalidInput, PermissionDenied, RateLimited, WorkfairError

router = Router(tags=["accounts"])


class InvalidCredentials(WorkfairError):
    status_code = 401
    code = "invalid_credentials"


@router.post("/signup", auth=None, response={202: SignupOut})
def signup(request: HttpRequest, payload: SignupIn) -> Status[dict[str, Any]]:
    """Start a sign-up: 202 and an e-mail to the address. A new address gets the verification
    e-mail (the account can log in, and get a token, once it is verified); an address that already
    has an account gets an e-mail saying so, with links to log in and reset the password. Both
    answers are the same, as on the web sign-up, so they never tell whether an address is taken."""
    if not ratelimit.consume(request, action="signup"):
        raise RateLimited("Too many sign-ups from here. Try again later.")
    email = payload.email.strip().lower()
    actions.do_sign_up(
        request,
        email=email,
        password=payload.password,
        first_name=payload.first_name,
        last_name=payload.last_name,
        is_client=payload.wants_to_hire,
        is_freelancer=payload.wants_to_work,
    )
    return Status(
        202,
        {
            "email": email,
            "verification_sent": True,
            "detail": "We sent you an e-mail. Follow it to verify your address, then log in.",
        },
    )


@router.post("/verify-email", auth=None, response=VerifyEmailOut)
def verify_email(request: HttpRequest, payload: VerifyEmailIn) -> dict[str, Any]:
    """Verify an e-mail address with the key from the verification e-mail."""
    if not ratelimit.consume(request, action="confirm_email", key=payload.key[:100]):
        raise RateLimited("Too many attempts. Try again later.")
    confirmation = EmailConfirmationHMAC.from_key(payload.key.strip())
    address = confirmation.confirm(request) if confirmation is not None else None
    if address is None:
        raise InvalidInput("This verification link is invalid, expired or already used.", code="invalid_key")
    return {"email": address.email, "verified": True}


@router.post("/token", auth=None, response={201: TokenCreatedOut})
def create_token_with_password(request: HttpRequest, payload: TokenRequestIn) -> Status[dict[str, Any]] | JsonResponse:
    """Exchange e-mail and password for a bearer token. Failed attempts count together with the web
    log-in's, per account and IP and with a progressive delay per account (429 with Retry-After);
    an unverified address is refused (403). An account with two-factor on also needs `code` (401
    `mfa_required` without it, `mfa_code_invalid` when it is wrong or used; wrong codes are
    throttled like the web's)."""
    email = payload.email.strip().lower()
    try:
        # allauth's own authenticate: counts failures in the same "login_failed" budget as the web form.
        user = get_adapter(request).authenticate(request, email=email, password=payload.password)
    except DjangoValidationError as exc:  # the failed-log-in limits (accounts.login_limits)
        retry_after = int(getattr(exc, "retry_after", 300))
        body = {"detail": " ".join(exc.messages), "code": "rate_limited", "retry_after": retry_after}
        return JsonResponse(body, status=429, headers={"Retry-After": str(retry_after)})
    if user is None:
        raise InvalidCredentials("The e-mail address or the password is wrong.")
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        raise PermissionDenied("Verify your e-mail address first: follow the link we sent you.", code="unverified")
    actions.do_check_two_factor_code(user, payload.code)
    check_may_create_token(user)
    token, secret = actions.do_create_api_token(user, payload.name)  # type: ignore[arg-type]
    actions.note_login(user, request)  # a password exchanged for a token is a log-in: alert on a new device
    return Status(201, _token_out(token, secret))


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> Any:
    return request.user


@router.patch("/me", response=MeOut)
def update_me(request: HttpRequest, payload: MePatchIn) -> Any:
    """Change names, how the public name shows, and roles. Omitted fields stay as they are."""
    user: User = request.user  # type: ignore[assignment]
    data = payload.dict(exclude_unset=True)
    if {"first_name", "last_name", "name_display"} & set(data):
        actions.do_update_name(
            user,
            first_name=data.get("first_name") or user.first_name,
            last_name=data.get("last_name") or user.last_name,
            name_display=data.get("name_display") or user.name_display,
        )
    if {"is_client", "is_freelancer"} & set(data):
        actions.do_update_roles(
            user,
            is_client=user.is_client if data.get("is_client") is None else bool(data["is_client"]),
            is_freelancer=user.is_freelancer if data.get("is_freelancer") is None else bool(data["is_freelancer"]),
        )
    return user


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> Any:
    return list(queries.api_tokens_for(request.user)[:100])


@router.post("/tokens", response={201: TokenCreatedOut})
def create_token(request: HttpRequest, payload: TokenCreateIn) -> Status[dict[str, Any]]:
    """Another token, with a bearer token or the browser session (which must have entered a
    two-factor code if the account has two-factor on; 403 `mfa_required` otherwise)."""
    check_may_create_token(request.user, request if is_session_request(request) else None)
    token, secret = actions.do_create_api_token(request.user, payload.name)  # type: ignore[arg-type]
    return Status(201, _token_out(token, secret))


@router.delete("/tokens/{token_id}", response=TokenOut)
def revoke_token(request: HttpRequest, token_id: int) -> Any:
    return actions.do_revoke_api_token(request.user, token_id)  # type: ignore[arg-type]


def _token_out(token: Any, secret: str) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "key_prefix": token.key_prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "token": secret,
    }
