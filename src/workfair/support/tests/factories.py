"""Builders for support tests, through the real actions so that every rule applies."""

from __future__ import annotations

from typing import Any

from workfair.support.actions import do_create_help_category, do_save_help_article
from workfair.support.models import HelpArticle, HelpCategory
from workfair.trust.tests.factories import StaffFactory


def help_category(name: str = "Payments", **kw: Any) -> HelpCategory:
    return do_create_help_category(actor=None, name=name, description=kw.get("description", ""))


def help_article(
    *,
    title: str = "How fees work",
    body: str = "The client pays **5 %**; the freelancer pays 10 %.",
    summary: str = "What each side pays.",
    category: HelpCategory | None = None,
    published: bool = True,
    actor: Any = None,
) -> HelpArticle:
    return do_save_help_article(
        actor=actor or StaffFactory(),
        article=None,
        category=category or help_category(),
        title=title,
        summary=summary,
        body=body,
        published=published,
    )
