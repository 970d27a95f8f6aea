"""Appeals: a person asks for a decision about them to be looked at again by someone else."""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, InvalidTransition
from workfair.trust.cases import open_or_join_case
from workfair.trust.models import (
    Appeal,
)
from workfair.trust.queries import access_decision_by_id, appeal_deadline
from workfair.trust.registry import notify
from workfair.trust.states import (
    Outcome,
    Queue,
)

logger = logging.getLogger(__name__)


def do_file_appeal(*, actor: Any, decision_id: int, statement: str) -> Appeal:
    """Appeal a decision about oneself within the window (6 months). Refusals (nothing written):
    not one's decision (NotFound), appealed already (Conflict), window closed (InvalidTransition),
    nothing to appeal or an empty statement (InvalidInput). Opens a case in the appeals queue,
    which only a senior moderator other than the original decider may decide."""
    decision = access_decision_by_id(actor, decision_id)
    statement = (statement or "").strip()
    if len(statement) < 10:
        raise InvalidInput("Tell us in a few words (at least 10 characters) why the decision is wrong.")
    if len(statement) > 5000:
        raise InvalidInput("The statement can be at most 5,000 characters.")
    if decision.outcome == Outcome.ALLOW and not decision.effects:
        raise InvalidInput("This decision did not act against you; there is nothing to appeal.")
    now = clock.now()
    if now > appeal_deadline(decision):
        raise InvalidTransition(
            f"The time to appeal this decision ended on {appeal_deadline(decision):%d %B %Y}.",
            code="appeal_window_closed",
        )
    with transaction.atomic(durable=True):
        if Appeal.objects.filter(decision_id=decision.pk).exists():
            raise Conflict("You have already appealed this decision.", code="already_appealed")
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(decision=decision, appellant=actor, statement=statement,
                                               created_at=now, updated_at=now)  # fmt: skip
        except IntegrityError as exc:
            raise Conflict("You have already appealed this decision.", code="already_appealed") from exc
        case, _ = open_or_join_case(queue=Queue.APPEALS, title=f"Appeal against {decision.rule_key}",
                                    subject_id=actor.pk, target_type="trust.decision", target_id=str(decision.pk),
                                    risk=50, decision=decision, actor=actor)  # fmt: skip
        appeal.case = case
        appeal.save(update_fields=["case"])
        record_audit(actor=actor, action="trust.appeal.file", target=appeal, data={"decision_id": decision.pk})
        notify(actor, kind="trust.appeal", title="We received your appeal",
                  body="A moderator who did not take the decision will review it and tell you the outcome.",
                  url=reverse("trust:decision", args=[decision.pk]))  # fmt: skip
    return appeal
