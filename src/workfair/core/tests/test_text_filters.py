"""The `link_paths` filter: refusals name the page that fixes them; the filter makes it a link."""

from __future__ import annotations

from django.template import Context, Template


def render(text: str) -> str:
    return Template("{% load core_text %}{{ text|link_paths }}").render(Context({"text": text}))


def test_a_site_path_in_a_sentence_becomes_a_link() -> None:
    assert render("Verify your phone number first: /account/phone/.") == (
        'Verify your phone number first: <a href="/account/phone/">/account/phone/</a>.'
    )


def test_everything_else_stays_escaped_text() -> None:
    out = render('<script>alert("x")</script> see /a/b/ or https://example.com/c/ or x/y/')
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert '<a href="/a/b/">/a/b/</a>' in out
    assert 'href="/c/"' not in out  # part of a full URL: left alone
    assert 'href="/y/"' not in out
