"""Forms of the money pages. Amounts are typed as decimals and turned into minor units by
`core.money.to_minor` (never floats)."""

from __future__ import annotations

from django import forms

from workfair.payments.states import EntryKind


class CardForm(forms.Form):
    card_number = forms.CharField(
        max_length=40,
        label="Card number",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "cc-number"}),
    )
    exp_month = forms.IntegerField(min_value=1, max_value=12, label="Expiry month")
    exp_year = forms.IntegerField(min_value=2000, max_value=2100, label="Expiry year")
    cvc = forms.CharField(
        max_length=4,
        label="Security code (CVC)",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "cc-csc"}),
    )


class BankForm(forms.Form):
    routing_number = forms.CharField(max_length=20, label="Routing number")
    account_number = forms.CharField(max_length=40, label="Account number")


class WithdrawForm(forms.Form):
    amount = forms.CharField(max_length=20, label="Amount")


class HistoryFilter(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Everything"), *EntryKind.choices], required=False, label="Kind")
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
