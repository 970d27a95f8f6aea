"""Web forms for proposals and invitations: they parse input; the rules live in actions."""

from __future__ import annotations

from typing import Any

from django import forms

from workfair.core.errors import InvalidInput
from workfair.core.money import to_minor
from workfair.jobs.states import JobDuration
from workfair.proposals.actions import COVER_LETTER_MAX, COVER_LETTER_MIN, INVITATION_MESSAGE_MAX
from workfair.proposals.attachments import ALLOWED_KINDS, MAX_ATTACHMENTS
from workfair.trust.interface import check_widget_attrs


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (the browser's `multiple` input)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED_KINDS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ProposalForm(forms.Form):
    cover_letter = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10, **check_widget_attrs(surface="proposal", field="cover_letter")}),
        min_length=COVER_LETTER_MIN,
        max_length=COVER_LETTER_MAX,
        help_text=f"{COVER_LETTER_MIN} to {COVER_LETTER_MAX} characters.",
    )
    amount = forms.DecimalField(min_value=0, max_digits=12, decimal_places=2)
    estimated_duration = forms.ChoiceField(
        choices=[("", "Not sure yet"), *JobDuration.choices], required=False, label="How long will it take?"
    )
    attachments = MultipleFileField(
        required=False, help_text=f"Up to {MAX_ATTACHMENTS} files: {', '.join(sorted(ALLOWED_KINDS))}."
    )

    def __init__(self, *args: Any, currency: str, amount_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["amount"].label = f"{amount_label} ({currency})"

    def clean_amount(self) -> int:
        try:
            return to_minor(self.cleaned_data["amount"], self.currency)
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from exc


class DeclineForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class InvitationForm(forms.Form):
    """Who to invite: picked from the list, or typed as the member number on their profile. Never
    an e-mail address: the answer to "invite this address" would tell a client who has an account."""

    freelancer_pick = forms.TypedChoiceField(coerce=int, required=False, label="Pick a freelancer", empty_value=None)
    freelancer = forms.CharField(
        max_length=20,
        required=False,
        label="Or type their member number",
        help_text="The number after # on their profile, e.g. 1234.",
    )
    message = forms.CharField(
        max_length=INVITATION_MESSAGE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, freelancers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["freelancer_pick"].choices = [("", "Choose..."), *freelancers]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        typed = (cleaned.get("freelancer") or "").strip().lstrip("#")
        if not cleaned.get("freelancer_pick") and not typed:
            raise forms.ValidationError("Pick a freelancer or type their member number.")
        if typed and not typed.isdigit():
            # The same answer for every address, whether or not it has an account.
            self.add_error(
                "freelancer", "Type the member number from their profile (digits only), not an e-mail address."
            )
        cleaned["freelancer"] = typed
        return cleaned
