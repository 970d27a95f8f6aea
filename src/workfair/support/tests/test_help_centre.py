"""The help centre: articles written by staff in Markdown, rendered safely, searched by question,
suggested while typing, shown at /help/ and linked from every page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from workfair.accounts.tests.factories import ClientFactory, log_in_with_two_factor, with_totp
from workfair.core.errors import InvalidInput, NotFound, PermissionDenied
from workfair.core.models import AuditLogEntry
from workfair.support import queries
from workfair.support.actions import do_create_help_category, do_save_help_article
from workfair.support.demo import load_help_centre
from workfair.support.models import HelpArticle, HelpCategory
from workfair.support.rendering import render_markdown
from workfair.support.search import search_articles
from workfair.support.tests.factories import help_article, help_category
from workfair.trust.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_markdown_is_rendered_and_scripts_links_and_raw_html_are_removed() -> None:
    html = render_markdown(
        "## Fees\n\n**bold** <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n"
        "[bad](javascript:alert(1)) [good](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h2>Fees</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run
    assert 'href="javascript' not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">good</a>' in html
    assert "<td>1</td>" in html


def test_staff_write_an_article_with_an_audit_row_and_people_may_not() -> None:
    staff = StaffFactory()
    category = help_category()
    article = do_save_help_article(
        actor=staff, article=None, category=category, title="Fees", summary="What you pay.", body="**5 %**"
    )
    assert article.slug == "fees"
    assert article.body_html == "<p><strong>5 %</strong></p>\n"
    assert AuditLogEntry.objects.filter(action="support.help_article_created", target_id=str(article.pk)).count() == 1
    with pytest.raises(NotFound):
        do_save_help_article(
            actor=ClientFactory(), article=article, category=category, title="Hacked", summary="x", body="x"
        )
    article.refresh_from_db()
    assert article.title == "Fees"
    second = help_article(title="Fees", category=category)
    assert second.slug == "fees-2"


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_an_empty_or_too_long_field_is_refused_and_nothing_is_written(field: str) -> None:
    category = help_category()
    values = {"title": "T", "summary": "S", "body": "B"}
    for bad in ("   ", "x" * 40_000):
        with pytest.raises(InvalidInput):
            do_save_help_article(actor=StaffFactory(), article=None, category=category, **{**values, field: bad})
    assert HelpArticle.objects.count() == 0


def test_only_staff_create_categories() -> None:
    with pytest.raises((NotFound, PermissionDenied)):
        do_create_help_category(actor=ClientFactory(), name="Sneaky")
    assert not HelpCategory.objects.exists()


def test_search_finds_articles_by_question_best_first_and_ignores_drafts() -> None:
    load_help_centre()
    help_article(title="Secret draft about withdrawals", published=False)
    top = search_articles("when can I withdraw my money?")
    assert top, "a question about withdrawals finds something"
    assert top[0].title == "When can I withdraw my earnings?"
    assert all(a.published for a in top)
    assert search_articles("the and of") == []
    assert search_articles("") == []


def test_search_refuses_nul_and_overlong_questions() -> None:
    with pytest.raises(InvalidInput):
        search_articles("a\x00b")
    with pytest.raises(InvalidInput):
        search_articles("x" * 301)


def test_help_pages_show_categories_articles_and_search_results() -> None:
    load_help_centre()
    c = Client()
    page = c.get("/help/")
    assert page.status_code == 200
    assert "Payments and fees" in page.content.decode()
    assert "What fees does Workfair charge?" in page.content.decode()
    found = c.get("/help/", {"q": "marketplace fee"})
    assert "What fees does Workfair charge?" in found.content.decode()
    article = HelpArticle.objects.get(title="What fees does Workfair charge?")
    shown = c.get(f"/help/articles/{article.slug}/")
    assert shown.status_code == 200
    assert "<table>" in shown.content.decode()
    assert c.get(f"/help/{article.category.slug}/").status_code == 200
    assert c.get("/help/articles/no-such-thing/").status_code == 404
    assert c.get("/help/", {"q": "a\x00b"}).status_code == 200  # the error is shown, not a 500


def test_the_help_list_takes_a_fixed_number_of_queries() -> None:
    load_help_centre()
    with CaptureQueriesContext(connection) as few:
        queries.help_categories_with_articles()
    for i in range(10):
        help_article(title=f"More help {i}")
    with CaptureQueriesContext(connection) as many:
        queries.help_categories_with_articles()
    assert len(few) == len(many) == 2


def test_suggestions_fragment_lists_matching_articles_while_typing() -> None:
    load_help_centre()
    c = Client()
    answer = c.get("/help/suggest/", {"subject": "my phone verification code never arrives"})
    assert answer.status_code == 200
    assert "How do I verify my phone number?" in answer.content.decode()
    assert c.get("/help/suggest/", {"q": "zzzz qqqq"}).content.decode().strip() == ""
    assert c.get("/help/suggest/", {"q": "a\x00b"}).status_code == 200


def test_drafts_are_seen_by_staff_only() -> None:
    draft = help_article(title="Coming soon", published=False)
    assert Client().get(f"/help/articles/{draft.slug}/").status_code == 404
    staff = with_totp(StaffFactory())
    c = Client()
    log_in_with_two_factor(c, staff)
    assert c.get(f"/help/articles/{draft.slug}/").status_code == 200


def test_every_page_links_to_the_help_centre() -> None:
    assert 'href="/help/"' in Client().get("/").content.decode()


def test_console_lists_and_edits_articles_for_staff_only(client: Any) -> None:
    article = help_article()
    assert client.get("/console/help/").status_code == 302  # to log in
    client.force_login(ClientFactory())
    assert client.get("/console/help/").status_code == 404
    staff = with_totp(StaffFactory())
    log_in_with_two_factor(client, staff)
    assert article.title in client.get("/console/help/").content.decode()
    answer = client.post(
        f"/console/help/articles/{article.pk}/",
        {
            "category": article.category_id,
            "title": "Fees, explained",
            "summary": "S",
            "body": "# x\n\n<b>raw</b>",
            "published": "on",
        },
    )
    assert answer.status_code == 302
    article.refresh_from_db()
    assert article.title == "Fees, explained"
    assert "<b>" not in article.body_html
    assert article.updated_by == staff
    bad = client.post("/console/help/articles/new/", {"category": article.category_id, "title": "", "summary": ""})
    assert bad.status_code == 200
    assert HelpArticle.objects.count() == 1


def test_the_seeded_help_centre_has_a_dozen_articles_and_loads_once() -> None:
    assert load_help_centre() >= 12
    assert load_help_centre() == 0
