"""The account's own part of "download my data" and of the erasure (`core.personal_data`):
the account, its e-mail addresses, two-factor (whether it is on, never its secrets), API tokens
(names and prefixes, never hashes), organisations, sessions and earlier exports. Registered from
`AccountsConfig.ready`. The account row itself is pseudonymised last by `actions.do_erase_account`."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession

from workfair.accounts.models import AccountDeletion, ApiToken, DataExport, Membership
from workfair.core.personal_data import ExportPart, delete_file_on_commit, register_personal_data


def export_account(user: Any) -> ExportPart:
    return ExportPart(
        records={
            "account": {
                "id": user.pk,
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "public_name": user.public_name,
                "name_display": user.name_display,
                "verified_first_name": user.verified_first_name,
                "verified_last_name": user.verified_last_name,
                "name_verified_at": user.name_verified_at,
                "is_client": user.is_client,
                "is_freelancer": user.is_freelancer,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
            },
            "email_addresses": list(
                EmailAddress.objects.filter(user_id=user.pk).order_by("pk").values("email", "verified", "primary")
            ),
            "two_factor": list(
                Authenticator.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("type", "created_at", "last_used_at")
            ),
            "api_tokens": list(
                ApiToken.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("name", "key_prefix", "created_at", "last_used_at", "revoked_at")
            ),
            "organisations": list(
                Membership.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("organization__name", "role", "created_at")
            ),
            "sessions": list(
                UserSession.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("created_at", "last_seen_at", "ip", "user_agent")
            ),
            "data_exports": list(
                DataExport.objects.filter(user_id=user.pk).order_by("pk").values("status", "requested_at", "ready_at")
            ),
            "deletion_requests": list(
                AccountDeletion.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("status", "requested_at", "erase_after", "cancelled_at")
            ),
        }
    )


def erase_account(user: Any) -> dict[str, int]:
    """Sign-in means go (e-mail addresses, two-factor, tokens, sessions), memberships end, export
    archives are deleted. The deletion requests stay: the record that the erasure happened."""
    for session in UserSession.objects.filter(user_id=user.pk):
        session.end()  # the session's row in the session store goes too
    exports = list(DataExport.objects.filter(user_id=user.pk))
    for export in exports:
        delete_file_on_commit(export.file)
    return {
        "email_addresses": EmailAddress.objects.filter(user_id=user.pk).delete()[0],
        "authenticators": Authenticator.objects.filter(user_id=user.pk).delete()[0],
        "api_tokens": ApiToken.objects.filter(user_id=user.pk).delete()[0],
        "memberships": Membership.objects.filter(user_id=user.pk).delete()[0],
        "data_exports": DataExport.objects.filter(user_id=user.pk).delete()[0],
    }


def register() -> None:
    register_personal_data("account", export=export_account, erase=erase_account)
