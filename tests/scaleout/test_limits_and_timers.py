"""Limits and timers across the installation's processes (tests/scaleout/world.py):

- The report limit (10 an hour per reporter) counts reports filed through either server: it is
  counted in the database both share, under the reporter's row lock.
- The as-you-type check limit (60 a minute) counts in the shared cache (Redis): calls spread over
  the two servers meet the same count.
- Timers fire from the worker's beat schedule at the operator's intervals (WORKFAIR_TIMER_SECONDS):
  an overdue job-post review case is escalated, and a submitted milestone past its review window is
  released from escrow.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tests.scaleout.world import DELIVERY_SECONDS, TIMER_SECONDS, api, poll, script, sql

pytestmark = [pytest.mark.scaleout, pytest.mark.slow]

REPORTS_PER_HOUR = 10  # trust's default (workfair.trust.config)
CHECKS_PER_MINUTE = 60  # workfair.trust.checking

PEOPLE = """
import json, django
django.setup()
from workfair.accounts.actions import do_create_api_token
from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.jobs.tests.factories import JobFactory
poster, reporter, typist, second_typist = ClientFactory(), FreelancerFactory(), FreelancerFactory(), FreelancerFactory()
jobs = [JobFactory(client=poster).pk for _ in range(11)]
tokens = [do_create_api_token(person, "scale-out limits")[1] for person in (reporter, typist, second_typist)]
print(json.dumps({"jobs": jobs, "reporter": reporter.pk, "tokens": tokens}))
"""

DUE_TIMERS = """
import datetime as dt, json, django
django.setup()
from django.db import transaction
from workfair.accounts.tests.factories import ClientFactory
from workfair.contracts import actions as contracts
from workfair.contracts.tests.factories import started_contract
from workfair.core import clock
from workfair.trust.cases import open_or_join_case
with clock.frozen_at(clock.now() - dt.timedelta(days=15)):  # submitted 15 days ago: past the 14-day window
    contract = started_contract()
    milestone = contract.milestones.order_by("position").first()
    assert contracts.do_fund_milestone(actor=contract.client, milestone=milestone).ok
    milestone.refresh_from_db()
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
poster = ClientFactory()
with clock.frozen_at(clock.now() - dt.timedelta(hours=1)), transaction.atomic():  # due 30 minutes ago
    case, _ = open_or_join_case(queue="job_posts", title="Job post: scale-out timer", subject_id=poster.pk,
                                target_type="jobs.job", target_id="424242", risk=10)
print(json.dumps({"milestone": milestone.pk, "case": case.pk, "before": [case.escalated, milestone.status]}))
"""


@pytest.fixture(scope="module")
def people(installation: dict[str, Any]) -> dict[str, Any]:
    return json.loads(script(installation, PEOPLE))  # type: ignore[no-any-return]


def test_the_report_limit_counts_reports_filed_through_both_servers(
    installation: dict[str, Any], people: dict[str, Any]
) -> None:
    ports, token, jobs = installation["ports"], people["tokens"][0], people["jobs"]
    for n, job in enumerate(jobs[:REPORTS_PER_HOUR]):
        status, answer = api(installation, ports[n % 2], "/trust/reports", token,
                             {"target_type": "job", "target_id": job, "reason": "spam"})  # fmt: skip
        assert status == 201, answer
    # five went through each server; the eleventh is refused by either
    for port in ports:
        status, answer = api(installation, port, "/trust/reports", token,
                             {"target_type": "job", "target_id": jobs[-1], "reason": "spam"})  # fmt: skip
        assert status == 429, answer
    rows = sql(installation, "SELECT count(*) FROM trust_report WHERE reporter_id = %s", people["reporter"])
    assert rows == [(REPORTS_PER_HOUR,)]


def test_the_check_limit_counts_in_the_shared_cache_across_both_servers(
    installation: dict[str, Any], people: dict[str, Any]
) -> None:
    ports = installation["ports"]
    body = {"text": "I design logos and brand guides.", "surface": "profile"}
    # The limit counts per clock minute: a run that straddles a minute is done again by a second
    # person in the new minute (61 calls take seconds, so the second run fits in one).
    for token in people["tokens"][1:]:
        minute = int(time.time() // 60)
        statuses = [api(installation, ports[n % 2], "/trust/check", token, body)[0] for n in range(CHECKS_PER_MINUTE)]
        last = [api(installation, port, "/trust/check", token, body)[0] for port in ports]
        if int(time.time() // 60) == minute:
            break
    else:
        pytest.fail("two runs of 62 checks each straddled a minute")
    assert statuses == [200] * CHECKS_PER_MINUTE
    assert last == [429, 429]


def test_timers_fire_from_the_worker_at_the_operators_intervals(installation: dict[str, Any]) -> None:
    assert f"escalate-overdue-cases={TIMER_SECONDS}" in installation["env"]["WORKFAIR_TIMER_SECONDS"]
    due = json.loads(script(installation, DUE_TIMERS))
    assert due["before"] == [False, "submitted"]  # as made; the timers may fire as soon as it is committed

    def fired() -> bool:
        escalated = sql(installation, "SELECT escalated FROM trust_case WHERE id = %s", due["case"])
        released = sql(installation, "SELECT status FROM contracts_milestone WHERE id = %s", due["milestone"])
        return escalated == [(True,)] and released == [("approved",)]

    # The schedule's own intervals are 1 and 15 minutes (the worker started minutes ago, so its first
    # 15-minute release is still far off): only the operator's 2 seconds release the escrow in time.
    poll(fired, seconds=DELIVERY_SECONDS * 2, what="the beat timers to escalate the case and release the escrow")
    holds = sql(installation, "SELECT status FROM payments_escrowhold WHERE target_id = %s", str(due["milestone"]))
    assert holds == [("released",)]
