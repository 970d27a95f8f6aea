"""API tokens end with the password, whichever way it changes.

The account adapter (allauth's change, set and reset forms) and the Django admin's password forms
end the tokens themselves, with an audit row naming the way. This is the net under every other
way (`workfair changepassword`, a shell, any future form): Django calls `password_changed` of each
entry of AUTH_PASSWORD_VALIDATORS whenever a saved account's password changes, so it is listed
there. It checks nothing about the password itself.
"""

from __future__ import annotations

from typing import Any

from workfair.accounts.actions import do_end_api_tokens_on_password_change


class ApiTokensEndWithThePassword:
    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is not None and user.pk is not None:
            do_end_api_tokens_on_password_change(user, actor=None, via="password_changed")

    def get_help_text(self) -> str:
        return "Changing your password ends your API tokens."
