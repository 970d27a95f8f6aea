"""Template filters for showing job posts."""

from __future__ import annotations

from django import template

from workfair.core.money import format_money
from workfair.jobs.models import Job
from workfair.jobs.states import BudgetType

register = template.Library()


@register.filter
def job_budget(job: Job) -> str:
    """The budget in words: "$500.00 fixed price", "$25.00/hr" or "$20.00 to $40.00/hr"."""
    if job.budget_type == BudgetType.FIXED:
        return f"{format_money(job.budget_max, job.currency)} fixed price"
    low = format_money(job.budget_min, job.currency)
    if job.budget_min == job.budget_max:
        return f"{low}/hr"
    return f"{low} to {format_money(job.budget_max, job.currency)}/hr"
