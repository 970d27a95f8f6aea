"""Every write about accounts, organisations and API tokens, and the identity checks at sign-up."""

from __future__ import annotations

import io
import json
import logging
import secrets
import zipfile
from datetime import timedelta
from typing import IO, Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows.email_verification import consume_email_verification_rate_limit
from allauth.account.models import EmailAddress
from allauth.account.utils import setup_user_email
from allauth.core import context as allauth_context
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from workfair.accounts import hooks
from workfair.accounts.api_auth import hash_token
from workfair.accounts.models import AccountDeletion, ApiToken, DataExport, Membership, Organization, User
from workfair.accounts.queries import MANAGER_ROLES, access_api_token_by_id, role_in
from workfair.accounts.states import (
    ERASED_EMAIL_DOMAIN,
    DataExportStatus,
    DeletionStatus,
    NameDisplay,
    OrganizationRole,
)
from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, RateLimited, WorkfairError
from workfair.core.personal_data import delete_file_on_commit, deletion_blockers, personal_data_parts
from workfair.core.tasks import enqueue

logger = logging.getLogger(__name__)

MAX_NAME = 60
MAX_VERIFIED_NAME = 150  # names as printed on a document can be long
SIGNUP_HELD = (
    "Your sign-up is held for review. A person on our trust and safety team will look at it, usually "
    "within a day, and we will e-mail you the outcome and how to appeal."
)
NAME_LOCKED = (
    "Your name was confirmed when you verified your identity, so it cannot be changed here. If it is wrong "
    "or has changed, contact support."
)
MAX_ACTIVE_TOKENS = 20
TOKEN_PREFIX = "wf_"  # noqa: S105 - a visible marker on every token, not a secret


def _clean_name(value: str, label: str, limit: int = MAX_NAME) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise InvalidInput(f"{label} is required.")
    if len(value) > limit:
        raise InvalidInput(f"{label} is longer than {limit} characters.")
    return value


class SignupHeld(PermissionDenied):
    """The identity checks at sign-up suspended the new account until a person reviews it."""

    code = "signup_held"


def do_screen_signup(user: Any, request: HttpRequest | None) -> str:
    """Run the registered sign-up checks (`hooks.register_signup_check`; identity registers the
    identity graph's check of the e-mail, and the request's device, IP and network) and return the
    trust engine's outcome: the first "block" stops the rest, else the last check's outcome
    ("allow" without any). On "block" the engine has suspended the account and opened a case; the
    caller commits and then tells the person (`SIGNUP_HELD`)."""
    outcome = "allow"
    for check in hooks.signup_checks():
        outcome = str(check(user, request))
        if outcome == "block":
            break
    return outcome


def _roles_set(user: Any, *, actor: Any) -> None:
    # In the caller's transaction: profiles creates the profiles the roles need
    # (`hooks.register_roles_listener`).
    for listener in hooks.roles_listeners():
        listener(user=user, actor=actor)


def _check_roles(is_client: bool, is_freelancer: bool) -> None:
    if not is_client and not is_freelancer:
        raise InvalidInput("Choose at least one role: hire, work, or both.")


@transaction.atomic
def do_complete_signup(user: Any, *, first_name: str, last_name: str, is_client: bool, is_freelancer: bool) -> None:
    """Store the names and roles chosen at sign-up and create the profiles for those roles."""
    _check_roles(is_client, is_freelancer)
    user.first_name = _clean_name(first_name, "First name")
    user.last_name = _clean_name(last_name, "Last name")
    user.is_client = is_client
    user.is_freelancer = is_freelancer
    user.save(update_fields=["first_name", "last_name", "is_client", "is_freelancer"])
    record_audit(actor=user, action="user.signup", target=user, data={"client": is_client, "freelancer": is_freelancer})
    _roles_set(user, actor=user)


