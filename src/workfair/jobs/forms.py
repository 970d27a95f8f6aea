"""Forms of the job pages: they parse what people type; the posting rules live in the actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings

from workfair.core.errors import InvalidInput
from workfair.core.money import MINOR_UNITS, exponent, to_minor
from workfair.jobs.actions import DESCRIPTION_MAX, DESCRIPTION_MIN, MAX_SKILLS, TITLE_MAX, TITLE_MIN
from workfair.jobs.models import Category, Job
from workfair.jobs.queries import MAX_FILTER_SKILLS, MAX_QUERY_CHARS
from workfair.jobs.states import BudgetType, CloseReason, ExperienceLevel, JobDuration, JobVisibility
from workfair.skills.models import Skill
from workfair.trust.interface import check_widget_attrs

# Wide enough for any budget the rules allow; anything longer is refused by the field itself.
AMOUNT_DIGITS = 12


def amount_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


def major_units(amount: int, currency: str) -> Decimal:
    """Minor units as the decimal amount a person types ("12.50")."""
    return Decimal(amount).scaleb(-exponent(currency))


class JobForm(forms.Form):
    """Post or edit a job. `action_fields()` gives the keyword arguments of the actions."""

    title = forms.CharField(
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        help_text=f"{TITLE_MIN} to {TITLE_MAX} characters: what needs doing.",
    )
    description = forms.CharField(
        min_length=DESCRIPTION_MIN,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 10, **check_widget_attrs(surface="job_post", field="description")}),
        help_text=f"{DESCRIPTION_MIN} to {DESCRIPTION_MAX:,} characters: the work, the result you expect, deadlines.",
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.order_by("name"), to_field_name="slug", empty_label="Choose a category"
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        help_text=f"Up to {MAX_SKILLS}.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    budget_type = forms.ChoiceField(choices=BudgetType.choices, widget=forms.RadioSelect, initial=BudgetType.FIXED)
    currency = forms.ChoiceField(choices=[(code, code) for code in sorted(MINOR_UNITS)])
    budget_min = amount_field("Fixed budget, or lowest hourly rate")
    budget_max = amount_field("Highest hourly rate", required=False, help_text="Hourly jobs only.")
    duration = forms.ChoiceField(choices=JobDuration.choices)
    experience_level = forms.ChoiceField(choices=ExperienceLevel.choices, initial=ExperienceLevel.INTERMEDIATE)
    visibility = forms.ChoiceField(
        choices=JobVisibility.choices, widget=forms.RadioSelect, initial=JobVisibility.PUBLIC
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].initial = settings.WORKFAIR["CURRENCY"]

    @classmethod
    def initial_for(cls, job: Job) -> dict[str, Any]:
        """The form's starting values for editing `job` (amounts back in major units)."""
        return {
            "title": job.title,
            "description": job.description,
            "category": job.category,
            "skills": list(job.skills.all()),
            "budget_type": job.budget_type,
            "currency": job.currency,
            "budget_min": major_units(job.budget_min, job.currency),
            "budget_max": major_units(job.budget_max, job.currency) if job.budget_type == BudgetType.HOURLY else None,
            "duration": job.duration,
            "experience_level": job.experience_level,
            "visibility": job.visibility,
        }

    def clean_skills(self) -> list[Skill]:
        skills = list(self.cleaned_data.get("skills") or [])
        if len(skills) > MAX_SKILLS:
            raise forms.ValidationError(f"Choose at most {MAX_SKILLS} skills.")
        return skills

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        currency = data.get("currency")
        if currency is None or data.get("budget_min") is None:
            return data
        # A fixed budget is one amount; an hourly rate without a top is a single rate.
        if data.get("budget_type") == BudgetType.FIXED or data.get("budget_max") is None:
            data["budget_max"] = data["budget_min"]
        for name in ("budget_min", "budget_max"):
            try:
                data[f"{name}_minor"] = to_minor(data[name], currency)
            except InvalidInput as exc:
                self.add_error(name, exc.message)
        return data

    def action_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "category": data["category"],
            "skills": data["skills"],
            "budget_type": data["budget_type"],
            "budget_min": data["budget_min_minor"],
            "budget_max": data["budget_max_minor"],
            "currency": data["currency"],
            "duration": data["duration"],
            "experience_level": data["experience_level"],
            "visibility": data["visibility"],
        }


class JobSearchForm(forms.Form):
    """The filters of the search page (all optional). Budgets are typed in the site currency."""

    q = forms.CharField(label="Search", required=False, max_length=MAX_QUERY_CHARS)
    category = forms.ModelChoiceField(
        queryset=Category.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any category"
    )
    budget_type = forms.ChoiceField(label="Budget type", choices=[("", "Any"), *BudgetType.choices], required=False)
    min_budget = amount_field("Budget from", required=False)
    max_budget = amount_field("Budget up to", required=False)
    experience_level = forms.ChoiceField(
        label="Experience level", choices=[("", "Any"), *ExperienceLevel.choices], required=False
    )
    duration = forms.ChoiceField(choices=[("", "Any"), *JobDuration.choices], required=False)
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def clean_skills(self) -> list[Skill]:
        skills = list(self.cleaned_data.get("skills") or [])
        if len(skills) > MAX_FILTER_SKILLS:
            raise forms.ValidationError(f"Filter by at most {MAX_FILTER_SKILLS} skills.")
        return skills

    def search_arguments(self) -> dict[str, Any]:
        """Keyword arguments of `queries.search_jobs` (without page and size)."""
        data = self.cleaned_data
        currency = cast(str, settings.WORKFAIR["CURRENCY"])
        category = data.get("category")
        return {
            "q": data.get("q") or "",
            "category": category.slug if category else None,
            "budget_type": data.get("budget_type") or None,
            "min_budget": to_minor(data["min_budget"], currency) if data.get("min_budget") is not None else None,
            "max_budget": to_minor(data["max_budget"], currency) if data.get("max_budget") is not None else None,
            "experience_level": data.get("experience_level") or None,
            "duration": data.get("duration") or None,
            "skills": [skill.slug for skill in data.get("skills") or []],
        }


class CloseJobForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[(CloseReason.HIRED, "I hired someone"), (CloseReason.CANCELLED, "I no longer need this done")]
    )
