"""Reads about accounts that depend on who is asking."""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import HttpRequest

from workfair.accounts.models import AccountDeletion, ApiToken, DataExport, Membership, Organization, User
from workfair.accounts.states import ERASED_EMAIL_DOMAIN, DataExportStatus, DeletionStatus, OrganizationRole
from workfair.core import clock
from workfair.core.errors import NotFound

MANAGER_ROLES = frozenset({OrganizationRole.OWNER, OrganizationRole.ADMIN})


def organizations_for(user: Any) -> QuerySet[Organization]:
    """The organisations the person is a member of, by name."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user_id=user.pk).order_by("name", "id")


def access_organization_by_id(actor: Any, organization_id: int) -> Organization:
    """An organisation the actor is a member of; NotFound otherwise (missing or not theirs)."""
    org = organizations_for(actor).filter(pk=organization_id).first()
    if org is None:
        raise NotFound("No such organisation.")
    return org


def role_in(user: Any, org: Organization) -> str | None:
    """The person's role in the organisation, or None for non-members."""
    return Membership.objects.filter(organization_id=org.pk, user_id=user.pk).values_list("role", flat=True).first()


def can_manage_members(user: Any, org: Organization) -> bool:
    return role_in(user, org) in MANAGER_ROLES


def members_of(org: Organization) -> QuerySet[Membership]:
    """The memberships of an organisation with their people, owners first."""
    order = {OrganizationRole.OWNER: 0, OrganizationRole.ADMIN: 1, OrganizationRole.MEMBER: 2}
    rank = Case(*(When(role=r, then=Value(n)) for r, n in order.items()), output_field=IntegerField())
    return Membership.objects.filter(organization=org).select_related("user").order_by(rank, "user__first_name", "id")


def api_tokens_for(user: Any) -> QuerySet[ApiToken]:
    """The person's API tokens, active ones first, newest first."""
    return ApiToken.objects.filter(user_id=user.pk).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )


def access_api_token_by_id(actor: Any, token_id: int) -> ApiToken:
    """One of the actor's tokens; NotFound for anyone else's."""
    token = ApiToken.objects.filter(pk=token_id, user_id=actor.pk).first()
    if token is None:
        raise NotFound("No such token.")
    return token


# --- two-factor ----------------------------------------------------------------------------


def has_two_factor(user: Any) -> bool:
    """The person has an authenticator app (TOTP) activated."""
    return bool(getattr(user, "is_authenticated", False)) and is_mfa_enabled(user, types=[Authenticator.Type.TOTP])


def session_passed_two_factor(request: HttpRequest) -> bool:
    """This session's signed-in person entered a two-factor code (TOTP or recovery code) in it, at
    log-in or on re-authentication: allauth's own record of the session's authentication steps,
    which is kept per person and dropped when the session ends."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


# --- your data ----------------------------------------------------------------------------


def data_exports_for(user: Any, *, limit: int = 5) -> list[DataExport]:
    """The person's latest data exports, newest first."""
    return list(DataExport.objects.filter(user_id=user.pk).order_by("-requested_at", "-id")[:limit])


def access_data_export_by_id(actor: Any, export_id: int) -> DataExport:
    """One of the actor's exports that is ready and not expired; NotFound otherwise (someone else's,
    still being prepared, or past its link's time)."""
    export = DataExport.objects.filter(
        pk=export_id, user_id=actor.pk, status=DataExportStatus.READY, expires_at__gt=clock.now()
    ).first()
    if export is None or not export.file:
        raise NotFound("No such export, or its link has expired.")
    return export


def scheduled_deletion_for(user: Any) -> AccountDeletion | None:
    """The person's deletion waiting for its grace period to end, if any."""
    return AccountDeletion.objects.filter(user_id=user.pk, status=DeletionStatus.SCHEDULED).first()


def erased_account_ids(user_ids: set[int]) -> set[int]:
    """Which of these accounts were erased on their owner's request (docs/rules.md "Your data")."""
    if not user_ids:
        return set()
    erased = User.objects.filter(pk__in=user_ids, is_active=False, email__endswith=f"@{ERASED_EMAIL_DOMAIN}")
    return set(erased.values_list("pk", flat=True))
