"""Decision notices (issue 13, item 5): "how to appeal" only on decisions against the person."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.notifications.models import Notification
from workfair.trust.actions import do_decide_case, do_file_appeal, do_record_signal
from workfair.trust.models import Decision
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]

SCAM = "Hello, I am a recruiter. To receive your payment you must pay a processing fee first, contact me on telegram"


def test_a_won_appeal_tells_the_person_without_offering_an_appeal(freelancer_user: Any) -> None:
    do_record_signal(actor=freelancer_user, kind="message.sent", surface="message", target_type="messaging.message",
                     target_id=7, text=SCAM, context={"contract_active": True, "account_age_days": 90})  # fmt: skip
    decision = Decision.objects.get(rule_key="scam-hold")
    against = Notification.objects.get(recipient=freelancer_user, url__endswith=f"/{decision.pk}/")
    assert "How to appeal" in against.body

    appeal = do_file_appeal(actor=freelancer_user, decision_id=decision.pk, statement="A quote from a scam I got.")
    do_decide_case(actor=StaffFactory(role="senior_moderator"), case=appeal.case, resolution="reverse")

    reversal = Decision.objects.get(rule_key="manual-reverse")
    notice = Notification.objects.get(recipient=freelancer_user, url__endswith=f"/{reversal.pk}/")
    assert notice.title == "Trust and safety: a decision about you was reversed"
    assert "How to appeal" not in notice.body
    assert "in your favour" in notice.body
