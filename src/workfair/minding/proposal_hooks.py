"""How the minding app plugs into proposals (`proposals.hooks`): the check on submit, the client's
list without tossed letters and with specific letters first, the client's spam-flag button, and
the generic-letter warning on the proposal form. Registered from `MindingConfig.ready`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse

from workfair.minding import actions, policy, queries
from workfair.minding.states import ReviewStatus
from workfair.proposals import hooks


def client_listing(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Tossed letters leave the list; the rest: specific letters first (generic ones, templates and
    copies last), then by specificity, then oldest first. Letters not checked count as specific."""
    generic = Q(letter_check__template_score__gte=float(policy.setting("TEMPLATE_THRESHOLD"))) | Q(
        letter_check__specificity__lt=float(policy.setting("SPECIFIC_MIN"))
    )
    return (
        queryset.exclude(letter_check__review_status=ReviewStatus.TOSSED)
        .annotate(minding_generic=Case(When(generic, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("minding_generic", F("letter_check__specificity").desc(nulls_last=True), "created_at", "id")
    )


def client_extras(request: Any, proposals: Sequence[Any]) -> dict[int, str]:
    """The letter's label and the one-click "flag as spam" button, per proposal (two queries)."""
    if not proposals:
        return {}
    checks = queries.checks_for_client(request.user, [p.pk for p in proposals])
    token = get_token(request)
    out: dict[int, str] = {}
    for proposal in proposals:
        state = checks.get(proposal.pk)
        out[proposal.pk] = render_to_string(
            "minding/_client_letter.html",
            {
                "proposal": proposal,
                "check": state.check if state else None,
                "flagged": bool(state and state.flagged_by_viewer),
                "flag_url": reverse("minding:flag", args=[proposal.pk]),
                "csrf_token": token,
            },
        )
    return out


def form_extras(request: Any, job: Any) -> str:
    """The element the proposal form's cover letter fills, as the freelancer types, with a warning
    when the letter looks generic (`views.letter_check`)."""
    return render_to_string("minding/_letter_check_slot.html", {"url": reverse("minding:letter_check", args=[job.pk])})


def register() -> None:
    hooks.register_submitted(actions.do_check_letter)
    hooks.register_client_listing(client_listing)
    hooks.register_client_extras(client_extras)
    hooks.register_form_extras(form_extras)
