# ruff: noqa: RUF001 - lookalike characters are the input under test
"""Contact details, found through every trick, and ordinary work talk left alone."""

import pytest

from workfair.guard.decisions import screen_text


def kinds(text, **kw):
    return [(f.kind, f.text) for f in screen_text(text, **kw).findings if f.category == "contact"]


def contact_texts(text, **kw):
    return [f.text for f in screen_text(text, **kw).findings if f.category in ("contact", "payment")]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("call me on 415-555-0132", "415-555-0132"),
        ("my cell is (415) 555 0132", "(415) 555 0132"),
        ("+44 7700 900123 anytime", "+44 7700 900123"),
        ("whatsapp +49 151 23456789 please", "+49 151 23456789"),
        ("call me on five five five 0 one 2 3 4 5 6 7", "five five five 0 one 2 3 4 5 6 7"),
        ("reach me: seven one eight three double four five six eight three", None),
        ("my number is 4one5 five5five 0one3two", None),
        ("text me 555-O123-4567", "555-O123-4567"),
        ("number: ５５５-０１２３-４５６７", "５５５-０１２３-４５６７"),
        ("5️⃣5️⃣5️⃣0️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣ is my number", None),
        ("phone ⑤⑤⑤⓪①②③④⑤⑥", "⑤⑤⑤⓪①②③④⑤⑥"),
        ("𝟒𝟏𝟓-𝟓𝟓𝟓-𝟎𝟏𝟑𝟐 call me", "𝟒𝟏𝟓-𝟓𝟓𝟓-𝟎𝟏𝟑𝟐"),
        ("ping 4 1 5 5 5 5 0 1 3 2 later", "4 1 5 5 5 5 0 1 3 2"),
        ("ping 4.1.5.5.5.5.0.1.3.2 later", "4.1.5.5.5.5.0.1.3.2"),
        ("my number is 07700 900 123", "07700 900 123"),
        ("reach me at 922 664 1082", "922 664 1082"),
    ],
)
def test_phone_numbers_are_found_through_every_trick(text, detail):
    found = [t for k, t in kinds(text) if k == "phone"]
    assert found, text
    if detail:
        assert detail in found


@pytest.mark.parametrize(
    "text",
    [
        "I'm free 0900-1200 eastern",
        "Order #4815162342",
        "order number 4815162342 shipped",
        "The budget is $500 for the first milestone",
        "$1,500,000 in sales last year",
        "call at 3pm",
        "Delivery by 2025-03-14, invoice 2025/0042",
        "between 2019-2023 I worked at a bank",
        "upgraded from 1.10.2 to 2.0.13",
        "the IP is 192.168.100.200",
        "colour #ff0000 and #00ff00",
        "fixed in a3f5b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f",
        "Tracking number 1Z999AA10123456784",
        "ISBN 978-3-16-148410-0",
        "we sold 1 234 567 units",
        "Mon-Fri 9:00-17:00 CET",
        "pi is 3.14159265",
        "the room is 4B on floor 2",
        "I have 10 years of experience and 250 reviews",
        "his social security number is 078-05-1120",
        "office at 1600 2000 Pennsylvania Avenue",
    ],
)
def test_numbers_that_are_not_phone_numbers_are_left_alone(text):
    assert [k for k, _ in kinds(text) if k == "phone"] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("write to jane.smith@example.com", "jane.smith@example.com"),
        ("jane dot smith at gmail dot com", "jane.smith@gmail.com"),
        ("jane (at) example [dot] org", "jane@example.org"),
        ("jane @ example . com", "jane@example.com"),
        ("JANE.SMITH AT GMAIL", "jane.smith@gmail.com"),
        ("jаnе@gmаil.com", "jane@gmail.com"),
        ("jane＠example.com", "jane@example.com"),
    ],
)
def test_email_addresses_are_found_in_normal_form(text, value):
    emails = [f for f in screen_text(text).findings if f.kind == "email"]
    assert [f.value for f in emails] == [value]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("see https://janedesign.com/portfolio", "url"),
        ("portfolio: janedesign.co", "url"),
        ("janedesign dot com", "url"),
        ("www.janedesign.net", "url"),
        ("bit.ly/3xYz12", "url_shortener"),
        ("join https://zoom.us/j/123456789", "meeting_link"),
        ("meet.google.com/abc-defg-hij", "meeting_link"),
        ("book me at calendly.com/jane/30min", "meeting_link"),
        ("fill forms.gle/abc123", "form_link"),
        ("wa.me/14155550132", "handle"),
        ("t.me/janedoe", "handle"),
        ("linkedin.com/in/jane-doe", "handle"),
    ],
)
def test_links_domains_and_meeting_links_are_found(text, kind):
    assert kind in [k for k, _ in kinds(text)]


@pytest.mark.parametrize(
    "text",
    [
        "We use ASP.NET and Node.js",
        "open main.py and README.md",
        "we sell on Amazon.com and Etsy",
        "the link is workfair.org/jobs/42",
        "e.g. this, i.e. that",
        "done.It works now",
    ],
)
def test_code_talk_and_the_platform_own_links_are_not_links(text):
    assert [k for k, _ in kinds(text) if k in ("url", "domain")] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("add me on telegram @jdoe", "telegram:jdoe"),
        ("my skype is live:jdoe_42", "skype:live:jdoe_42"),
        ("insta: jane.designs", "instagram:jane.designs"),
        ("discord jdoe#1234", "discord:jdoe#1234"),
        ("snapchat: janedoe99", "snapchat:janedoe99"),
        ("wechat id: jane_w", "wechat:jane_w"),
        ("tеlеgrаm: jdoe_99", "telegram:jdoe_99"),
        ("ig @jane_designs", "instagram:jane_designs"),
    ],
)
def test_messenger_handles_are_found_as_service_and_name(text, value):
    assert value in [f.value for f in screen_text(text).findings if f.kind == "handle"]


@pytest.mark.parametrize(
    "text",
    [
        "I built a WhatsApp bot for a client",
        "Telegram API integration with webhooks",
        "I run the Instagram account for a bakery",
        "Skype for Business migration to Teams",
        "we need a Discord server with roles",
        "Signal processing and FFT experience",
        "Line chart in D3 with tooltips",
        "the X axis should start at zero",
        "Slack integration for alerts",
    ],
)
def test_a_platform_named_as_the_subject_of_the_work_is_not_a_finding(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "let's continue on WhatsApp",
        "can we move this to telegram",
        "text me",
        "email me directly",
        "what's your whatsapp?",
        "let's talk outside the platform",
    ],
)
def test_intent_to_move_off_the_platform_is_found(text):
    assert "off_platform_intent" in [k for k, _ in kinds(text)]


def test_contact_details_are_allowed_once_a_contract_is_active():
    before = screen_text("my email is jane@example.com")
    after = screen_text("my email is jane@example.com", contract_active=True)
    assert before.decision == "mask"
    assert before.masked_text == "my email is [contact details hidden]"
    assert after.decision == "allow"
    assert after.masked_text == "my email is jane@example.com"
    assert [f.kind for f in after.findings] == ["email"]


def test_contact_details_on_public_surfaces_are_masked_whatever_the_contract():
    res = screen_text("hire me: jane@example.com", surface="profile", contract_active=True)
    assert res.decision == "mask"
