"""Extra sign-up fields: names and the roles the person wants to act in."""

from __future__ import annotations

from typing import Any

from django import forms

from workfair.accounts.states import NameDisplay, OrganizationRole


class SignupExtraForm(forms.Form):
    first_name = forms.CharField(max_length=60, label="First name")
    last_name = forms.CharField(max_length=60, label="Last name")
    wants_to_hire = forms.BooleanField(required=False, label="I want to hire (client)")
    wants_to_work = forms.BooleanField(required=False, label="I want to work (freelancer)")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("wants_to_hire") and not cleaned.get("wants_to_work"):
            raise forms.ValidationError("Choose at least one: hire, work, or both.")
        return cleaned

    def signup(self, request: Any, user: Any) -> None:
        from workfair.accounts.actions import do_complete_signup

        do_complete_signup(
            user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            is_client=self.cleaned_data["wants_to_hire"],
            is_freelancer=self.cleaned_data["wants_to_work"],
        )


class AccountSettingsForm(forms.Form):
    """Names, how the public name shows, and roles."""

    first_name = forms.CharField(max_length=60, label="First name")
    last_name = forms.CharField(max_length=60, label="Last name")
    name_display = forms.ChoiceField(
        choices=NameDisplay.choices,
        label="Show my name as",
        widget=forms.RadioSelect,
        help_text="What other people see on your profile, proposals and messages.",
    )
    is_client = forms.BooleanField(required=False, label="I hire (client)")
    is_freelancer = forms.BooleanField(required=False, label="I work (freelancer)")

    def __init__(self, *args: Any, name_locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if name_locked:
            for name in ("first_name", "last_name"):
                self.fields[name].disabled = True
                self.fields[
                    name
                ].help_text = "Confirmed when you verified your identity. To correct it, contact support."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("is_client") and not cleaned.get("is_freelancer"):
            raise forms.ValidationError("Keep at least one role: hire, work, or both.")
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=80, label="Token name", help_text="Where you will use it, e.g. “time tracker”.")


class OrganizationForm(forms.Form):
    name = forms.CharField(max_length=120, label="Organisation name")


class MemberForm(forms.Form):
    email = forms.EmailField(label="E-mail address of the person", help_text="They need a Workfair account.")
    role = forms.ChoiceField(choices=OrganizationRole.choices, initial=OrganizationRole.MEMBER, label="Role")


class AccountDeletionForm(forms.Form):
    """Deleting the account asks for the password again, and a two-factor code when it is on."""

    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), max_length=256
    )
    code = forms.CharField(
        label="Two-factor code",
        required=False,
        max_length=64,
        help_text="The code from your authenticator app, or a recovery code.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    confirm = forms.BooleanField(
        label="I understand that my account, profiles and personal data will be erased after the waiting period.",
    )

    def __init__(self, *args: Any, two_factor: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if two_factor:
            self.fields["code"].required = True
        else:
            del self.fields["code"]
