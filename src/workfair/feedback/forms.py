"""Web forms for feedback: they parse input; the rules live in actions."""

from __future__ import annotations

from typing import Any

from django import forms

from workfair.feedback.states import CRITERIA, REPLY_MAX, STARS, TEXT_MAX

STAR_CHOICES = [(str(n), f"{n} star{'s' if n > 1 else ''}") for n in STARS]
RECOMMEND_CHOICES = [("", "Choose…")] + [(str(n), str(n)) for n in range(0, 11)]


class StarsField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=STAR_CHOICES, coerce=int, widget=forms.RadioSelect, **kwargs)


class ReviewForm(forms.Form):
    """Public feedback (overall stars, the role's criteria, text) and private feedback."""

    rating = StarsField(label="Overall rating")
    text = forms.CharField(
        max_length=TEXT_MAX,
        label="Your feedback in words",
        help_text="Shown on their profile once both of you have written, or when the 14 days are over.",
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
    )
    work_again = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Would you work with them again?",
    )
    recommend = forms.TypedChoiceField(
        choices=RECOMMEND_CHOICES,
        coerce=int,
        label="How likely are you to recommend them? (0 = not at all, 10 = certainly)",
    )

    def __init__(self, *args: Any, role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = CRITERIA[role]
        for key, label in self.criteria:
            self.fields[f"criterion_{key}"] = StarsField(label=label)

    def criteria_fields(self) -> list[Any]:
        return [self[f"criterion_{key}"] for key, _ in self.criteria]

    def criteria_values(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"criterion_{key}"] for key, _ in self.criteria}


class ReplyForm(forms.Form):
    text = forms.CharField(
        max_length=REPLY_MAX,
        label="Your public answer",
        help_text="You can answer once; it is shown under the review.",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REPLY_MAX}),
    )