def note_login(user: Any, request: HttpRequest) -> None:
    """Tell the registered log-in listeners (`hooks.register_login_listener`; identity remembers the
    device and alerts the person about a new one), web and API. A failure is logged, never raised:
    it must not keep the person out (it ran in its own savepoint)."""
    for listener in hooks.login_listeners():
        try:
            listener(user, request)
        except Exception:
            logger.exception("noting the log-in of account %s failed", user.pk)


def do_sign_up(
    request: HttpRequest,
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    is_client: bool,
    is_freelancer: bool,
) -> User | None:
    """Create an account through allauth's machinery (an unverified primary EmailAddress) and
    send the verification e-mail after commit. Used by the API; the web form goes through
    allauth's own sign-up view and ends in `do_complete_signup` (the adapter screens it).

    An address that already has an account gets no new account and no error: its owner gets
    allauth's "you already have an account" e-mail instead (after commit, throttled per address
    like verification e-mails), and the caller answers exactly as for a new address, as the web
    sign-up does, so the answer never tells whether an address is registered. Returns the new
    account, or None for a taken address. Raises SignupHeld (after committing the account, its
    suspension and the case) when the identity checks block it."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise InvalidInput("Enter a valid e-mail address.") from exc
    _check_roles(is_client, is_freelancer)
    first, last = _clean_name(first_name, "First name"), _clean_name(last_name, "Last name")
    user = User(email=email, first_name=first, last_name=last)
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), code="weak_password") from exc
    user.set_password(password)  # hashed for a taken address too: both answers take as long
    with transaction.atomic():
        taken = EmailAddress.objects.filter(email__iexact=email).exists()
        taken = taken or User.objects.filter(email__iexact=email).exists()
        if not taken:
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError:  # a concurrent sign-up with the same address won
                taken = True
        if taken:
            transaction.on_commit(lambda: _send_account_exists_mail(request, email))
            return None
        do_complete_signup(user, first_name=first, last_name=last, is_client=is_client, is_freelancer=is_freelancer)
        address = setup_user_email(request, user, [])
        outcome = do_screen_signup(user, request)
        if outcome != "block":
            transaction.on_commit(lambda: _send_verification_mail(request, address))
    if outcome == "block":  # after the commit: the suspension and the case stay
        raise SignupHeld(SIGNUP_HELD)
    return user


def _send_account_exists_mail(request: HttpRequest, email: str) -> None:
    # The web sign-up's mail for a taken address (with links to log in and to reset the password),
    # under the budget allauth gives verification mails per address, so nobody can flood an inbox.
    with allauth_context.request_context(request):
        if consume_email_verification_rate_limit(request, email):
            get_account_adapter(request).send_account_already_exists_mail(email)


def _send_verification_mail(request: HttpRequest, address: EmailAddress) -> None:
    # allauth builds the mail's links from the request it finds in its own context.
    with allauth_context.request_context(request):
        address.send_confirmation(request, signup=True)


@transaction.atomic
def do_update_name(actor: User, *, first_name: str, last_name: str, name_display: str) -> User:
    """Change the actor's own names and how the public name shows ("Jane D." or "Jane Doe").
    Once the name is identity-verified only the display can change (PermissionDenied otherwise)."""
    if name_display not in NameDisplay.values:
        raise InvalidInput("Choose how your name is shown.")
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.name_verified_at is not None:
        first = " ".join((first_name or "").split()) or user.first_name
        last = " ".join((last_name or "").split()) or user.last_name
        if (first, last) != (user.first_name, user.last_name):
            raise PermissionDenied(NAME_LOCKED, code="name_verified")
    else:
        first, last = _clean_name(first_name, "First name"), _clean_name(last_name, "Last name")
    user.first_name, user.last_name, user.name_display = first, last, name_display
    user.save(update_fields=["first_name", "last_name", "name_display"])
    record_audit(actor=actor, action="user.name_changed", target=user, data={"name_display": name_display})
    _copy_fields(user, actor, ["first_name", "last_name", "name_display"])
    return user


@transaction.atomic
def do_set_verified_name(user: Any, first_name: str, last_name: str, *, actor: Any) -> User:
    """Record the name an identity verification confirmed (called by `workfair.identity` when
    identity is verified). The account's first and last name become it, the public name shows it,
    and the person can no longer change it themselves."""
    first = _clean_name(first_name, "First name", MAX_VERIFIED_NAME)
    last = _clean_name(last_name, "Last name", MAX_VERIFIED_NAME)
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = {"first_name": locked.first_name, "last_name": locked.last_name}
    locked.first_name = locked.verified_first_name = first
    locked.last_name = locked.verified_last_name = last
    locked.name_verified_at = clock.now()
    locked.save(update_fields=["first_name", "last_name", "verified_first_name", "verified_last_name",
                               "name_verified_at"])  # fmt: skip
    record_audit(actor=actor, action="user.name_verified", target=locked,
                 data={"before": before, "changed": before != {"first_name": first, "last_name": last}})  # fmt: skip
    _copy_fields(locked, user, [*before, "verified_first_name", "verified_last_name", "name_verified_at"])
    return locked


@transaction.atomic
def do_clear_verified_name(user: Any, *, actor: Any, reason: str = "") -> User:
    """Forget the verified name (the identity verification was revoked): the person may change
    their name again; the names themselves stay as they are."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.name_verified_at is None:
        return locked
    locked.verified_first_name = locked.verified_last_name = ""
    locked.name_verified_at = None
    locked.save(update_fields=["verified_first_name", "verified_last_name", "name_verified_at"])
    record_audit(actor=actor, action="user.name_unverified", target=locked, data={"reason": reason[:500]})
    _copy_fields(locked, user, ["verified_first_name", "verified_last_name", "name_verified_at"])
    return locked


