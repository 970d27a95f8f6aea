"""The proposal pages: forms that work, buttons per role, 404 for anyone else, constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.jobs.states import JobVisibility
from workfair.jobs.tests.factories import JobFactory
from workfair.proposals import actions
from workfair.proposals.models import Invitation, Proposal
from workfair.proposals.states import InvitationStatus, ProposalStatus
from workfair.proposals.tests.conftest import logged_in
from workfair.proposals.tests.factories import COVER_LETTER, InvitationFactory, ProposalFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def test_apply_page_shows_cost_and_balance(freelancer_user: Any, job: Any) -> None:
    page = logged_in(freelancer_user).get(f"/jobs/{job.pk}/apply/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "costs <strong>4 credits</strong>" in text
    assert "You have <strong>80</strong>" in text


def test_apply_with_an_attachment_then_download_it(freelancer_user: Any, client_user: Any, job: Any) -> None:
    response = logged_in(freelancer_user).post(
        f"/jobs/{job.pk}/apply/",
        {
            "cover_letter": COVER_LETTER,
            "amount": "350.50",
            "estimated_duration": "lt1m",
            "attachments": [SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")],
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/proposals/{proposal.pk}/"
    assert proposal.amount == 35_050
    attachment = proposal.attachments.get()
    download = logged_in(client_user).get(f"/proposals/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    for stranger in (FreelancerFactory(), ClientFactory()):
        assert logged_in(stranger).get(f"/proposals/attachments/{attachment.pk}/").status_code == 404


def test_apply_refusal_shows_the_reason_and_sends_nothing(freelancer_user: Any, job: Any) -> None:
    browser = logged_in(freelancer_user)
    browser.post(f"/jobs/{job.pk}/apply/", {"cover_letter": COVER_LETTER, "amount": "10"})
    again = browser.post(f"/jobs/{job.pk}/apply/", {"cover_letter": COVER_LETTER, "amount": "10"})
    assert again.status_code == 409
    assert "already sent a proposal" in again.content.decode()
    bad = browser.post(f"/jobs/{job.pk}/apply/", {"cover_letter": "short", "amount": "abc"})
    assert bad.status_code == 400
    assert Proposal.objects.count() == 1


def test_invite_only_job_apply_page_is_404_without_invitation(freelancer_user: Any, client_user: Any) -> None:
    private = JobFactory(client=client_user, visibility=JobVisibility.INVITE_ONLY)
    assert logged_in(freelancer_user).get(f"/jobs/{private.pk}/apply/").status_code == 404
    InvitationFactory(job=private, freelancer=freelancer_user)
    page = logged_in(freelancer_user).get(f"/jobs/{private.pk}/apply/")
    assert "this proposal is free" in page.content.decode()


def test_detail_shows_buttons_per_role_and_404_to_strangers(client_user: Any, job: Any) -> None:
    proposal = ProposalFactory(job=job)
    client_page = logged_in(client_user).get(f"/proposals/{proposal.pk}/").content.decode()
    assert "Shortlist" in client_page
    assert "Make an offer" in client_page
    assert f"/offers/new/?proposal={proposal.pk}" in client_page
    assert "Withdraw" not in client_page
    freelancer_page = logged_in(proposal.freelancer).get(f"/proposals/{proposal.pk}/").content.decode()
    assert "Withdraw my proposal" in freelancer_page
    assert "Shortlist" not in freelancer_page
    assert f"/proposals/{proposal.pk}/message/" not in freelancer_page
    assert client_user.public_name not in freelancer_page  # not interviewed yet: the client stays hidden
    for stranger in (FreelancerFactory(), ClientFactory()):
        assert logged_in(stranger).get(f"/proposals/{proposal.pk}/").status_code == 404


@pytest.mark.parametrize("action", ["withdraw", "decline", "shortlist", "unshortlist", "message"])
def test_strangers_cannot_post_proposal_actions(job: Any, action: str) -> None:
    proposal = ProposalFactory(job=job, status=ProposalStatus.SHORTLISTED)
    for stranger in (FreelancerFactory(), ClientFactory()):
        assert logged_in(stranger).post(f"/proposals/{proposal.pk}/{action}/").status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SHORTLISTED


def test_client_buttons_work(client_user: Any, job: Any) -> None:
    proposal = ProposalFactory(job=job)
    browser = logged_in(client_user)
    browser.post(f"/proposals/{proposal.pk}/shortlist/")
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SHORTLISTED
    message = browser.post(f"/proposals/{proposal.pk}/message/")
    assert message.status_code == 302
    assert message["Location"].startswith("/messages/")
    browser.post(f"/proposals/{proposal.pk}/decline/", {"reason": "Not this time"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == (ProposalStatus.DECLINED, "Not this time")
    refused = browser.post(f"/proposals/{proposal.pk}/shortlist/")
    assert refused.status_code == 409


def test_job_proposals_page_filters_and_has_constant_queries(
    client_user: Any, job: Any, django_assert_max_num_queries: Any
) -> None:
    browser = logged_in(client_user)
    ProposalFactory(job=job, status=ProposalStatus.SHORTLISTED)
    ProposalFactory(job=job)
    # (+2: the proposals the trust engine hid are left out; +2: the cover-letter checks and flags)
    with django_assert_max_num_queries(17):  # + the support chat panel's open-chat lookup
        small = browser.get(f"/jobs/{job.pk}/proposals/")
    for _ in range(8):
        ProposalFactory(job=job)
    with django_assert_max_num_queries(17):  # + the support chat panel's open-chat lookup
        large = browser.get(f"/jobs/{job.pk}/proposals/")
    assert "2 proposals" in small.content.decode()
    assert "10 proposals" in large.content.decode()
    assert "1 proposal<" in browser.get(f"/jobs/{job.pk}/proposals/?show=shortlisted").content.decode()
    assert logged_in(ClientFactory()).get(f"/jobs/{job.pk}/proposals/").status_code == 404


def test_my_proposals_page_has_constant_queries(freelancer_user: Any, django_assert_max_num_queries: Any) -> None:
    browser = logged_in(freelancer_user)
    ProposalFactory(freelancer=freelancer_user)
    InvitationFactory(freelancer=freelancer_user)
    with django_assert_max_num_queries(11):  # + the support chat panel's open-chat lookup
        browser.get("/proposals/")
    for _ in range(6):
        ProposalFactory(freelancer=freelancer_user)
        InvitationFactory(freelancer=freelancer_user)
    with django_assert_max_num_queries(11):  # + the support chat panel's open-chat lookup
        page = browser.get("/proposals/")
    assert page.content.decode().count("/proposals/") >= 7


def test_invite_page_picks_a_freelancer_and_refuses_strangers(client_user: Any, job: Any) -> None:
    freelancer = FreelancerFactory(email="ada@example.com")
    browser = logged_in(client_user)
    page = browser.get(f"/jobs/{job.pk}/invite/")
    assert page.status_code == 200
    assert f"(#{freelancer.pk})" in page.content.decode()
    assert "ada@example.com" not in page.content.decode()  # no contact details in the picker
    sent = browser.post(f"/jobs/{job.pk}/invite/", {"freelancer": f"#{freelancer.pk}", "message": "Join us"})
    assert sent.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.freelancer_id, invitation.message) == (freelancer.pk, "Join us")
    twice = browser.post(f"/jobs/{job.pk}/invite/", {"freelancer": str(freelancer.pk)})
    assert twice.status_code == 409
    assert logged_in(ClientFactory()).get(f"/jobs/{job.pk}/invite/").status_code == 404


def test_invite_form_never_tells_which_addresses_have_accounts(client_user: Any, job: Any) -> None:
    FreelancerFactory(email="ada@example.com")
    browser = logged_in(client_user)
    known = browser.post(f"/jobs/{job.pk}/invite/", {"freelancer": "ada@example.com", "message": "Hi"})
    unknown = browser.post(f"/jobs/{job.pk}/invite/", {"freelancer": "nobody@example.com", "message": "Hi"})
    assert known.status_code == unknown.status_code == 400
    assert "not an e-mail address" in known.content.decode()
    for answer in (known, unknown):
        html = answer.content.decode()
        assert "No freelancer has" not in html
        assert "was invited" not in html
    assert not Invitation.objects.exists()
    missing = browser.post(f"/jobs/{job.pk}/invite/", {"freelancer": "99999999", "message": "Hi"})
    assert missing.status_code == 400
    assert "No freelancer has that member number." in missing.content.decode()


def test_invitation_page_accept_link_and_decline(freelancer_user: Any, job: Any) -> None:
    invitation = InvitationFactory(job=job, freelancer=freelancer_user)
    browser = logged_in(freelancer_user)
    page = browser.get(f"/invitations/{invitation.pk}/").content.decode()
    assert f"/jobs/{job.pk}/apply/" in page
    assert invitation.message in page
    assert logged_in(FreelancerFactory()).get(f"/invitations/{invitation.pk}/").status_code == 404
    assert logged_in(FreelancerFactory()).post(f"/invitations/{invitation.pk}/decline/").status_code == 404
    browser.post(f"/invitations/{invitation.pk}/decline/", {"reason": "Busy"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


def test_pages_need_login(job: Any) -> None:
    from django.test import Client

    assert Client().get("/proposals/").status_code == 302
    assert Client().get(f"/jobs/{job.pk}/apply/").status_code == 302


def test_accepting_an_invitation_through_the_page_is_free(freelancer_user: Any, client_user: Any, job: Any) -> None:
    actions.do_invite_freelancer(actor=client_user, job=job, freelancer=freelancer_user, message="")
    logged_in(freelancer_user).post(f"/jobs/{job.pk}/apply/", {"cover_letter": COVER_LETTER, "amount": "10"})
    assert Proposal.objects.get().credits_spent == 0
