"""The support part of the demo marketplace: the help centre's articles and the canned replies."""

from __future__ import annotations

from workfair.core.demo import SeedContext
from workfair.support.actions import do_create_canned_reply, do_create_help_category, do_save_help_article
from workfair.support.help_articles import ARTICLES, CANNED_REPLIES, CATEGORIES
from workfair.support.models import HelpArticle


def load_help_centre() -> int:
    """Create the starting categories, articles and canned replies that are not there yet (by
    title); returns how many articles were added."""
    categories = {
        name: do_create_help_category(actor=None, name=name, description=description, position=i)
        for i, (name, description) in enumerate(CATEGORIES)
    }
    existing = set(HelpArticle.objects.values_list("title", flat=True))
    added = 0
    for category, title, summary, body in ARTICLES:
        if title in existing:
            continue
        do_save_help_article(
            actor=None, article=None, category=categories[category], title=title, summary=summary, body=body
        )
        added += 1
    for title, body in CANNED_REPLIES:
        do_create_canned_reply(actor=None, title=title, body=body)
    return added


def build_help_centre(context: SeedContext) -> None:
    load_help_centre()
