"""The trust-and-safety engine in headless Chromium, as clients, reporters and moderators use it.

A post asking for fake reviews is refused at once with the reason; a borderline post waits in the
job-post queue until a moderator claims and approves it; an account reported by three people is
warned, a moderator restricts it (posting a job is then refused on the page and by the API, with
the reason and the way to appeal), and a senior moderator who did not take that decision reverses
it on appeal, after which the person can post again.

Staff sign in through the real login form and its two-factor step: the test knows the TOTP secret
of each moderator's authenticator and types the current code, as an authenticator app would.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.flows import log_in, log_in_with_totp, staff_with_totp
from workfair.accounts.actions import do_create_api_token
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, ClientFactory, FreelancerFactory
from workfair.jobs.tests.factories import CategoryFactory, JobFactory
from workfair.trust.engine import forget_active_policy

pytestmark = pytest.mark.browser

CATEGORY = "Writing and Translation"

FAKE_REVIEWS_TITLE = "Write 5-star reviews for our app"
FAKE_REVIEWS_DESCRIPTION = (
    "We launched a budgeting app and need people to post fake positive reviews on the app store "
    "from different accounts. Write 5-star reviews that sound like real customers."
)
BORDERLINE_TITLE = "Chemistry tutor for a high school student"
BORDERLINE_DESCRIPTION = (
    "Chemistry homework help for a high school student, two sessions a week; we want a patient "
    "tutor who explains the reasoning rather than giving answers."
)
PLAIN_TITLE = "Translate our product brochure into Spanish"
PLAIN_DESCRIPTION = (
    "We need our eight-page product brochure translated from English into Spanish for the Mexican "
    "market, keeping the layout; the text is about 2,000 words."
)


@pytest.fixture(autouse=True)
def _trust_defaults(settings: Any) -> Any:
    """The shipped policy (a transactional test may have flushed the stored version 1: the defaults
    then apply) and no random quality-review sampling, so the queues hold exactly what the flow puts
    there. The two-factor step accepts the neighbouring 30-second code too, as for a phone whose
    clock drifts: a code typed as its period ends is not refused."""
    settings.WORKFAIR_TRUST = {"QUALITY_SAMPLE_RATE": 0.0}
    settings.MFA_TOTP_TOLERANCE = 1
    forget_active_policy()
    yield
    forget_active_policy()


def fill_job_form(page: Any, *, title: str, description: str) -> None:
    """Open the post-a-job form, fill in a fixed-price post and press "Post job"."""
    page.goto("/jobs/new/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill(description)
    page.get_by_label("Category").select_option(label=CATEGORY)
    page.get_by_label("Fixed price").check()
    page.get_by_label("Fixed budget, or lowest hourly rate").fill("400")
    page.get_by_label("Duration").select_option(label="Less than 1 month")
    page.get_by_role("button", name="Post job").click()


def post_job(page: Any, *, title: str, description: str) -> None:
    """Post a job and wait for its page."""
    fill_job_form(page, title=title, description=description)
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    page.get_by_role("heading", level=1, name=title).wait_for()


def open_case_of(page: Any, *, queue_label: str, subject_email: str) -> None:
    """From the console's queue list, open the first case about `subject_email` in that queue."""
    page.goto("/console/")
    page.get_by_role("link", name=queue_label, exact=True).click()
    page.get_by_role("heading", level=1, name=queue_label).wait_for()
    row = page.get_by_role("row").filter(has_text=subject_email).first
    row.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/console/cases/\d+/$"))


def claim_and_decide(page: Any, *, decision: str, note: str = "", restrict_days: str = "") -> None:
    """On an open case page: claim it, pick the decision, give the reason and decide."""
    page.get_by_role("button", name="Claim").click()
    page.get_by_text("Case claimed.").wait_for()
    page.get_by_label("Decision", exact=True).select_option(label=decision)
    if restrict_days:
        page.get_by_label("Restriction length in days (for a restriction)").fill(restrict_days)
    if note:
        page.get_by_label("Reason shown to the person (empty = the template for the decision)").fill(note)
    page.get_by_role("button", name="Decide").click()
    page.get_by_text("Decision recorded and the person was told.").wait_for()


