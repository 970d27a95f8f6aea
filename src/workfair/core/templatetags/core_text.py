"""Text filters any template may use."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A path of this site inside a sentence ("... at /account/phone/."): lower-case, digits, dashes.
_SITE_PATH = re.compile(r"(?<![\w/.:])(/[a-z0-9][a-z0-9/_-]*/)(?=[\s.,;:)]|$)")


@register.filter(needs_autoescape=True)
def link_paths(text: Any, autoescape: bool = True) -> SafeString:
    """Escape `text`, then turn the site paths it names into links: refusals such as "verify your
    phone number first: /account/phone/" become one click away."""
    escaped = str(conditional_escape(text) if autoescape else text)
    linked = _SITE_PATH.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', escaped)
    return mark_safe(linked)  # noqa: S308 - escaped above; the paths hold only [a-z0-9/_-]


@register.filter
def country(code: Any) -> str:
    """A country's name for its two-letter code ("PL" -> "Poland"); an unknown code as it is."""
    from workfair.core.countries import country_name

    return country_name(str(code or ""))
