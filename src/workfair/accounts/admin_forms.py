"""The Django admin's password forms: a password changed there ends the person's API tokens, as
allauth's forms do (through the account adapter)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.forms import AdminPasswordChangeForm as AdminOwnPasswordChangeForm
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.db import transaction

from workfair.accounts.actions import do_end_api_tokens_on_password_change


class StaffSetPasswordForm(AdminPasswordChangeForm):
    """Staff set someone's password (or switch password log-in off): their API tokens end too."""

    def save(self, commit: bool = True) -> Any:
        with transaction.atomic():  # first, so the audit row names the way (accounts.passwords)
            if commit:
                do_end_api_tokens_on_password_change(self.user, actor=None, via="admin")
            return super().save(commit=commit)


class OwnPasswordChangeForm(AdminOwnPasswordChangeForm):
    """Staff change their own password in the admin (the admin site's password_change page): their API
    tokens end too."""

    def save(self, commit: bool = True) -> Any:
        with transaction.atomic():  # first, so the audit row names the way (accounts.passwords)
            if commit:
                do_end_api_tokens_on_password_change(self.user, actor=self.user, via="admin")
            return super().save(commit=commit)