@transaction.atomic
def do_update_roles(actor: User, *, is_client: bool, is_freelancer: bool) -> User:
    """Turn the client and freelancer roles on or off (at least one stays on). Turning a role on
    creates its profile if the person never had one; turning it off keeps the profile, hidden."""
    _check_roles(is_client, is_freelancer)
    user = User.objects.select_for_update().get(pk=actor.pk)
    before = {"client": user.is_client, "freelancer": user.is_freelancer}
    user.is_client, user.is_freelancer = is_client, is_freelancer
    user.save(update_fields=["is_client", "is_freelancer"])
    record_audit(
        actor=actor,
        action="user.roles_changed",
        target=user,
        data={"before": before, "after": {"client": is_client, "freelancer": is_freelancer}},
    )
    _roles_set(user, actor=actor)
    _copy_fields(user, actor, ["is_client", "is_freelancer"])
    return user


def _copy_fields(source: User, target: Any, fields: list[str]) -> None:
    # Keep the caller's instance (often request.user) in step with what was saved.
    for name in fields:
        setattr(target, name, getattr(source, name))


# --- Organisations -------------------------------------------------------------------------


@transaction.atomic
def do_create_organization(actor: User, name: str) -> Organization:
    """Create a client organisation with the actor as its owner."""
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("The organisation needs a name.")
    if len(name) > 120:
        raise InvalidInput("The name is longer than 120 characters.")
    now = clock.now()
    org = Organization.objects.create(name=name, created_by=actor, created_at=now)
    Membership.objects.create(organization=org, user=actor, role=OrganizationRole.OWNER, created_at=now)
    record_audit(actor=actor, action="organization.created", target=org, data={"name": name})
    return org


def _lock_org_as_manager(actor: User, org: Organization) -> tuple[Organization, str]:
    """Lock the organisation row (so concurrent member changes queue) and return the actor's role.
    NotFound for non-members, PermissionDenied for plain members."""
    locked = Organization.objects.select_for_update().filter(pk=org.pk).first()
    role = role_in(actor, locked) if locked is not None else None
    if locked is None or role is None:
        raise NotFound("No such organisation.")
    if role not in MANAGER_ROLES:
        raise PermissionDenied("Only owners and admins can change the members.")
    return locked, role


