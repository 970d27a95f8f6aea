"""Web form of notification preferences: it parses input; the rules live in actions."""

from __future__ import annotations

from typing import Any

from django import forms

from workfair.notifications.models import EmailFrequency
from workfair.notifications.queries import CategoryChoice


class NotificationPreferencesForm(forms.Form):
    """Per category: shown in the app (a checkbox) and how often by e-mail (right away, daily
    digest, never). Locked channels are shown disabled and always read as on."""

    def __init__(self, *args: Any, choices: list[CategoryChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        for choice in choices:
            key = choice.category.value
            self.fields[f"in_app_{key}"] = forms.BooleanField(
                required=False, initial=choice.in_app, label="In the app", disabled=choice.in_app_locked
            )
            self.fields[f"email_{key}"] = forms.ChoiceField(
                choices=EmailFrequency.choices,
                initial=choice.email,
                label="By e-mail",
                disabled=choice.email_locked,
            )

    def rows(self) -> list[tuple[CategoryChoice, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"in_app_{c.category.value}"], self[f"email_{c.category.value}"]) for c in self.choices]

    def chosen(self) -> dict[str, tuple[bool, str]]:
        return {
            c.category.value: (
                bool(self.cleaned_data[f"in_app_{c.category.value}"]),
                str(self.cleaned_data[f"email_{c.category.value}"]),
            )
            for c in self.choices
        }
