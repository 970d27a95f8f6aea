"""Finding help articles for a question (docs/subsystems/support.md, "Search").

One function serves the search page and the suggestions shown while someone types: a question
("why is my withdrawal still pending?") is matched word by word, any word counting, and ranked by
how many of them an article holds and where (title above summary above body). On PostgreSQL that is
full-text search on `HelpArticle.search_vector` (stemmed, stop words dropped, GIN index); elsewhere
a portable fallback of substring matches on crudely stemmed words, ranked the same way."""

from __future__ import annotations

import functools
import operator
import re
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from workfair.core.errors import InvalidInput
from workfair.support.models import HELP_SEARCH_CONFIG, HelpArticle

MAX_QUERY_CHARS = 300
MAX_QUERY_TERMS = 12

# Words that say nothing about what the question is about (the fallback's stop list; PostgreSQL
# has its own in the "english" configuration).
STOP_WORDS = frozenset(
    """a about after all am an and any are as at be been before but by can cannot could did do
    does doing done for from get got had has have how i if in into is it its just me my no not
    of on or our so some than that the their them then there these they this to too up us was
    we were what when where which who why will with would you your yours""".split()  # noqa: SIM905 - a word list reads best as words
)
_SUFFIXES = ("ing", "ed", "es", "s")


def search_vector_expression() -> Any:
    return (
        SearchVector("title", weight="A", config=HELP_SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=HELP_SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=HELP_SEARCH_CONFIG)
    )


def refresh_search_vectors(article_ids: list[int]) -> int:
    """Recompute the search vector of `article_ids` (one UPDATE); 0 outside PostgreSQL. Derived
    data, so not audited."""
    if connection.vendor != "postgresql":
        return 0
    return HelpArticle.objects.filter(pk__in=article_ids).update(search_vector=search_vector_expression())


def query_terms(q: str) -> list[str]:
    """The words of a question that carry meaning, lower-cased, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in re.findall(r"\w+", q.lower()):
        if len(word) > 1 and word not in STOP_WORDS and not word.isdigit():
            seen.setdefault(word, None)
    return list(seen)[:MAX_QUERY_TERMS]


def _stem(word: str) -> str:
    """A crude stem for the substring fallback: "withdrawals" and "withdrawing" find "withdraw"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def clean_query(q: str) -> str:
    q = (q or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise InvalidInput(f"Ask in at most {MAX_QUERY_CHARS} characters.")
    if "\x00" in q:
        raise InvalidInput("Search text may not contain NUL characters.")
    return q


def search_articles(q: str, *, limit: int = 10) -> list[HelpArticle]:
    """Published articles that answer `q` best first, at most `limit` (one query). An empty or
    meaningless question finds nothing. InvalidInput for a question too long or holding NUL."""
    terms = query_terms(clean_query(q))
    if not terms:
        return []
    articles: QuerySet[HelpArticle] = HelpArticle.objects.filter(published=True).select_related("category")
    if connection.vendor == "postgresql":
        query = functools.reduce(
            operator.or_, (SearchQuery(term, search_type="plain", config=HELP_SEARCH_CONFIG) for term in terms)
        )
        articles = articles.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    else:
        stems = [_stem(term) for term in terms]
        articles = articles.filter(
            functools.reduce(
                operator.or_,
                (Q(title__icontains=s) | Q(summary__icontains=s) | Q(body__icontains=s) for s in stems),
            )
        )
        weights = (("title", 6), ("summary", 3), ("body", 1))
        score = sum(
            (
                Case(When(**{f"{field}__icontains": s}, then=Value(w)), default=Value(0), output_field=IntegerField())
                for s in stems
                for field, w in weights
            ),
            start=Value(0, output_field=IntegerField()),
        )
        articles = articles.annotate(rank=score)
    return list(articles.order_by("-rank", "title")[:limit])