@transaction.atomic
def do_add_member(actor: User, org: Organization, email: str, role: str) -> Membership:
    """Add the person with this e-mail to the organisation (owners and admins only; only an owner
    can add another owner). The person must already have an account."""
    if role not in OrganizationRole.values:
        raise InvalidInput("The role is owner, admin or member.")
    locked, actor_role = _lock_org_as_manager(actor, org)
    if role == OrganizationRole.OWNER and actor_role != OrganizationRole.OWNER:
        raise PermissionDenied("Only an owner can add another owner.")
    person = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if person is None:
        raise InvalidInput("Nobody with that e-mail address has a Workfair account.")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(organization=locked, user=person, role=role, created_at=clock.now())
    except IntegrityError as exc:
        raise Conflict("That person is already a member.") from exc
    record_audit(actor=actor, action="organization.member_added", target=locked, data={"user": person.pk, "role": role})
    return membership


@transaction.atomic
def do_remove_member(actor: User, org: Organization, user_id: int) -> None:
    """Remove a member. Owners and admins remove others (an admin cannot remove an owner);
    anyone can leave. The last owner cannot leave or be removed."""
    locked = Organization.objects.select_for_update().filter(pk=org.pk).first()
    actor_role = role_in(actor, locked) if locked is not None else None
    if locked is None or actor_role is None:
        raise NotFound("No such organisation.")
    membership = Membership.objects.filter(organization=locked, user_id=user_id).first()
    if membership is None:
        raise NotFound("That person is not a member.")
    if user_id != actor.pk:
        if actor_role not in MANAGER_ROLES:
            raise PermissionDenied("Only owners and admins can remove members.")
        if membership.role == OrganizationRole.OWNER and actor_role != OrganizationRole.OWNER:
            raise PermissionDenied("Only an owner can remove an owner.")
    if membership.role == OrganizationRole.OWNER:
        owners = Membership.objects.filter(organization=locked, role=OrganizationRole.OWNER).count()
        if owners <= 1:
            raise PermissionDenied("An organisation keeps at least one owner.")
    membership.delete()
    record_audit(actor=actor, action="organization.member_removed", target=locked, data={"user": user_id})


# --- API tokens ----------------------------------------------------------------------------


class TwoFactorRequired(WorkfairError):
    """The account has two-factor on and the request carried no valid code (401)."""

    status_code = 401
    code = "mfa_required"


MFA_REQUIRED = (
    "This account uses two-factor authentication: send the code from your authenticator app "
    "(or one of your recovery codes) as `code`."
)
MFA_CODE_INVALID = "The two-factor code is wrong, expired or already used."


def do_check_two_factor_code(user: Any, code: str | None) -> None:
    """For an account with two-factor on, require a valid code: the current one from its
    authenticator app (each accepted once) or an unused recovery code (used up by this). allauth
    checks it, with the same failure budget as the web's code form (429 once it is spent).
    Accounts without two-factor pass whatever `code` says."""
    if not is_mfa_enabled(user):
        return
    code = (code or "").strip()
    if not code:
        raise TwoFactorRequired(MFA_REQUIRED)
    form = AuthenticateForm(user=user, data={"code": code})
    if not form.is_valid():
        reasons = {error.code for error in form.errors.as_data().get("code", [])}
        if "too_many_login_attempts" in reasons:
            raise RateLimited("Too many wrong codes. Wait a few minutes and try again.")
        raise TwoFactorRequired(MFA_CODE_INVALID, code="mfa_code_invalid")
    form.authenticator.record_usage()