def test_a_post_asking_for_fake_reviews_is_refused_at_once_with_the_reason(page: Any) -> None:
    CategoryFactory(name=CATEGORY, slug="writing")
    client = ClientFactory(first_name="Greta", last_name="Lind")
    log_in(page, email=client.email, password=DEFAULT_PASSWORD)

    fill_job_form(page, title=FAKE_REVIEWS_TITLE, description=FAKE_REVIEWS_DESCRIPTION)

    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == FAKE_REVIEWS_TITLE
    main = page.get_by_role("main")
    assert main.locator(".badge-refused").inner_text() == "Refused"
    note = page.get_by_role("note").filter(has=page.get_by_role("heading", name="Why this post was refused"))
    assert note.inner_text().endswith("Job posts asking for fake reviews or ratings are not allowed.")
    # Nobody else can find it: it is not in the public listing.
    assert page.goto("/jobs/?q=reviews").ok
    assert page.get_by_role("link", name=FAKE_REVIEWS_TITLE).count() == 0


def test_a_borderline_post_waits_in_review_until_a_moderator_claims_and_approves_it(make_page: Any) -> None:
    CategoryFactory(name=CATEGORY, slug="writing")
    client = ClientFactory(first_name="Hugo", last_name="Brandt")
    moderator = staff_with_totp()

    client_page = make_page()
    log_in(client_page, email=client.email, password=DEFAULT_PASSWORD)
    post_job(client_page, title=BORDERLINE_TITLE, description=BORDERLINE_DESCRIPTION)
    job_url = client_page.url
    assert client_page.get_by_role("main").locator(".badge-submitted").inner_text() == "In review"
    client_page.get_by_role("note").filter(has=client_page.get_by_role("heading", name="In review")).wait_for()

    # The moderator signs in with the second factor, finds the post in the job-post queue and approves it.
    staff_page = make_page()
    log_in_with_totp(staff_page, moderator)
    open_case_of(staff_page, queue_label="Job posts", subject_email=client.email)
    staff_page.get_by_role("heading", name="Content as written").wait_for()
    assert BORDERLINE_TITLE in staff_page.locator("pre.review-note").inner_text()
    claim_and_decide(staff_page, decision="Approve / no violation")
    assert "· Decided ·" in staff_page.get_by_role("main").locator("p", has_text="Queue Job posts").inner_text()

    # The client reloads their job page: it is open, with no review notice left.
    client_page.goto(job_url)
    assert client_page.get_by_role("main").locator(".badge-open").inner_text() == "Open"
    assert client_page.get_by_role("heading", name="In review").count() == 0
    assert client_page.get_by_role("link", name="Proposals").is_visible()


