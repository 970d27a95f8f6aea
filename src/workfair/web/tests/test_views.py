"""Home, dashboard, navigation and error pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from workfair.accounts.tests.factories import ClientFactory
from workfair.contracts.states import ContractStatus, OfferStatus
from workfair.jobs.states import JobStatus, JobVisibility
from workfair.jobs.tests.factories import CategoryFactory, ContractFactory, JobFactory, OfferFactory
from workfair.messaging.actions import do_send_message
from workfair.messaging.tests.factories import ConversationFactory
from workfair.notifications.actions import do_notify
from workfair.proposals.states import InvitationStatus, ProposalStatus
from workfair.proposals.tests.factories import InvitationFactory, ProposalFactory
from workfair.skills.tests.factories import SkillFactory
from workfair.web.templatetags.web_tags import NavItem, mark_current
from workfair.web.tests.factories import FreelancerProfileFactory

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def main_nav_labels(html: str) -> list[str]:
    """The link texts of the main navigation's first list, in order, badges stripped."""
    nav = html.split('<ul class="nav-links">', 2)[1].split("</ul>", 1)[0]
    links = re.findall(r"<a [^>]*>(.*?)</a>", nav, flags=re.S)
    return [re.sub(r"<[^>]+>.*?</[^>]+>|\s+", " ", text, flags=re.S).strip() for text in links]


def dashboard_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    return len(queries)


# --- home ---------------------------------------------------------------------------------------