@transaction.atomic
def do_create_api_token(actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token. Returns the row and the secret; the secret is shown once and
    only its SHA-256 is stored."""
    name = " ".join((name or "").split())[:80] or "API token"
    active = ApiToken.objects.filter(user_id=actor.pk, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise Conflict(f"You already have {MAX_ACTIVE_TOKENS} active tokens; revoke one first.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=name, key_prefix=secret[:12], key_hash=hash_token(secret), created_at=clock.now()
    )
    record_audit(actor=actor, action="apitoken.created", target=token, data={"name": name})
    return token, secret


@transaction.atomic
def do_end_api_tokens_on_password_change(user: Any, *, actor: Any, via: str) -> int:
    """The person's password was changed, reset or set by staff: revoke every active API token of
    theirs, as the change ends their other sessions. `via` says which way ("allauth" for the
    person's change and reset forms, "admin"). Returns how many tokens ended."""
    count = ApiToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).update(revoked_at=clock.now())
    if count:
        record_audit(
            actor=actor, action="apitoken.ended_by_password_change", target=user, data={"tokens": count, "via": via}
        )
    return count


@transaction.atomic
def do_revoke_api_token(actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's tokens (NotFound for anyone else's). Revoking twice is harmless."""
    token = access_api_token_by_id(actor, token_id)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record_audit(actor=actor, action="apitoken.revoked", target=token)
    return token


# --- Your data: export and account deletion (docs/subsystems/personal-data.md) -------------

EXPORT_BUSY = "Your data export is being prepared; we will tell you when it is ready."
DELETION_NEEDS_PASSWORD = "Your password is wrong."  # noqa: S105 - a message, not a secret
DELETION_ALREADY_SCHEDULED = "Your account is already scheduled for deletion."


def _privacy_setting(name: str) -> int:
    from django.conf import settings

    return int(settings.WORKFAIR_PRIVACY[name])


@transaction.atomic
def do_request_data_export(actor: User) -> DataExport:
    """Ask for a "download my data" archive; a task builds it after commit. One at a time (Conflict
    while one is being prepared), and at most one per `EXPORT_MIN_INTERVAL_MINUTES` (RateLimited)."""
    now = clock.now()
    User.objects.select_for_update().filter(pk=actor.pk).first()  # two clicks queue here
    latest = DataExport.objects.filter(user_id=actor.pk).order_by("-requested_at", "-id").first()
    if latest is not None and latest.status == DataExportStatus.PENDING:
        raise Conflict(EXPORT_BUSY, code="export_pending")
    wait = timedelta(minutes=_privacy_setting("EXPORT_MIN_INTERVAL_MINUTES"))
    if latest is not None and latest.requested_at + wait > now:
        minutes = max(1, int((latest.requested_at + wait - now).total_seconds() // 60) + 1)
        raise RateLimited(f"You asked for an export a moment ago. You can ask again in {minutes} minutes.")
    export = DataExport.objects.create(user=actor, requested_at=now)
    record_audit(actor=actor, action="user.data_export_requested", target=actor, data={"export": export.pk})
    enqueue("accounts.build_data_export", export.pk)
    return export


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False, sort_keys=False).encode()


def build_export_archive(user: Any, out: IO[bytes]) -> list[str]:
    """Write the person's archive to `out`: `README.txt`, one `<part>.json` per registered part and
    their own uploads under `files/<part>/`. Returns the names written."""
    names: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", EXPORT_README.format(when=clock.now().isoformat()))
        names.append("README.txt")
        for part in personal_data_parts():
            if part.export is None:
                continue
            exported = part.export(user)
            archive.writestr(f"{part.name}.json", _json_bytes(exported.records))
            names.append(f"{part.name}.json")
            for item in exported.files:
                name = f"files/{part.name}/{item.path}"
                try:
                    with item.file.open("rb") as source:
                        archive.writestr(name, source.read())
                except FileNotFoundError:  # a row whose file is gone: say so rather than fail
                    logger.warning("export of account %s: %s is missing", user.pk, item.file.name)
                    continue
                names.append(name)
    return names


EXPORT_README = """Your Workfair data, prepared {when} (UTC).

One JSON file per part of Workfair (account, profiles, jobs, proposals, contracts, messages,
reviews, payments, notifications, identity, trust), and the files you uploaded under files/.
Times are UTC in ISO 8601; amounts of money are in minor units (cents) with their currency.
Messages you received are as they were shown to you. Nothing of other people's private data,
and no passwords, keys or hashes, are included. The privacy page says what we keep and why.
"""


def do_build_data_export(export_id: int) -> DataExport | None:
    """Build the archive of a pending export into the private files folder and offer it until
    `EXPORT_LINK_HOURS` from now. Idempotent: an export that is no longer pending is left alone."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExportStatus.PENDING:
        return export
    buffer = io.BytesIO()
    try:
        build_export_archive(export.user, buffer)
    except Exception:
        logger.exception("building data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id, status=DataExportStatus.PENDING).update(status=DataExportStatus.FAILED)
        raise
    with transaction.atomic():
        locked = DataExport.objects.select_for_update().get(pk=export_id)
        if locked.status != DataExportStatus.PENDING:
            return locked
        now = clock.now()
        locked.file.save("workfair-data.zip", ContentFile(buffer.getvalue()), save=False)
        locked.size = buffer.tell()
        locked.status = DataExportStatus.READY
        locked.ready_at = now
        locked.expires_at = now + timedelta(hours=_privacy_setting("EXPORT_LINK_HOURS"))
        locked.save(update_fields=["file", "size", "status", "ready_at", "expires_at"])
        record_audit(actor=None, action="user.data_export_ready", target=locked.user, data={"export": locked.pk})
    return locked


def do_expire_data_exports() -> int:
    """Delete the files of exports whose link has expired (idempotent). Returns how many."""
    done = 0
    for export_id in DataExport.objects.filter(status=DataExportStatus.READY, expires_at__lte=clock.now()).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            export = DataExport.objects.select_for_update().get(pk=export_id)
            if export.status != DataExportStatus.READY:
                continue
            delete_file_on_commit(export.file)
            export.file = ""  # type: ignore[assignment]
            export.status = DataExportStatus.EXPIRED
            export.save(update_fields=["file", "status"])
            done += 1
    return done


def check_password_and_code(user: Any, password: str, code: str | None, *, request: HttpRequest | None) -> None:
    """Re-authentication for a grave step: the account's password, and a two-factor code when it
    has two-factor on (PermissionDenied / TwoFactorRequired / RateLimited). Wrong passwords spend a
    budget of their own per account, as wrong log-ins do (allauth's `login_failed` limit)."""
    from allauth.core import ratelimit

    key = f"reauth:{user.pk}"
    if request is not None and not ratelimit.consume(request, action="login_failed", key=key, dry_run=True):
        raise RateLimited("Too many wrong passwords. Wait a few minutes and try again.")
    if not password or not user.check_password(password):
        if request is not None:
            ratelimit.consume(request, action="login_failed", key=key)
        raise PermissionDenied(DELETION_NEEDS_PASSWORD, code="wrong_password")
    if request is None:
        do_check_two_factor_code(user, code)
        return
    with allauth_context.request_context(request):  # allauth counts wrong codes per request's client
        do_check_two_factor_code(user, code)


def do_request_account_deletion(
    actor: User, *, password: str, code: str | None = None, request: HttpRequest | None = None
) -> AccountDeletion:
    """Schedule the actor's account for erasure after the grace period (`DELETION_GRACE_DAYS`).
    Needs the password, and a two-factor code when two-factor is on. Refused (Conflict) while money
    is in escrow or a contract is active (the registered blockers), or when already scheduled."""
    check_password_and_code(actor, password, code, request=request)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if AccountDeletion.objects.filter(user_id=user.pk, status=DeletionStatus.SCHEDULED).exists():
            raise Conflict(DELETION_ALREADY_SCHEDULED, code="deletion_scheduled")
        reasons = deletion_blockers(user)
        if reasons:
            raise Conflict("Your account cannot be deleted yet: " + " ".join(reasons), code="deletion_blocked")
        now = clock.now()
        deletion = AccountDeletion.objects.create(
            user=user, requested_at=now, erase_after=now + timedelta(days=_privacy_setting("DELETION_GRACE_DAYS"))
        )
        record_audit(actor=actor, action="user.deletion_requested", target=user,
                     data={"erase_after": deletion.erase_after.isoformat()})  # fmt: skip
    return deletion


@transaction.atomic
def do_cancel_account_deletion(actor: User) -> AccountDeletion:
    """Keep the account: cancel its scheduled deletion (NotFound when none is scheduled)."""
    deletion = (
        AccountDeletion.objects.select_for_update().filter(user_id=actor.pk, status=DeletionStatus.SCHEDULED).first()
    )
    if deletion is None:
        raise NotFound("Your account is not scheduled for deletion.")
    deletion.status = DeletionStatus.CANCELLED
    deletion.cancelled_at = clock.now()
    deletion.save(update_fields=["status", "cancelled_at"])
    record_audit(actor=actor, action="user.deletion_cancelled", target=actor, data={"deletion": deletion.pk})
    return deletion


def do_erase_account(deletion_id: int) -> AccountDeletion | None:
    """Erase a scheduled account whose grace period is over, in one transaction: every registered
    part erases what it may forget (profiles, phone, devices, notifications, ...), then the account
    itself is pseudonymised (e-mail `erased-<id>@erased.invalid`, names blank, no password, no
    two-factor, tokens, sessions or e-mail addresses; inactive). The row stays, so the ledger,
    contracts, reviews and trust decisions keep pointing at it, and the identity graph's hashes keep
    a ban enforceable. When a blocker appeared during the grace period (a new contract, money in
    escrow) the erasure waits and says why. Idempotent."""
    with transaction.atomic():
        deletion = AccountDeletion.objects.select_for_update().filter(pk=deletion_id).first()
        if deletion is None or deletion.status != DeletionStatus.SCHEDULED or deletion.erase_after > clock.now():
            return deletion
        user = User.objects.select_for_update().get(pk=deletion.user_id)
        reasons = deletion_blockers(user)
        if reasons:
            deletion.postponed_reason = " ".join(reasons)[:500]
            deletion.save(update_fields=["postponed_reason"])
            return deletion
        counts: dict[str, dict[str, int]] = {}
        for part in personal_data_parts():
            if part.erase is not None:
                counts[part.name] = part.erase(user)
        _pseudonymise(user)
        deletion.status = DeletionStatus.ERASED
        deletion.erased_at = clock.now()
        deletion.postponed_reason = ""
        deletion.save(update_fields=["status", "erased_at", "postponed_reason"])
        record_audit(actor=None, action="user.erased", target=user, data={"deletion": deletion.pk, "erased": counts})
    return deletion


def _pseudonymise(user: User) -> None:
    user.email = f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"
    user.first_name = user.last_name = ""
    user.verified_first_name = user.verified_last_name = ""
    user.name_verified_at = None
    user.name_display = NameDisplay.FIRST_AND_INITIAL
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def do_erase_due_accounts() -> int:
    """Erase every account whose grace period is over (the beat schedule's task). Returns how many."""
    due = AccountDeletion.objects.filter(status=DeletionStatus.SCHEDULED, erase_after__lte=clock.now())
    erased = 0
    for deletion_id in list(due.order_by("erase_after", "pk").values_list("pk", flat=True)):
        deletion = do_erase_account(deletion_id)
        erased += int(deletion is not None and deletion.status == DeletionStatus.ERASED)
    return erased
