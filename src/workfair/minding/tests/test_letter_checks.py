"""Cover-letter scores on submit: specificity, templates (own letters to other jobs), copies
between accounts; the client's order and flag; the warning on the form."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core.errors import NotFound, PermissionDenied
from workfair.core.models import AuditLogEntry
from workfair.jobs.tests.factories import JobFactory
from workfair.minding.models import LetterCheck, SpamFlag, TextBand
from workfair.minding.states import QueueReason, ReviewStatus
from workfair.minding.tests.conftest import SPECIFIC_DJANGO, SPECIFIC_LOGO, TEMPLATE
from workfair.proposals import actions as proposal_actions
from workfair.proposals import queries as proposal_queries
from workfair.proposals.tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def submit(freelancer: Any, job: Any, letter: str) -> Any:
    return proposal_actions.do_submit_proposal(actor=freelancer, job=job, cover_letter=letter, amount=30_000)


def test_a_letter_written_for_the_job_is_specific_and_not_a_template(freelancer_user: Any, django_job: Any) -> None:
    check = submit(freelancer_user, django_job, SPECIFIC_DJANGO).letter_check
    assert check.specificity >= 0.5
    assert {"django", "celery", "postgresql"} <= set(check.specifics_named)
    assert check.template_score < 0.2
    assert not check.is_generic
    assert check.review_status == ReviewStatus.NONE
    assert TextBand.objects.filter(print__object_id=check.proposal_id).count() == 25
    assert AuditLogEntry.objects.filter(action="letter.check", target_id=str(check.proposal_id)).exists()


def test_a_form_letter_says_nothing_about_the_job(freelancer_user: Any, django_job: Any) -> None:
    check = submit(freelancer_user, django_job, TEMPLATE).letter_check
    assert check.specificity < 0.2
    assert check.is_generic


def test_the_same_letter_to_a_second_job_is_a_template_and_queued(
    freelancer_user: Any, django_job: Any, logo_job: Any, shopify_job: Any
) -> None:
    first = submit(freelancer_user, django_job, TEMPLATE).letter_check
    assert first.own_similarity == 0
    lightly_edited = TEMPLATE.replace("Hello,", "Hi there,").replace("ten years", "eight years") + " Thanks!"
    second = submit(freelancer_user, logo_job, lightly_edited).letter_check
    assert second.own_similarity >= 0.6
    assert second.copy_similarity == 0
    assert second.nearest_id == first.proposal_id
    assert second.review_status == ReviewStatus.QUEUED
    assert second.queue_reason == QueueReason.TEMPLATE
    third = submit(freelancer_user, shopify_job, "Dear client, " + TEMPLATE).letter_check
    assert third.own_similarity >= 0.8


def test_different_specific_letters_of_one_freelancer_are_not_templates(
    freelancer_user: Any, django_job: Any, logo_job: Any
) -> None:
    submit(freelancer_user, django_job, SPECIFIC_DJANGO)
    check = submit(freelancer_user, logo_job, SPECIFIC_LOGO).letter_check
    assert check.template_score < 0.2
    assert not check.is_generic


def test_a_letter_copied_from_another_account_is_found_through_the_index(
    freelancer_user: Any, django_job: Any, client_user: Any
) -> None:
    original = submit(freelancer_user, django_job, SPECIFIC_DJANGO).letter_check
    copier = FreelancerFactory()
    other_job = JobFactory(
        client=client_user, title=django_job.title + " (second site)", description=django_job.description
    )
    copy = submit(copier, other_job, SPECIFIC_DJANGO.replace("last year", "in 2025")).letter_check
    assert copy.copy_similarity >= 0.7
    assert copy.own_similarity == 0
    assert copy.nearest_id == original.proposal_id
    assert copy.review_status == ReviewStatus.QUEUED
    assert copy.queue_reason == QueueReason.COPIED


def test_the_clients_list_puts_specific_letters_first(client_user: Any, django_job: Any, logo_job: Any) -> None:
    spammer = FreelancerFactory()
    submit(spammer, logo_job, TEMPLATE)
    generic = submit(spammer, django_job, TEMPLATE)  # sent first, a template
    vague = submit(FreelancerFactory(), django_job, TEMPLATE.replace("Hello", "Good morning").replace("ten", "six"))
    specific = submit(FreelancerFactory(), django_job, SPECIFIC_DJANGO)  # sent last
    order = [p.pk for p in proposal_queries.proposals_for_job(client_user, django_job.pk)]
    assert order[0] == specific.pk
    assert set(order[1:]) == {generic.pk, vague.pk}


def test_the_client_flags_a_letter_in_one_click(client_user: Any, freelancer_user: Any, django_job: Any) -> None:
    proposal = submit(freelancer_user, django_job, SPECIFIC_DJANGO)
    browser = logged_in(client_user)
    page = browser.get(f"/jobs/{django_job.pk}/proposals/")
    assert "Flag as spam" in page.content.decode()
    answer = browser.post(f"/proposals/{proposal.pk}/flag-letter/", HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert "Flagged as spam" in answer.content.decode()
    check = LetterCheck.objects.get(proposal=proposal)
    assert check.spam_flags == 1
    assert check.review_status == ReviewStatus.QUEUED
    assert check.queue_reason == QueueReason.FLAGGED
    browser.post(f"/proposals/{proposal.pk}/flag-letter/")  # a second click changes nothing
    assert LetterCheck.objects.get(proposal=proposal).spam_flags == 1
    assert "Flagged as spam" in browser.get(f"/jobs/{django_job.pk}/proposals/").content.decode()


def test_only_the_jobs_client_can_flag(freelancer_user: Any, django_job: Any) -> None:
    proposal = submit(freelancer_user, django_job, SPECIFIC_DJANGO)
    assert logged_in(freelancer_user).post(f"/proposals/{proposal.pk}/flag-letter/").status_code == 403
    assert logged_in(FreelancerFactory()).post(f"/proposals/{proposal.pk}/flag-letter/").status_code == 404
    assert logged_in(FreelancerFactory()).post("/proposals/999999/flag-letter/").status_code == 404
    from workfair.minding.actions import do_flag_letter

    with pytest.raises(PermissionDenied):
        do_flag_letter(actor=freelancer_user, proposal=proposal)
    assert not SpamFlag.objects.exists()


def test_the_form_warns_before_a_template_is_sent(freelancer_user: Any, django_job: Any, logo_job: Any) -> None:
    submit(freelancer_user, logo_job, TEMPLATE)
    browser = logged_in(freelancer_user)
    form = browser.get(f"/jobs/{django_job.pk}/apply/").content.decode()
    assert f'hx-post="/jobs/{django_job.pk}/apply/letter-check/"' in form
    warned = browser.post(f"/jobs/{django_job.pk}/apply/letter-check/", {"cover_letter": TEMPLATE}).content.decode()
    assert "This letter looks generic" in warned
    assert "much like a letter you sent to another job" in warned
    fine = browser.post(
        f"/jobs/{django_job.pk}/apply/letter-check/", {"cover_letter": SPECIFIC_DJANGO}
    ).content.decode()
    assert "looks generic" not in fine
    assert "written for this job" in fine
    assert not LetterCheck.objects.filter(proposal__job=django_job).exists()  # the check writes nothing


def test_the_form_check_refuses_jobs_one_cannot_apply_to(freelancer_user: Any, client_user: Any) -> None:
    browser = logged_in(freelancer_user)
    draft = JobFactory(client=client_user, status="draft")
    assert browser.post(f"/jobs/{draft.pk}/apply/letter-check/", {"cover_letter": TEMPLATE}).status_code == 404
    assert browser.post("/jobs/999999/apply/letter-check/", {"cover_letter": TEMPLATE}).status_code == 404
    short = browser.post(f"/jobs/{JobFactory().pk}/apply/letter-check/", {"cover_letter": "hi"})
    assert short.status_code == 200
    assert "generic" not in short.content.decode()


def test_a_tossed_proposal_does_not_exist_for_the_client(
    client_user: Any, freelancer_user: Any, django_job: Any
) -> None:
    proposal = submit(freelancer_user, django_job, TEMPLATE)
    LetterCheck.objects.filter(proposal=proposal).update(review_status=ReviewStatus.TOSSED)
    assert list(proposal_queries.proposals_for_job(client_user, django_job.pk)) == []
    with pytest.raises(NotFound):
        proposal_queries.access_proposal_by_id(client_user, proposal.pk)
    assert proposal_queries.access_proposal_by_id(freelancer_user, proposal.pk) == proposal
