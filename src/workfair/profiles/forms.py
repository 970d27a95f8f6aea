"""Forms of the profile pages. They only parse; rules live in profiles.actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from workfair.core.countries import country_choices
from workfair.profiles.photos import MAX_PHOTO_BYTES
from workfair.profiles.states import Visibility


class FreelancerProfileForm(forms.Form):
    title = forms.CharField(
        max_length=120,
        required=False,
        label="Professional title",
        help_text="One line, e.g. “Django developer for marketplaces”.",
    )
    overview = forms.CharField(
        max_length=5000, required=False, label="Overview", widget=forms.Textarea(attrs={"rows": 6})
    )
    hourly_rate = forms.DecimalField(
        min_value=Decimal(0), max_digits=9, decimal_places=2, required=False, label="Hourly rate"
    )
    country = forms.ChoiceField(choices=country_choices, required=False, label="Country")
    skills = forms.CharField(
        max_length=1000, required=False, label="Skills", help_text="Separated by commas, at most 15."
    )
    available = forms.BooleanField(required=False, label="Available for new work")
    visibility = forms.ChoiceField(
        choices=Visibility.choices, label="Who can see this profile", widget=forms.RadioSelect
    )

    def skill_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data.get("skills", "").split(",") if name.strip()]


class ClientProfileForm(forms.Form):
    company_name = forms.CharField(max_length=120, required=False, label="Company")
    location = forms.CharField(max_length=120, required=False, label="Location")
    country = forms.ChoiceField(choices=country_choices, required=False, label="Country")
    about = forms.CharField(max_length=3000, required=False, label="About", widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(
        choices=Visibility.choices, label="Who can see this profile", widget=forms.RadioSelect
    )


class PhotoForm(forms.Form):
    # A FileField, not an ImageField: profiles.photos does the image checks with limits of our own.
    photo = forms.FileField(
        label="Photo",
        help_text="A clear photo of you, on your own, looking at the camera: JPEG, PNG or WebP, up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}),
    )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data["photo"]
        if photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError("The photo is larger than 5 MB.")
        return photo


class PortfolioItemForm(forms.Form):
    title = forms.CharField(max_length=120, label="Title")
    url = forms.URLField(required=False, label="Link", assume_scheme="https")
    description = forms.CharField(
        max_length=2000, required=False, label="Description", widget=forms.Textarea(attrs={"rows": 3})
    )


class EmploymentItemForm(forms.Form):
    company = forms.CharField(max_length=120, label="Company")
    role = forms.CharField(max_length=120, label="Role")
    start_date = forms.DateField(label="Started", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        required=False, label="Ended (empty if current)", widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        max_length=2000, required=False, label="What you did", widget=forms.Textarea(attrs={"rows": 3})
    )


class FreelancerSearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, label="Keywords")
    skill = forms.ChoiceField(required=False, label="Skill")

    def __init__(self, *args: Any, skill_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "Any skill"), *skill_choices]  # type: ignore[attr-defined]
