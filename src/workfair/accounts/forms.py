"""Extra sign-up fields: names and the roles the person wants to act in."""

from __future__ import annotations

from typing import Any

from django import forms


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
