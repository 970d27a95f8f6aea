"""A strict Content-Security-Policy on every page (issue 10, item 10): scripts and styles from our
origin or with the request's nonce; no template has an inline script or style without the nonce,
an inline event handler or a style attribute (the browser tests fail on any violation they meet)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import workfair

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(workfair.__file__).parent.glob("*/templates/**/*.html"))


def _policy(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_pages_carry_a_strict_policy_with_a_fresh_nonce_per_request() -> None:
    first = Client().get("/")
    second = Client().get("/")
    assert first.status_code == 200
    policy = _policy(first["Content-Security-Policy"])
    nonce = re.search(r"'nonce-([^']+)'", " ".join(policy["script-src"]))
    assert nonce is not None
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce.group(1)}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce.group(1)}'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)
    # The page's one inline script carries this request's nonce; the next request gets another.
    assert f'<script nonce="{nonce.group(1)}">' in first.content.decode()
    assert nonce.group(1) not in second["Content-Security-Policy"]


def test_the_api_and_its_errors_carry_the_policy_too() -> None:
    response = Client().get("/api/v1/jobs/does-not-exist")
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(Path(workfair.__file__).parent)))
def test_no_template_has_inline_code_the_policy_would_block(template: Path) -> None:
    text = template.read_text()
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
        if tag.startswith("<script") and ("src=" in tag or 'type="application/json"' in tag):
            continue
        assert 'nonce="{{ request.csp_nonce }}"' in tag, f"inline {tag} without the CSP nonce"
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text), "inline event handler (use a script file)"
    assert not re.search(r"\sstyle\s*=\s*[\"']", text), "style attribute (use a class in a style sheet)"
    assert "javascript:" not in text