def test_reported_account_is_warned_then_restricted_everywhere_until_an_appeal_lifts_it(
    make_page: Any, mailoutbox: list[Any]
) -> None:
    CategoryFactory(name=CATEGORY, slug="writing")
    person = ClientFactory(first_name="Ivo", last_name="Marsh")
    reported_job = JobFactory(client=person, title="Copywriting for a crypto giveaway landing page")
    reporters = [FreelancerFactory(first_name=name, last_name="Reporter") for name in ("Ada", "Ben", "Cleo")]
    moderator = staff_with_totp()
    senior = staff_with_totp("senior_moderator")

    # Three people report the job from its page.
    for reporter in reporters:
        reporter_page = make_page()
        log_in(reporter_page, email=reporter.email, password=DEFAULT_PASSWORD)
        reporter_page.goto(f"/jobs/{reported_job.pk}/")
        reporter_page.get_by_role("link", name="Report this job").click()
        reporter_page.get_by_role("heading", name="Report to trust and safety").wait_for()
        assert reporter_page.get_by_label("What are you reporting?").input_value() == "job"
        reporter_page.get_by_label("Scam or fraud").check()
        reporter_page.get_by_label("Anything we should know (optional)").fill("It asks for a wallet deposit first.")
        reporter_page.get_by_role("button", name="Send report").click()
        reporter_page.wait_for_url("**/dashboard/")
        reporter_page.get_by_text("Thank you. Your report was sent").wait_for()

    # The person sees the warning notice, with its reasons.
    page = make_page()
    log_in(page, email=person.email, password=DEFAULT_PASSWORD)
    page.goto("/notifications/")
    page.get_by_role("link", name="Trust and safety: warned (repeated-reports)").click()
    page.wait_for_url(re.compile(r"/trust/decisions/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Warned"
    assert "Several people reported your account" in page.locator(".lead").inner_text()
    page.goto("/trust/decisions/")
    page.get_by_text("Your account has received a warning.").wait_for()
    warning_mails = [m for m in mailoutbox if person.email in m.to and "warned (repeated-reports)" in m.subject]
    assert len(warning_mails) == 1
    assert "Several people reported your account" in warning_mails[0].body

    # A moderator reviews the reports and restricts the account for a week.
    moderator_page = make_page()
    log_in_with_totp(moderator_page, moderator)
    open_case_of(moderator_page, queue_label="Reports", subject_email=person.email)
    restriction_reason = "Three people reported a scam job post; our review confirmed it."
    claim_and_decide(moderator_page, decision="Restrict the account", note=restriction_reason, restrict_days="7")

    # Posting a job through the page is refused, saying why and how to appeal.
    fill_job_form(page, title=PLAIN_TITLE, description=PLAIN_DESCRIPTION)
    refusal = page.get_by_role("alert")
    refusal.get_by_role("heading", name="Not allowed").wait_for()
    text = refusal.inner_text()
    assert "Your account is restricted until" in text
    assert "You cannot post jobs now." in text
    assert f"Reason: {restriction_reason}" in text
    appeal_link = refusal.get_by_role("link", name="Read the decision and appeal")
    appeal_path = appeal_link.get_attribute("href")
    assert appeal_path is not None
    assert re.fullmatch(r"/trust/decisions/\d+/appeal/", appeal_path)

    # And through the API with a bearer token.
    _, secret = do_create_api_token(person, "script")
    api = make_page().request
    response = api.post(
        "/api/v1/jobs/",
        headers={"Authorization": f"Bearer {secret}"},
        data={
            "title": PLAIN_TITLE,
            "description": PLAIN_DESCRIPTION,
            "category": "writing",
            "budget_type": "fixed",
            "budget_min": 40_000,
            "budget_max": 40_000,
            "duration": "lt1m",
            "experience_level": "intermediate",
            "submit": True,
        },
    )
    assert response.status == 403
    body = response.json()
    assert body["code"] == "account_restricted"
    assert body["reason"] == restriction_reason
    assert body["appeal_url"] == appeal_path
    assert "You cannot post jobs now." in body["detail"]

    # The person reads the decision and appeals it.
    appeal_link.click()
    page.get_by_role("heading", name="Appeal a decision").wait_for()
    page.get_by_role("link", name=re.compile(r"^Blocked \(manual-restrict\)")).click()
    page.wait_for_url(re.compile(r"/trust/decisions/\d+/$"))
    assert restriction_reason in page.locator(".lead").inner_text()
    page.get_by_role("link", name="Appeal this decision").click()
    page.get_by_label("Why is the decision wrong?").fill(
        "That job post was written by an agency I fired; I removed it and never asked anyone for a deposit."
    )
    page.get_by_role("button", name="Send appeal").click()
    page.wait_for_url(re.compile(r"/trust/decisions/\d+/$"))
    page.get_by_text("Your appeal was sent. A different moderator will review it.").wait_for()
    assert "Your appeal is under review." in page.get_by_role("main").inner_text()

    # A senior moderator who did not take the decision reverses it.
    senior_page = make_page()
    log_in_with_totp(senior_page, senior)
    open_case_of(senior_page, queue_label="Appeals", subject_email=person.email)
    senior_page.get_by_role("heading", name="Appeal", exact=True).wait_for()
    claim_and_decide(senior_page, decision="Reverse the decision (appeal won)")

    # The restriction is lifted: the person posts a job again.
    post_job(page, title=PLAIN_TITLE, description=PLAIN_DESCRIPTION)
    assert page.get_by_role("main").locator(".badge-open").inner_text() == "Open"
