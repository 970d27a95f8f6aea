"""Web forms for offers and contracts: they parse input; the rules live in actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict

from workfair.contracts.actions import MAX_MILESTONES
from workfair.contracts.states import ContractType, EndReason
from workfair.core.errors import InvalidInput
from workfair.core.money import to_minor

DEFAULT_MILESTONE_ROWS = 3


class OfferForm(forms.Form):
    title = forms.CharField(max_length=120)
    description = forms.CharField(max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 6}))
    contract_type = forms.ChoiceField(choices=ContractType.choices, widget=forms.RadioSelect, label="Contract type")
    hourly_rate = forms.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2, label="Hourly rate (hourly contracts)"
    )
    weekly_limit_hours = forms.IntegerField(
        required=False, min_value=1, max_value=80, label="Weekly limit in hours (hourly contracts)"
    )
    manual_time_allowed = forms.BooleanField(required=False, label="Allow manual time (never guaranteed)")

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["hourly_rate"].label = f"Hourly rate in {currency} (hourly contracts)"

    def clean_hourly_rate(self) -> int | None:
        value = self.cleaned_data.get("hourly_rate")
        if value is None:
            return None
        try:
            return to_minor(value, self.currency)
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from exc


def milestone_rows(data: QueryDict | None, rows: int) -> list[dict[str, str]]:
    """The milestone rows as typed (for redisplay): `rows` of them, from `data` when posted."""
    return [
        {
            "number": str(n),
            "title": data.get(f"milestone_title_{n}", "") if data else "",
            "amount": data.get(f"milestone_amount_{n}", "") if data else "",
            "due_date": data.get(f"milestone_due_{n}", "") if data else "",
        }
        for n in range(1, rows + 1)
    ]


def parse_milestones(data: QueryDict, currency: str) -> list[dict[str, Any]]:
    """Turn the posted milestone rows into `{title, amount, due_date}` (blank rows skipped).
    Raises InvalidInput for an amount or date that cannot be read."""
    parsed = []
    for n in range(1, MAX_MILESTONES + 1):
        title = (data.get(f"milestone_title_{n}") or "").strip()
        amount_text = (data.get(f"milestone_amount_{n}") or "").strip()
        due_text = (data.get(f"milestone_due_{n}") or "").strip()
        if not (title or amount_text or due_text):
            continue
        if not amount_text:
            raise InvalidInput(f"Milestone {n} needs an amount.")
        try:
            due_date = dt.date.fromisoformat(due_text) if due_text else None
        except ValueError as exc:
            raise InvalidInput(f"Milestone {n}: the due date is not a date (YYYY-MM-DD).") from exc
        parsed.append({"title": title, "amount": to_minor(amount_text, currency), "due_date": due_date})
    return parsed


class AcceptOfferForm(forms.Form):
    nda_version_id = forms.IntegerField(widget=forms.HiddenInput)
    accept_nda = forms.BooleanField(required=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EndContractForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[(EndReason.COMPLETED, "The work is completed"), ("", "Ending it for another reason")],
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TimeEntryForm(forms.Form):
    """Manual time on an hourly contract: the day, hours and minutes, and a memo."""

    date = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.IntegerField(min_value=0, max_value=24, initial=0)
    minutes = forms.IntegerField(min_value=0, max_value=59, initial=0, required=False)
    memo = forms.CharField(max_length=500, label="What you worked on")

    def total_minutes(self) -> int:
        return int(self.cleaned_data["hours"]) * 60 + int(self.cleaned_data.get("minutes") or 0)


class DisputeHoursForm(forms.Form):
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), label="Which hours, and why")
