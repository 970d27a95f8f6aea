"""Steps a person takes in the browser, shared by the browser tests.

Each step drives the real pages (forms, buttons, links) the way a person would; none of them
reaches into the database.
"""

from __future__ import annotations

import re
import time
from typing import Any

from channels.layers import get_channel_layer
from django.core import mail

from workfair.core.realtime import user_group

DEFAULT_PASSWORD = "a-long-and-Unusual-passphrase-42"
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def confirmation_link_for(email: str) -> str:
    """The e-mail confirmation link last sent to `email` (from the in-process outbox)."""
    for message in reversed(mail.outbox):
        if email in message.to:
            match = CONFIRMATION_LINK.search(str(message.body))
            if match:
                return match.group(0)
    raise AssertionError(f"no confirmation e-mail was sent to {email}")


def sign_up(
    page: Any,
    *,
    email: str,
    first_name: str,
    last_name: str,
    hire: bool = False,
    work: bool = False,
    password: str = DEFAULT_PASSWORD,
) -> None:
    """Fill in and send the sign-up form. The account then waits for its e-mail confirmation."""
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=first_name]", first_name)
    page.fill("input[name=last_name]", last_name)
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    if hire:
        page.check("input[name=wants_to_hire]")
    if work:
        page.check("input[name=wants_to_work]")
    page.locator("form:has(input[name=password1])").locator("button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")


def confirm_email(page: Any, email: str) -> None:
    """Open the link from the confirmation e-mail and confirm; allauth then signs the person in."""
    page.goto(confirmation_link_for(email))
    page.locator("form[action*='/accounts/confirm-email/']").locator("button[type=submit]").click()


def sign_up_and_confirm(page: Any, **person: Any) -> None:
    """Sign up, confirm the e-mail address and land signed in on the dashboard."""
    sign_up(page, **person)
    confirm_email(page, person["email"])
    page.wait_for_url("**/dashboard/")


def log_in(page: Any, *, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Log in through the login form and wait for the dashboard."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("form:has(input[name=password])").locator("button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def wait_until_live(user_id: int, timeout: float = 5.0) -> None:
    """Wait until a page of `user_id` listens on their live channel (the nav badges' websocket).

    With the in-memory channel layer the server shares this process, so its group membership is
    visible here; with another layer, give the page a moment instead."""
    groups = getattr(get_channel_layer(), "groups", None)
    if groups is None:
        time.sleep(1.0)
        return
    deadline = time.monotonic() + timeout
    while not groups.get(user_group(user_id)):
        if time.monotonic() > deadline:
            raise AssertionError(f"no page of user {user_id} connected to its live channel")
        time.sleep(0.05)


# --- staff (the console needs two-factor) --------------------------------------------------------

TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def staff_with_totp(role: str = "moderator", **fields: Any) -> Any:
    """A staff member of `role` whose TOTP authenticator is activated (the console requires it)."""
    from allauth.mfa.models import Authenticator

    from workfair.trust.tests.factories import StaffFactory

    user = StaffFactory(role=role, **fields)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
    return user


def current_totp_code() -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def log_in_with_totp(page: Any, user: Any) -> None:
    """Log in a factory-made user (the factories' password), then answer the two-factor step with
    the current code."""
    from workfair.accounts.tests.factories import DEFAULT_PASSWORD as FACTORY_PASSWORD

    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", FACTORY_PASSWORD)
    page.locator("form:has(input[name=password])").locator("button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.fill("input[name=code]", current_totp_code())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


# The widest element's right edge, in CSS pixels, against the window's width; what a scrolling box
# holds (a wide table in its .table-wrap) scrolls inside it and does not count.
OVERFLOW = """() => {
  const scrolls = (el) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX);
  const inScroller = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
    { if (scrolls(p)) return true; } return false; };
  let widest = 0;
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && getComputedStyle(el).position !== 'fixed' && !inScroller(el))
      widest = Math.max(widest, box.right);
  }
  return {widest: Math.ceil(widest), viewport: window.innerWidth, scroll: document.documentElement.scrollWidth};
}"""