def test_home_shows_visitors_only_public_open_jobs_and_the_categories() -> None:
    design = CategoryFactory(name="Design", slug="design")
    JobFactory(title="Public open job", category=design)
    JobFactory(title="Members only job", visibility=JobVisibility.MEMBERS)
    JobFactory(title="Draft job", status=JobStatus.DRAFT)

    response = Client().get("/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Public open job" in body
    assert "Members only job" not in body
    assert "Draft job" not in body
    assert '<a href="/jobs/?category=design">Design</a>' in body
    assert "How it works" in body
    assert "What we promise" in body


def test_home_says_so_when_no_job_is_open() -> None:
    response = Client().get("/")

    assert "No open jobs yet" in response.content.decode()


def test_home_query_count_does_not_grow_with_the_number_of_jobs(django_assert_max_num_queries: Any) -> None:
    JobFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        Client().get("/")
    JobFactory.create_batch(8)

    with django_assert_max_num_queries(len(few)):
        response = Client().get("/")

    assert response.status_code == 200


def test_home_sends_a_signed_in_person_to_their_dashboard(client_user: Any) -> None:
    response = signed_in(client_user).get("/")

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


# --- dashboard ----------------------------------------------------------------------------------


def test_dashboard_asks_a_visitor_to_log_in() -> None:
    response = Client().get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_client_dashboard_shows_open_jobs_with_proposal_counts_offers_and_contracts(client_user: Any) -> None:
    job = JobFactory(client=client_user, title="Logo for a bakery")
    ProposalFactory.create_batch(2, job=job)
    ProposalFactory(job=job, status=ProposalStatus.WITHDRAWN)
    JobFactory(client=client_user, title="Old closed job", status=JobStatus.CLOSED)
    JobFactory(title="Someone else's job")
    OfferFactory(client=client_user, title="Offer for the logo", status=OfferStatus.PENDING)
    OfferFactory(client=client_user, title="Accepted long ago", status=OfferStatus.ACCEPTED)
    ContractFactory(client=client_user, title="Website rebuild")
    ContractFactory(client=client_user, title="Ended work", status=ContractStatus.ENDED)

    response = signed_in(client_user).get("/dashboard/")

    dashboard = response.context["dashboard"]
    assert dashboard.freelancer is None
    assert [(j.title, j.proposal_count) for j in dashboard.client.open_jobs] == [("Logo for a bakery", 2)]
    assert [o.title for o in dashboard.client.pending_offers] == ["Offer for the logo"]
    assert [c.title for c in dashboard.active_contracts] == ["Website rebuild"]
    body = response.content.decode()
    assert "Welcome, Carla C." in body
    assert "Someone else&#x27;s job" not in body
    assert "Old closed job" not in body


def test_freelancer_dashboard_shows_proposals_by_state_invitations_offers_credits_and_jobs(
    freelancer_user: Any,
) -> None:
    ProposalFactory.create_batch(2, freelancer=freelancer_user)
    ProposalFactory(freelancer=freelancer_user, status=ProposalStatus.SHORTLISTED)
    ProposalFactory(freelancer=freelancer_user, status=ProposalStatus.DECLINED)
    ProposalFactory(status=ProposalStatus.SUBMITTED)  # someone else's
    InvitationFactory(freelancer=freelancer_user, job__title="Invited job")
    InvitationFactory(freelancer=freelancer_user, status=InvitationStatus.DECLINED)
    OfferFactory(freelancer=freelancer_user, title="Offer waiting", status=OfferStatus.PENDING)
    open_job = JobFactory(title="Fresh open job")

    response = signed_in(freelancer_user).get("/dashboard/")

    panel = response.context["dashboard"].freelancer
    assert response.context["dashboard"].client is None
    assert {row.status: row.count for row in panel.proposal_counts} == {
        "submitted": 2,
        "shortlisted": 1,
        "hired": 0,
        "declined": 1,
    }
    assert panel.active_proposals == 3
    assert [i.job.title for i in panel.invitations] == ["Invited job"]
    assert [o.title for o in panel.offers_waiting] == ["Offer waiting"]
    assert panel.credits == 80
    assert open_job in panel.recommended_jobs
    assert "Latest open jobs" in response.content.decode()


def test_freelancer_with_skills_is_recommended_jobs_that_ask_for_them(freelancer_user: Any) -> None:
    python = SkillFactory(name="Python")
    FreelancerProfileFactory(user=freelancer_user, skills=[python])
    matching = JobFactory(title="Django API", skills=[python])
    JobFactory(title="Watercolour mural")

    response = signed_in(freelancer_user).get("/dashboard/")

    assert response.context["dashboard"].freelancer.recommended_jobs == [matching]
    assert "Jobs that match your skills" in response.content.decode()


def add_one_of_everything(person: Any) -> None:
    job = JobFactory(client=person)
    ProposalFactory.create_batch(2, job=job)
    ProposalFactory(freelancer=person)
    InvitationFactory(freelancer=person)
    OfferFactory(client=person, status=OfferStatus.PENDING)
    OfferFactory(freelancer=person, status=OfferStatus.PENDING)
    ContractFactory(client=person)
    ContractFactory(freelancer=person)


def test_dashboard_query_count_does_not_grow_with_what_a_person_has() -> None:
    person = ClientFactory(is_freelancer=True)
    client = signed_in(person)
    add_one_of_everything(person)
    few = dashboard_queries(client)

    for _ in range(6):
        add_one_of_everything(person)

    assert dashboard_queries(client) == few
    assert few <= 29  # 25, and four for the getting-started checklist (e-mail, phone, badge, payment)


# --- navigation ---------------------------------------------------------------------------------


def test_client_navigation_offers_hiring_links_and_post_a_job(client_user: Any) -> None:
    body = signed_in(client_user).get("/dashboard/").content.decode()

    assert main_nav_labels(body) == ["Dashboard", "My jobs", "Offers", "Contracts", "Messages", "Find talent"]
    assert ">Post a job</a>" in body


def test_freelancer_navigation_offers_work_links_and_no_post_a_job(freelancer_user: Any) -> None:
    body = signed_in(freelancer_user).get("/dashboard/").content.decode()

    assert main_nav_labels(body) == ["Dashboard", "Find work", "Proposals", "Offers", "Contracts", "Messages"]
    assert ">Post a job</a>" not in body


def test_person_with_both_roles_gets_every_link_once() -> None:
    both = ClientFactory(is_freelancer=True)

    body = signed_in(both).get("/dashboard/").content.decode()

    assert main_nav_labels(body) == [
        "Dashboard",
        "Find work",
        "Proposals",
        "My jobs",
        "Offers",
        "Contracts",
        "Messages",
        "Find talent",
    ]


def test_visitor_navigation_offers_browsing_log_in_and_sign_up() -> None:
    body = Client().get("/").content.decode()

    assert main_nav_labels(body) == ["Find work", "Find talent"]
    assert ">Log in</a>" in body
    assert ">Sign up</a>" in body


def test_navigation_shows_unread_message_and_notification_counts(client_user: Any, freelancer_user: Any) -> None:
    conversation = ConversationFactory(client=client_user, freelancer=freelancer_user)
    do_send_message(actor=freelancer_user, conversation=conversation, body="Hello, when can we start?")
    do_send_message(actor=freelancer_user, conversation=conversation, body="I am free on Monday.")
    do_notify(client_user, kind="test", title="Something happened", body="", url="/dashboard/")

    body = signed_in(client_user).get("/dashboard/").content.decode()

    assert re.search(r'data-live-count="messages"\s*>2</span>', body)
    assert re.search(r'data-live-count="notifications"\s*>\d+</span>', body)


def test_current_section_is_the_longest_matching_link() -> None:
    items = [NavItem("Find work", "/jobs/"), NavItem("My jobs", "/jobs/mine/"), NavItem("Messages", "/messages/")]

    assert [i.label for i in mark_current(items, "/jobs/mine/") if i.current] == ["My jobs"]
    assert [i.label for i in mark_current(items, "/jobs/12/") if i.current] == ["Find work"]
    assert [i.label for i in mark_current(items, "/settings/") if i.current] == []


PAGES = [
    "/",
    "/dashboard/",
    "/jobs/",
    "/jobs/new/",
    "/jobs/mine/",
    "/freelancers/",
    "/proposals/",
    "/offers/",
    "/contracts/",
    "/messages/",
    "/notifications/",
    "/settings/",
    "/profile/edit/",
    "/accounts/login/",
    "/accounts/signup/",
]


ROLES = {
    "client": {"is_client": True, "is_freelancer": False},
    "freelancer": {"is_client": False, "is_freelancer": True},
    "both": {"is_client": True, "is_freelancer": True},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", PAGES)
def test_every_main_page_renders_inside_the_layout_for_every_role(path: str, role: str) -> None:
    person = ClientFactory(**ROLES[role])

    response = signed_in(person).get(path, follow=True)

    # Posting a job is for clients; a freelancer gets the styled refusal, still inside the layout.
    assert response.status_code == (403 if (role, path) == ("freelancer", "/jobs/new/") else 200)
    assert b'<a class="skip-link" href="#main">' in response.content


# --- error pages --------------------------------------------------------------------------------


def test_unknown_address_gets_the_styled_not_found_page() -> None:
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "We could not find that page" in body
    assert '<a class="skip-link" href="#main">' in body


def test_server_error_page_renders_without_a_request_context() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
