"""The staff console: who gets in, MFA, queues with constant queries, working a case, policy editor, audit."""

from __future__ import annotations

import json
from typing import Any

import pytest

from workfair.accounts.tests.factories import log_in_with_two_factor, with_totp
from workfair.jobs.actions import do_review_job_post
from workfair.jobs.states import JobStatus
from workfair.jobs.tests.factories import JobFactory
from workfair.trust.models import Case, PolicyVersion
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]

BORDERLINE = "Chemistry homework help for a high school student, two sessions a week, patient tutor wanted"


def _queued_job(client_user: Any) -> Any:
    job: Any = JobFactory(
        client=client_user, description=BORDERLINE, status=JobStatus.SUBMITTED, opened_at=None, expires_at=None
    )
    do_review_job_post(job.pk)
    return job


def test_non_staff_get_404_and_anonymous_are_sent_to_log_in(client: Any, freelancer_user: Any) -> None:
    assert client.get("/console/").status_code == 302
    client.force_login(freelancer_user)
    assert client.get("/console/").status_code == 404
    assert client.get("/console/queues/job_posts/").status_code == 404
    staff_without_role = StaffFactory(role="on_duty")
    client.force_login(staff_without_role)
    assert client.get("/console/").status_code == 404


def test_staff_without_mfa_are_sent_to_set_it_up(client: Any) -> None:
    client.force_login(StaffFactory())
    response = client.get("/console/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_moderator_claims_and_approves_a_job_post_in_the_console(client: Any, client_user: Any) -> None:
    job = _queued_job(client_user)
    moderator = with_totp(StaffFactory())
    log_in_with_two_factor(client, moderator)
    page = client.get("/console/queues/job_posts/")
    assert page.status_code == 200
    assert b"Job post that may be prohibited" in page.content
    case = Case.objects.get(queue="job_posts")
    assert client.get(f"/console/cases/{case.pk}/").status_code == 200
    assert client.post(f"/console/cases/{case.pk}/claim/").status_code == 302
    other = with_totp(StaffFactory())
    log_in_with_two_factor(client, other)
    refused = client.post(f"/console/cases/{case.pk}/decide/", {"resolution": "remove"})
    assert refused.status_code == 409
    log_in_with_two_factor(client, moderator)
    assert client.post(f"/console/cases/{case.pk}/decide/", {"resolution": "approve"}).status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN


def test_queue_page_uses_constant_queries(client: Any, client_user: Any, django_assert_max_num_queries: Any) -> None:
    moderator = with_totp(StaffFactory())
    log_in_with_two_factor(client, moderator)
    for _ in range(5):
        _queued_job(client_user)
    with django_assert_max_num_queries(12):
        assert client.get("/console/queues/job_posts/").status_code == 200
    for _ in range(10):
        _queued_job(client_user)
    with django_assert_max_num_queries(12):
        assert client.get("/console/queues/job_posts/").status_code == 200


def test_appeals_queue_needs_a_senior_moderator(client: Any) -> None:
    log_in_with_two_factor(client, with_totp(StaffFactory()))
    assert client.get("/console/queues/appeals/").status_code == 403
    log_in_with_two_factor(client, with_totp(StaffFactory(role="senior_moderator")))
    assert client.get("/console/queues/appeals/").status_code == 200


def test_policy_editor_shows_validation_errors_and_saves_nothing(client: Any) -> None:
    admin = with_totp(StaffFactory(role="admin"))
    log_in_with_two_factor(client, admin)
    assert client.get("/console/policy/").status_code == 200
    bad: dict[str, Any] = {"key": "x-rule", "title": "X", "mode": "enforce",
           "when": {"finding": {"category": "contact", "min_score": 9}},
           "outcome": "mask", "effects": [], "reason": "Because of reasons."}  # fmt: skip
    response = client.post("/console/policy/rules/new/", {"definition": json.dumps(bad)})
    assert response.status_code == 400
    assert b"when.finding.min_score: must be a number from 0 to 1" in response.content
    broken = client.post("/console/policy/rules/new/", {"definition": "{not json"})
    assert broken.status_code == 400
    assert b"not valid JSON" in broken.content
    assert PolicyVersion.objects.count() == 1
    bad["when"]["finding"]["min_score"] = 0.9
    assert client.post("/console/policy/rules/new/", {"definition": json.dumps(bad)}).status_code == 302
    assert PolicyVersion.objects.get(is_active=True).number == 2


def test_moderator_cannot_edit_policy_but_sees_shadow_hits(client: Any) -> None:
    log_in_with_two_factor(client, with_totp(StaffFactory()))
    page = client.get("/console/policy/")
    assert page.status_code == 200
    assert b"spam-low-confidence" in page.content
    assert client.get("/console/policy/rules/spam-hold/").status_code == 403
    assert client.post("/console/policy/rules/spam-hold/mode/", {"mode": "off"}).status_code == 403


def test_audit_search_filters_by_action(client: Any, client_user: Any) -> None:
    _queued_job(client_user)
    log_in_with_two_factor(client, with_totp(StaffFactory(role="senior_moderator")))
    page = client.get("/console/audit/", {"action": "trust.case"})
    assert page.status_code == 200
    assert b"trust.case.open" in page.content
    log_in_with_two_factor(client, with_totp(StaffFactory()))
    assert client.get("/console/audit/").status_code == 403


def test_queue_pages_follow_work_order_across_open_and_claimed_cases(client_user: Any, monkeypatch: Any) -> None:
    import datetime as dt

    from workfair.console import queries
    from workfair.core import clock
    from workfair.trust.cases import priority_time

    monkeypatch.setattr(queries, "QUEUE_PAGE_SIZE", 4)
    moderator: Any = StaffFactory()
    now = clock.now()
    made = []
    for k in range(11):  # risk spreads the priority times; some claimed, one escalated, one decided
        due = now + dt.timedelta(minutes=30)
        status = "claimed" if k % 3 == 0 else ("decided" if k == 5 else "open")
        made.append(Case.objects.create(queue="job_posts", title=f"case {k}", subject=client_user, risk=k * 7,
                                        due_at=due, priority_at=priority_time(due, k * 7), status=status,
                                        escalated=k == 2, claimed_by=moderator if status == "claimed" else None,
                                        created_at=now, updated_at=now))  # fmt: skip
    expected = [c.pk for c in sorted((c for c in made if c.status != "decided"),
                                     key=lambda c: (not c.escalated, c.priority_at, c.pk))]  # fmt: skip
    seen: list[int] = []
    page, has_next = 1, True
    while has_next:
        result = queries.queue_page(moderator, "job_posts", page)
        seen.extend(row.id for row in result.cases)
        has_next, page = result.has_next, page + 1
    assert seen == expected
    first = queries.queue_page(moderator, "job_posts", 1).cases[0]
    assert (first.title, first.escalated, first.subject_email) == ("case 2", True, client_user.email)
    assert first.due_label.startswith("in ")


@pytest.mark.parametrize(("claimed_share", "page_size"), [(0.0, 5), (0.3, 4), (0.8, 3), (1.0, 7)])
def test_queue_pages_equal_one_sorted_list_however_many_are_claimed(
    client_user: Any, claimed_share: float, page_size: int, monkeypatch: Any
) -> None:
    import datetime as dt
    import random

    from workfair.console import queries
    from workfair.core import clock
    from workfair.trust.cases import priority_time

    monkeypatch.setattr(queries, "QUEUE_PAGE_SIZE", page_size)
    rng = random.Random(int(claimed_share * 10) + page_size)
    moderator: Any = StaffFactory()
    now = clock.now()
    cases = []
    for k in range(40):
        due = now + dt.timedelta(minutes=rng.randint(0, 90))
        status = "claimed" if rng.random() < claimed_share else rng.choice(["open", "open", "decided"])
        claimant = moderator if status == "claimed" else None
        cases.append(Case(queue="job_posts", title=f"case {k}", subject=client_user, risk=rng.randint(0, 100),
                          due_at=due, priority_at=due, status=status, escalated=rng.random() < 0.2,
                          claimed_by=claimant, created_at=now, updated_at=now))  # fmt: skip
    for case in cases:
        case.priority_at = priority_time(case.due_at, case.risk)
    Case.objects.bulk_create(cases)
    active = Case.objects.filter(status__in=["open", "claimed"])
    expected = [c.pk for c in sorted(active, key=lambda c: (not c.escalated, c.priority_at, c.pk))]
    pages = [[row.id for row in queries.queue_page(moderator, "job_posts", n).cases] for n in range(1, 20)]
    assert [pk for page in pages for pk in page] == expected
    assert all(len(page) == page_size for page in pages[: len(expected) // page_size])
