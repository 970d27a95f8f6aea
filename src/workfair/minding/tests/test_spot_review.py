"""The spot-review queue: risky and sampled letters reach staff; keep or toss with a reason; a
tossed proposal leaves the client's list and its sender is told why; repeats move the ladder."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import FreelancerFactory, log_in_with_two_factor, with_totp
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidInput, PermissionDenied
from workfair.core.models import AuditLogEntry
from workfair.jobs.tests.factories import JobFactory
from workfair.minding import actions
from workfair.minding.models import LetterCheck
from workfair.minding.states import QueueReason, ReviewStatus
from workfair.minding.tests.conftest import SPECIFIC_DJANGO, TEMPLATE
from workfair.notifications.models import Notification
from workfair.proposals import actions as proposal_actions
from workfair.proposals import queries as proposal_queries
from workfair.trust.interface import standing_levels
from workfair.trust.models import Strike
from workfair.trust.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

OTHER_GENERIC = (
    "Good day! I would be glad to take this on. I am reliable, communicate every day and always deliver "
    "what I promise. You can count on me for a smooth collaboration from start to finish."
)
TOSS_REASON = "The same form letter was sent to many unrelated jobs."


@pytest.fixture(autouse=True)
def _no_quality_sample(settings: Any) -> None:
    settings.WORKFAIR_TRUST = {"QUALITY_SAMPLE_RATE": 0.0}


@pytest.fixture
def staff(client: Client) -> Any:
    member = with_totp(StaffFactory())
    log_in_with_two_factor(client, member)
    return member


def submit(freelancer: Any, job: Any, letter: str) -> Any:
    return proposal_actions.do_submit_proposal(actor=freelancer, job=job, cover_letter=letter, amount=30_000)


def template_sender(client_user: Any, jobs: int = 2) -> tuple[Any, list[Any]]:
    """A freelancer who sent the same form letter to `jobs` jobs of `client_user`."""
    freelancer = FreelancerFactory(date_joined=clock.now() - dt.timedelta(days=60))  # not a new account
    proposals = [submit(freelancer, JobFactory(client=client_user), TEMPLATE) for _ in range(jobs)]
    return freelancer, proposals


def test_the_queue_shows_the_letter_beside_the_one_it_resembles(client: Client, staff: Any, client_user: Any) -> None:
    _, (first, second) = template_sender(client_user)
    page = client.get("/console/spot-review/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Proposal #{second.pk}" in text
    assert f"Most alike: proposal #{first.pk}" in text
    assert "Looks like a template" in text
    assert f"Proposal #{first.pk} on" not in text  # the first sending was not a template yet


def test_a_random_sample_reaches_the_queue(settings: Any, freelancer_user: Any, django_job: Any) -> None:
    settings.WORKFAIR_MINDING = {"SAMPLE_RATE": 1.0}
    check = submit(freelancer_user, django_job, SPECIFIC_DJANGO).letter_check
    assert (check.review_status, check.queue_reason) == (ReviewStatus.QUEUED, QueueReason.SAMPLE)


def test_a_new_accounts_generic_letter_is_queued_an_old_accounts_is_not(
    client_user: Any, django_job: Any, logo_job: Any
) -> None:
    new = submit(FreelancerFactory(), django_job, TEMPLATE).letter_check
    assert (new.review_status, new.queue_reason) == (ReviewStatus.QUEUED, QueueReason.NEW_ACCOUNT)
    seasoned = FreelancerFactory()
    with clock.advanced(dt.timedelta(days=20)):
        old = submit(seasoned, logo_job, OTHER_GENERIC).letter_check
    assert old.is_generic
    assert old.review_status == ReviewStatus.NONE


def test_tossing_removes_the_proposal_from_the_client_and_tells_the_sender(
    client: Client, staff: Any, client_user: Any
) -> None:
    freelancer, (_, proposal) = template_sender(client_user)
    check = LetterCheck.objects.get(proposal=proposal)
    answer = client.post(f"/console/spot-review/{check.pk}/", {"verdict": "toss", "reason": TOSS_REASON})
    assert answer.status_code == 302
    check.refresh_from_db()
    assert (check.review_status, check.reviewed_by, check.review_reason) == (ReviewStatus.TOSSED, staff, TOSS_REASON)
    assert proposal.pk not in [p.pk for p in proposal_queries.proposals_for_job(client_user, proposal.job_id)]
    note = Notification.objects.get(recipient=freelancer, kind="proposal.tossed")
    assert TOSS_REASON in note.body
    assert AuditLogEntry.objects.filter(action="letter.toss", target_id=str(proposal.pk)).exists()
    assert not Strike.objects.filter(user=freelancer).exists()  # a first toss: no strike
    assert "Tossed by staff" in client.get("/console/spot-review/").content.decode()


def test_a_second_toss_gives_a_strike_and_a_warning(client: Client, staff: Any, client_user: Any) -> None:
    freelancer, proposals = template_sender(client_user, jobs=3)
    queued = list(LetterCheck.objects.filter(freelancer=freelancer, review_status=ReviewStatus.QUEUED))
    assert len(queued) == 2
    for check in queued:
        client.post(f"/console/spot-review/{check.pk}/", {"verdict": "toss", "reason": TOSS_REASON})
    strike = Strike.objects.get(user=freelancer)
    assert strike.weight == 1
    assert standing_levels([freelancer.pk])[freelancer.pk] == "warning"
    # both tosses are told; notices of one kind close together share one notice that counts them
    assert sum(n.count for n in Notification.objects.filter(recipient=freelancer, kind="proposal.tossed")) == 2
    assert [p.pk for p in proposal_queries.proposals_for_job(client_user, proposals[0].job_id)] == [proposals[0].pk]


def test_keeping_a_letter_leaves_it_with_the_client(client: Client, staff: Any, client_user: Any) -> None:
    freelancer, (_, proposal) = template_sender(client_user)
    check = LetterCheck.objects.get(proposal=proposal)
    client.post(f"/console/spot-review/{check.pk}/", {"verdict": "keep", "reason": ""})
    check.refresh_from_db()
    assert check.review_status == ReviewStatus.KEPT
    assert [p.pk for p in proposal_queries.proposals_for_job(client_user, proposal.job_id)] == [proposal.pk]
    assert not Notification.objects.filter(recipient=freelancer, kind="proposal.tossed").exists()


def test_a_toss_needs_a_reason_and_a_letter_is_reviewed_once(client: Client, staff: Any, client_user: Any) -> None:
    _, (_, proposal) = template_sender(client_user)
    check = LetterCheck.objects.get(proposal=proposal)
    assert client.post(f"/console/spot-review/{check.pk}/", {"verdict": "toss", "reason": "bad"}).status_code == 400
    assert client.post(f"/console/spot-review/{check.pk}/", {"verdict": "maybe"}).status_code == 400
    assert client.post("/console/spot-review/999999/", {"verdict": "keep"}).status_code == 400
    assert LetterCheck.objects.get(pk=check.pk).review_status == ReviewStatus.QUEUED
    actions.do_keep_letter(actor=staff, check_id=check.pk)
    with pytest.raises(Conflict):
        actions.do_toss_letter(actor=staff, check_id=check.pk, reason=TOSS_REASON)
    with pytest.raises(InvalidInput):
        actions.do_toss_letter(actor=staff, check_id=check.pk, reason="x" * 501)


def test_only_staff_review_letters(client_user: Any) -> None:
    _, (_, proposal) = template_sender(client_user)
    check = LetterCheck.objects.get(proposal=proposal)
    with pytest.raises(PermissionDenied):
        actions.do_toss_letter(actor=client_user, check_id=check.pk, reason=TOSS_REASON)
    member = Client()
    member.force_login(client_user)
    assert member.get("/console/spot-review/").status_code == 404
    assert (
        member.post(f"/console/spot-review/{check.pk}/", {"verdict": "toss", "reason": TOSS_REASON}).status_code == 404
    )
    assert LetterCheck.objects.get(pk=check.pk).review_status == ReviewStatus.QUEUED


def test_a_letter_like_one_of_a_deleted_proposal_points_at_nothing(client_user: Any) -> None:
    # the index keeps a print after its proposal is gone; the next check must not point at it
    first = submit(FreelancerFactory(), JobFactory(client=client_user), TEMPLATE)
    gone = first.pk
    first.delete()
    copier = FreelancerFactory(date_joined=clock.now() - dt.timedelta(days=60))
    copied = submit(copier, JobFactory(client=client_user), TEMPLATE)
    assert copied.letter_check.nearest_id != gone
    assert not LetterCheck.objects.filter(nearest_id=gone).exists()
