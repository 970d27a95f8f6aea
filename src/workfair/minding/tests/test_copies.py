"""Copied work: a portfolio description or overview much like another account's text opens a case
whose page shows both texts; one's own texts and unrelated texts do not."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.accounts.tests.factories import log_in_with_two_factor, with_totp
from workfair.minding.models import CopyFinding, TextPrint
from workfair.minding.tests.conftest import SPECIFIC_DJANGO, SPECIFIC_LOGO
from workfair.profiles.actions import do_add_portfolio_item, do_update_freelancer_profile
from workfair.profiles.tests.factories import FreelancerProfileFactory
from workfair.trust.models import Case
from workfair.trust.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def FreelancerFactory() -> Any:
    """A freelancer with a profile (portfolio items and overviews live on it)."""
    return FreelancerProfileFactory().user


PORTFOLIO = (
    "Rebuilt the booking flow of a chain of twelve climbing gyms: a Django back end with Stripe "
    "subscriptions, a React front end, and a migration of 40,000 members from a spreadsheet without "
    "a single failed charge. Page loads went from four seconds to under one."
)


@pytest.fixture(autouse=True)
def _no_quality_sample(settings: Any) -> None:
    settings.WORKFAIR_TRUST = {"QUALITY_SAMPLE_RATE": 0.0}


def test_a_copied_portfolio_description_opens_a_case_with_both_texts(client: Any) -> None:
    author, copier = FreelancerFactory(), FreelancerFactory()
    original = do_add_portfolio_item(actor=author, title="Climbing gyms", description=PORTFOLIO)
    assert not CopyFinding.objects.exists()
    copy = do_add_portfolio_item(
        actor=copier, title="Gym bookings", description=PORTFOLIO.replace("twelve", "ten").replace("four", "five")
    )
    finding = CopyFinding.objects.get(kind="portfolio_description", object_id=copy.pk)
    assert (finding.source_kind, finding.source_object_id, finding.source_owner) == (
        "portfolio_description", original.pk, author,
    )  # fmt: skip
    assert finding.similarity >= 0.5
    case = Case.objects.get(pk=finding.case_id)
    assert (case.queue, case.subject_id, case.target_type) == ("reports", copier.pk, "minding.copyfinding")
    log_in_with_two_factor(client, with_totp(StaffFactory()))
    page = client.get(f"/console/cases/{case.pk}/").content.decode()
    assert "Page loads went from five seconds" in page  # the copy
    assert "Page loads went from four seconds" in page  # the original beside it


def test_an_overview_copied_from_a_cover_letter_is_found() -> None:
    from workfair.jobs.tests.factories import JobFactory
    from workfair.proposals.actions import do_submit_proposal

    writer = FreelancerFactory()
    do_submit_proposal(actor=writer, job=JobFactory(), cover_letter=SPECIFIC_DJANGO, amount=10_000)
    copier = FreelancerFactory()
    profile = do_update_freelancer_profile(actor=copier, changes={"overview": SPECIFIC_DJANGO})
    finding = CopyFinding.objects.get(kind="profile_overview", object_id=profile.pk)
    assert finding.source_kind == "cover_letter"


def test_own_texts_and_unrelated_texts_are_not_copies() -> None:
    author = FreelancerFactory()
    do_add_portfolio_item(actor=author, title="One", description=PORTFOLIO)
    do_add_portfolio_item(actor=author, title="Same, again", description=PORTFOLIO)  # one's own work twice
    do_add_portfolio_item(actor=FreelancerFactory(), title="Other", description=SPECIFIC_LOGO)
    do_add_portfolio_item(actor=FreelancerFactory(), title="Short", description="Python developer")
    assert not CopyFinding.objects.exists()
    assert not Case.objects.exists()
    assert TextPrint.objects.count() == 4
