"""The privacy page in headless Chromium at 1280 and 390 px: reached from the home page's footer,
it fits the window (its table stacks on a phone instead of scrolling sideways), and a screenshot at
each width is kept in the test's temporary directory. The page fixture fails on any CSP violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_newcomer_pages import OVERFLOW, WIDTHS

pytestmark = pytest.mark.browser


def test_a_visitor_follows_the_footer_to_the_privacy_page_which_fits_every_width(page: Any, tmp_path: Any) -> None:
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy").click()
    page.get_by_role("heading", name="Privacy", level=1).wait_for()
    assert page.url.endswith("/privacy/")

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/privacy/")
        page.get_by_role("heading", name="Privacy", level=1).wait_for()
        page.screenshot(path=str(tmp_path / f"privacy-{width}.png"), full_page=True)
        sizes = page.evaluate(OVERFLOW)
        assert sizes["scroll"] <= sizes["viewport"], (width, sizes)
        # the table is laid out within the window, not scrolled inside its box
        table = page.locator("table.table-stacked").bounding_box()
        assert table is not None
        assert table["x"] + table["width"] <= sizes["viewport"], (width, table)
