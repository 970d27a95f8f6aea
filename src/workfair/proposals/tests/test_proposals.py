"""Sending, withdrawing, declining and shortlisting proposals; invitations; the interview."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from workfair.core.models import AuditLogEntry
from workfair.jobs.states import JobStatus, JobVisibility
from workfair.jobs.tests.factories import JobFactory
from workfair.messaging.models import Conversation
from workfair.notifications.models import Notification
from workfair.proposals import actions, queries
from workfair.proposals.models import CreditAccount, Invitation, Proposal, ProposalAttachment
from workfair.proposals.states import InvitationStatus, ProposalStatus
from workfair.proposals.tests.factories import COVER_LETTER, InvitationFactory, ProposalFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def submit(freelancer: Any, job: Any, **overrides: Any) -> Proposal:
    kwargs: dict[str, Any] = {"cover_letter": COVER_LETTER, "amount": 30_000, **overrides}
    return actions.do_submit_proposal(actor=freelancer, job=job, **kwargs)


def assert_nothing_sent(freelancer: Any) -> None:
    assert not Proposal.objects.filter(freelancer=freelancer).exists()
    assert not ProposalAttachment.objects.exists()
    assert queries.credit_balance(freelancer) == 80  # the untouched monthly quota


# --- submit ---------------------------------------------------------------------------------


def test_submit_creates_the_proposal_spends_credits_and_notifies_the_client(
    freelancer_user: Any, client_user: Any, job: Any
) -> None:
    proposal = submit(freelancer_user, job, estimated_duration="lt1m")
    assert proposal.status == ProposalStatus.SUBMITTED
    assert (proposal.amount, proposal.currency, proposal.credits_spent) == (30_000, "USD", 4)
    assert queries.credit_balance(freelancer_user) == 76
    note = Notification.objects.get(recipient=client_user)
    assert note.kind == "proposal.received"
    assert note.url == f"/proposals/{proposal.pk}/"
    assert AuditLogEntry.objects.filter(action="proposal.submit", target_id=str(proposal.pk)).count() == 1


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"cover_letter": "Too short."}, "at least 50"),
        ({"cover_letter": "x" * 5001}, "at most 5000"),
        ({"amount": 0}, "more than zero"),
        ({"amount": -5}, "more than zero"),
        ({"estimated_duration": "forever"}, "durations"),
    ],
)
def test_submit_refuses_bad_terms_and_changes_nothing(
    freelancer_user: Any, job: Any, overrides: dict[str, Any], error: str
) -> None:
    with pytest.raises(InvalidInput, match=error):
        submit(freelancer_user, job, **overrides)
    assert_nothing_sent(freelancer_user)


def test_only_freelancers_send_proposals(job: Any) -> None:
    client_only = ClientFactory()
    with pytest.raises(PermissionDenied):
        submit(client_only, job)
    assert not Proposal.objects.exists()


def test_a_freelancer_cannot_propose_on_their_own_job() -> None:
    both = FreelancerFactory(is_client=True)
    own_job = JobFactory(client=both)
    with pytest.raises(PermissionDenied, match="own job"):
        submit(both, own_job)
    assert not Proposal.objects.exists()


def test_closed_job_refuses_and_unpublished_job_is_not_found(freelancer_user: Any, client_user: Any) -> None:
    with pytest.raises(Conflict, match="no longer open"):
        submit(freelancer_user, JobFactory(client=client_user, status=JobStatus.CLOSED))
    with pytest.raises(NotFound):
        submit(freelancer_user, JobFactory(client=client_user, status=JobStatus.DRAFT))
    assert_nothing_sent(freelancer_user)


def test_invite_only_job_needs_an_invitation(freelancer_user: Any, client_user: Any) -> None:
    private = JobFactory(client=client_user, visibility=JobVisibility.INVITE_ONLY)
    with pytest.raises(NotFound):
        submit(freelancer_user, private)
    assert_nothing_sent(freelancer_user)


def test_one_proposal_per_job(freelancer_user: Any, job: Any) -> None:
    submit(freelancer_user, job)
    with pytest.raises(Conflict, match="already sent"):
        submit(freelancer_user, job)
    assert Proposal.objects.count() == 1
    assert queries.credit_balance(freelancer_user) == 76  # charged once


def test_invited_proposal_is_free_and_accepts_the_invitation(freelancer_user: Any, client_user: Any) -> None:
    private = JobFactory(client=client_user, visibility=JobVisibility.INVITE_ONLY, proposal_credits=16)
    invitation = actions.do_invite_freelancer(actor=client_user, job=private, freelancer=freelancer_user, message="Hi")
    proposal = submit(freelancer_user, private)
    invitation.refresh_from_db()
    assert proposal.credits_spent == 0
    assert proposal.invitation_id == invitation.pk
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.responded_at is not None
    assert queries.credit_balance(freelancer_user) == 80


def test_attachments_are_stored_with_their_sniffed_type(freelancer_user: Any, job: Any) -> None:
    files = [
        SimpleUploadedFile("brief.pdf", PDF),
        SimpleUploadedFile("shot.png", PNG),
        SimpleUploadedFile("notes.txt", "Plain notes, ünïcode fine.\n".encode()),
    ]
    proposal = submit(freelancer_user, job, attachments=files)
    stored = {a.name: a.content_type for a in proposal.attachments.all()}
    assert stored == {"brief.pdf": "application/pdf", "shot.png": "image/png", "notes.txt": "text/plain"}
    pdf = proposal.attachments.get(name="brief.pdf")
    assert pdf.size == len(PDF)
    assert pdf.file.read() == PDF


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "not accepted"),
        (SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf"), "does not contain"),
        (SimpleUploadedFile("fake.png", PDF), "does not contain"),
        (SimpleUploadedFile("binary.txt", b"abc\x00def"), "does not contain"),
        (SimpleUploadedFile("empty.pdf", b""), "empty"),
    ],
)
def test_attachments_of_the_wrong_type_are_refused(
    freelancer_user: Any, job: Any, upload: SimpleUploadedFile, error: str
) -> None:
    with pytest.raises(InvalidInput, match=error):
        submit(freelancer_user, job, attachments=[upload])
    assert_nothing_sent(freelancer_user)


def test_too_many_or_too_large_attachments_are_refused(settings: Any, freelancer_user: Any, job: Any) -> None:
    with pytest.raises(InvalidInput, match="At most 5"):
        submit(freelancer_user, job, attachments=[SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)])
    settings.WORKFAIR_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(InvalidInput, match="too large"):
        submit(freelancer_user, job, attachments=[SimpleUploadedFile("big.pdf", PDF)])
    assert_nothing_sent(freelancer_user)


def test_a_file_object_is_read_from_its_start() -> None:
    from workfair.proposals.attachments import check_attachment

    upload = SimpleUploadedFile("a.pdf", PDF)
    upload.file = io.BytesIO(PDF)
    upload.file.seek(5)
    assert check_attachment(upload).content_type == "application/pdf"
    assert upload.file.tell() == 0


# --- withdraw, decline, shortlist ----------------------------------------------------------------


def test_freelancer_withdraws_and_keeps_no_refund(freelancer_user: Any, job: Any) -> None:
    proposal = submit(freelancer_user, job)
    actions.do_withdraw_proposal(actor=freelancer_user, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert queries.credit_balance(freelancer_user) == 76


def test_only_the_author_withdraws(job: Any) -> None:
    proposal = ProposalFactory(job=job)
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_proposal(actor=job.client, proposal=proposal)
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_proposal(actor=FreelancerFactory(), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_client_declines_with_a_reason_and_the_freelancer_is_told(client_user: Any, job: Any) -> None:
    proposal = ProposalFactory(job=job)
    actions.do_decline_proposal(actor=client_user, proposal=proposal, reason="We went another way.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == (ProposalStatus.DECLINED, "We went another way.")
    assert Notification.objects.get(recipient=proposal.freelancer).kind == "proposal.declined"


def test_a_declined_proposal_cannot_be_withdrawn_or_shortlisted(client_user: Any, job: Any) -> None:
    proposal = ProposalFactory(job=job, status=ProposalStatus.DECLINED)
    with pytest.raises(InvalidTransition):
        actions.do_withdraw_proposal(actor=proposal.freelancer, proposal=proposal)
    with pytest.raises(InvalidTransition):
        actions.do_shortlist_proposal(actor=client_user, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED


def test_shortlist_and_unshortlist_by_the_client_only(client_user: Any, job: Any) -> None:
    proposal = ProposalFactory(job=job)
    with pytest.raises(PermissionDenied):
        actions.do_shortlist_proposal(actor=ClientFactory(), proposal=proposal)
    with pytest.raises(PermissionDenied):
        actions.do_shortlist_proposal(actor=proposal.freelancer, proposal=proposal)
    actions.do_shortlist_proposal(actor=client_user, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SHORTLISTED
    actions.do_unshortlist_proposal(actor=client_user, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED
    with pytest.raises(Conflict):
        actions.do_unshortlist_proposal(actor=client_user, proposal=proposal)


# --- invitations and the interview -----------------------------------------------------------


def test_invitation_opens_a_conversation_and_notifies_the_freelancer(
    client_user: Any, freelancer_user: Any, job: Any
) -> None:
    invitation = actions.do_invite_freelancer(
        actor=client_user, job=job, freelancer=freelancer_user, message="Would you take this on?"
    )
    assert invitation.message == "Would you take this on?"
    conversation = Conversation.objects.get(invitation=invitation)
    assert (conversation.kind, conversation.client_id, conversation.freelancer_id) == (
        "invitation",
        client_user.pk,
        freelancer_user.pk,
    )
    assert Notification.objects.get(recipient=freelancer_user).url == f"/invitations/{invitation.pk}/"
    assert queries.is_client_revealed(job.pk, freelancer_user.pk)


def test_invitation_refusals_change_nothing(client_user: Any, freelancer_user: Any, job: Any) -> None:
    actions.do_invite_freelancer(actor=client_user, job=job, freelancer=freelancer_user, message="")
    with pytest.raises(Conflict, match="already invited"):
        actions.do_invite_freelancer(actor=client_user, job=job, freelancer=freelancer_user, message="")
    with pytest.raises(PermissionDenied):
        actions.do_invite_freelancer(actor=ClientFactory(), job=job, freelancer=FreelancerFactory(), message="")
    with pytest.raises(InvalidInput):
        actions.do_invite_freelancer(actor=client_user, job=job, freelancer=ClientFactory(), message="")
    with pytest.raises(Conflict, match="not open"):
        actions.do_invite_freelancer(
            actor=client_user,
            job=JobFactory(client=client_user, status=JobStatus.CLOSED),
            freelancer=FreelancerFactory(),
            message="",
        )
    assert Invitation.objects.count() == 1
    assert Conversation.objects.count() == 1


def test_freelancer_declines_an_invitation_once(client_user: Any, freelancer_user: Any, job: Any) -> None:
    invitation = InvitationFactory(job=job, freelancer=freelancer_user)
    with pytest.raises(PermissionDenied):
        actions.do_decline_invitation(actor=client_user, invitation=invitation)
    actions.do_decline_invitation(actor=freelancer_user, invitation=invitation, reason="Booked up")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    with pytest.raises(InvalidTransition):
        actions.do_decline_invitation(actor=freelancer_user, invitation=invitation)


def test_declined_invitation_makes_the_next_proposal_paid(client_user: Any, freelancer_user: Any, job: Any) -> None:
    invitation = InvitationFactory(job=job, freelancer=freelancer_user)
    actions.do_decline_invitation(actor=freelancer_user, invitation=invitation)
    assert submit(freelancer_user, job).credits_spent == 4


def test_message_applicant_opens_the_proposal_conversation_once(client_user: Any, job: Any) -> None:
    proposal = ProposalFactory(job=job)
    assert not queries.is_client_revealed(job.pk, proposal.freelancer_id)
    first = actions.do_message_applicant(actor=client_user, proposal=proposal)
    again = actions.do_message_applicant(actor=client_user, proposal=proposal)
    assert first.pk == again.pk
    assert first.kind == "proposal"
    proposal.refresh_from_db()
    assert proposal.interviewed_at is not None
    assert queries.is_client_revealed(job.pk, proposal.freelancer_id)
    assert queries.conversation_id_of(proposal) == first.pk
    assert Notification.objects.filter(recipient=proposal.freelancer, kind="proposal.interview").count() == 1


def test_freelancers_cannot_message_the_client_first(job: Any) -> None:
    proposal = ProposalFactory(job=job)
    with pytest.raises(PermissionDenied):
        actions.do_message_applicant(actor=proposal.freelancer, proposal=proposal)
    assert not Conversation.objects.exists()
    proposal.refresh_from_db()
    assert proposal.interviewed_at is None


def test_credit_account_is_created_for_a_free_first_proposal(client_user: Any, freelancer_user: Any) -> None:
    job = JobFactory(client=client_user)
    InvitationFactory(job=job, freelancer=freelancer_user)
    submit(freelancer_user, job)
    assert CreditAccount.objects.get(freelancer=freelancer_user).balance == 80


# --- queries ------------------------------------------------------------------------------


def test_access_proposal_is_for_its_freelancer_and_the_jobs_client_only(client_user: Any, job: Any) -> None:
    proposal = ProposalFactory(job=job)
    assert queries.access_proposal_by_id(client_user, proposal.pk) == proposal
    assert queries.access_proposal_by_id(proposal.freelancer, proposal.pk) == proposal
    for stranger in (FreelancerFactory(), ClientFactory()):
        with pytest.raises(NotFound):
            queries.access_proposal_by_id(stranger, proposal.pk)
    with pytest.raises(NotFound):
        queries.access_proposal_by_id(client_user, proposal.pk + 1000)


def test_proposals_for_job_is_for_the_client_and_hides_withdrawn(client_user: Any, job: Any) -> None:
    kept = ProposalFactory(job=job)
    ProposalFactory(job=job, status=ProposalStatus.WITHDRAWN)
    shortlisted = ProposalFactory(job=job, status=ProposalStatus.SHORTLISTED)
    assert list(queries.proposals_for_job(client_user, job.pk)) == [kept, shortlisted]
    assert list(queries.proposals_for_job(client_user, job.pk, ProposalStatus.SHORTLISTED)) == [shortlisted]
    with pytest.raises(NotFound):
        queries.proposals_for_job(kept.freelancer, job.pk)
    with pytest.raises(InvalidInput):
        queries.proposals_for_job(client_user, job.pk, "bogus")
