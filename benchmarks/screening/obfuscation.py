# ruff: noqa: RUF001, E501 - lookalike characters and one-line templates are the data
"""The obfuscation set: contact and payment details hidden with every trick the guard undoes, plus
benign marketplace messages full of numbers, times, prices, ids and platform names.

Generated from the templates below with a fixed seed, so every run measures the same messages.
A positive case is (messages, trick, category): the detail sits in the LAST message, and `span` is
its character range there; earlier messages are the same sender's (for split-over-messages cases).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SEED = 20260401

_WORDS = {
    "0": "zero",
    "1": "one",
    "2": "two",
    "3": "three",
    "4": "four",
    "5": "five",
    "6": "six",
    "7": "seven",
    "8": "eight",
    "9": "nine",
}
_FULLWIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}
_CIRCLED = {"0": "⓪", **{str(d): chr(0x2460 + d - 1) for d in range(1, 10)}}
_MATH_BOLD = {str(d): chr(0x1D7CE + d) for d in range(10)}
_KEYCAP = {str(d): f"{d}\ufe0f\u20e3" for d in range(10)}
_CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і"}

_NAMES = ["jane", "omar", "li.wei", "maria", "kofi", "anya", "raj", "sofia", "tom.h", "nina", "diego", "yuki"]
_SURNAMES = ["smith", "haddad", "chen", "garcia", "mensah", "ivanova", "patel", "rossi", "keller", "novak"]
_PROVIDERS = ["gmail", "yahoo", "outlook", "hotmail", "proton", "icloud"]
_LEADS = [
    "sure, {d}", "ok here it is {d}", "you can reach me at {d}", "my contact: {d}", "{d} is best for quick questions",
    "text me on {d} and we finish faster", "drop me a line {d}", "{d}", "easier to talk there: {d}",
    "for the files use {d}", "contact {d} anytime", "ping {d} after 6pm",
]  # fmt: skip


@dataclass(frozen=True)
class Case:
    messages: tuple[str, ...]
    trick: str
    category: str  # "contact" | "payment" | "benign"
    span: tuple[int, int] = (0, 0)  # of the detail, in the last message


def _phone(rng: random.Random) -> str:
    style = rng.choice(["us", "uk", "in", "de", "ng"])
    if style == "us":
        return f"{rng.choice(['202', '415', '312', '646', '718'])}{rng.randint(200, 999)}{rng.randint(1000, 9999)}"
    if style == "uk":
        return f"07{rng.randint(100, 999)}{rng.randint(100000, 999999)}"
    if style == "in":
        return f"9{rng.randint(100000000, 999999999)}"
    if style == "de":
        return f"0151{rng.randint(1000000, 9999999)}"
    return f"080{rng.randint(10000000, 99999999)}"


def _group(d: str, rng: random.Random) -> str:
    sep = rng.choice([" ", "-", "."])
    if len(d) == 10:
        return f"{d[:3]}{sep}{d[3:6]}{sep}{d[6:]}"
    return f"{d[:4]}{sep}{d[4:7]}{sep}{d[7:]}"


def _map(d: str, table: dict[str, str]) -> str:
    return "".join(table.get(c, c) for c in d)


def _phone_tricks(rng: random.Random) -> list[tuple[str, str]]:
    d = _phone(rng)
    out = [("phone_plain", _group(d, rng)), ("phone_intl", "+1 " + _group(d, rng) if len(d) == 10 else "+44 " + d[1:])]
    out.append(("phone_words", " ".join(_WORDS[c] for c in d)))
    mixed = " ".join(_WORDS[c] if k % 2 else c for k, c in enumerate(d))
    out.append(("phone_mixed_words", mixed))
    out.append(("phone_oh_for_zero", " ".join("oh" if c == "0" else _WORDS[c] for c in d)))
    # double/triple: make a repeat
    dd = d[:4] + d[4] + d[4] + d[6:] if len(d) > 7 else d
    out.append(
        (
            "phone_double",
            f"{' '.join(_WORDS[c] for c in dd[:4])} double {_WORDS[dd[4]]} {' '.join(_WORDS[c] for c in dd[6:])}",
        )
    )
    letters = d.replace("0", "O").replace("1", "l")
    if letters == d:
        letters = d[:3] + "O" + d[4:]
    out.append(("phone_letters_for_digits", _group(letters, rng)))
    out.append(("phone_fullwidth", _map(_group(d, rng), _FULLWIDTH)))
    out.append(("phone_circled", _map(d, _CIRCLED)))
    out.append(("phone_math_bold", _map(_group(d, rng), _MATH_BOLD)))
    out.append(("phone_emoji_keycap", _map(d, _KEYCAP)))
    out.append(("phone_spaced", " ".join(d)))
    out.append(("phone_dotted", ".".join(d)))
    out.append(("phone_mixed_separators", f"{d[:3]} - {d[3:6]} . {d[6:8]} {d[8:]}"))
    return out


def _email_tricks(rng: random.Random) -> list[tuple[str, str]]:
    name, sur, prov = rng.choice(_NAMES), rng.choice(_SURNAMES), rng.choice(_PROVIDERS)
    tld = rng.choice(["com", "com", "net", "io"]) if prov not in ("gmail", "hotmail") else "com"
    local = f"{name}.{sur}{rng.randint(1, 99)}"
    plain = f"{local}@{prov}.{tld}"
    spoken_local = local.replace(".", " dot ")
    return [
        ("email_plain", plain),
        ("email_at_dot_words", f"{spoken_local} at {prov} dot {tld}"),
        ("email_bracketed", f"{local} (at) {prov} [dot] {tld}"),
        ("email_spaced_at", f"{local} @ {prov} . {tld}"),
        ("email_provider_only", f"{local} at {prov}"),
        ("email_lookalike_letters", _map(plain, _CYRILLIC)),
        ("email_fullwidth_at", plain.replace("@", "＠")),
    ]


def _link_tricks(rng: random.Random) -> list[tuple[str, str]]:
    name = rng.choice(_NAMES).replace(".", "") + rng.choice(["design", "dev", "studio", "works"])
    return [
        ("url_plain", f"https://{name}.com/portfolio"),
        ("domain_bare", f"{name}.{rng.choice(['com', 'net', 'co', 'io', 'design'])}"),
        ("domain_dot_word", f"{name} dot com"),
        ("url_shortener", f"bit.ly/{rng.randint(10000, 99999)}x"),
        ("meeting_zoom", f"https://zoom.us/j/{rng.randint(100000000, 999999999)}"),
        ("meeting_google_meet", "meet.google.com/abc-defg-hij"),
        ("calendar_calendly", f"calendly.com/{name}/30min"),
        ("messenger_link_whatsapp", f"wa.me/{_phone(rng)}"),
        ("messenger_link_telegram", f"t.me/{name}"),
        ("form_link", f"forms.gle/{rng.randint(1000, 9999)}AbC"),
    ]


def _handle_tricks(rng: random.Random) -> list[tuple[str, str]]:
    h = rng.choice(_NAMES).replace(".", "_") + str(rng.randint(1, 999))
    return [
        ("handle_telegram", f"telegram @{h}"),
        ("handle_skype", f"skype: live:{h}"),
        ("handle_instagram", f"insta @{h}"),
        ("handle_discord", f"discord {h}#{rng.randint(1000, 9999)}"),
        ("handle_snapchat", f"snapchat: {h}"),
        ("handle_wechat", f"wechat id: {h}"),
        ("handle_signal", f"signal @{h}"),
        ("handle_lookalike", f"{_map('telegram', _CYRILLIC)}: {h}"),
        ("handle_whatsapp_number", f"whatsapp +44 {_phone(rng)[1:]}"),
        (
            "intent_continue_on",
            rng.choice(
                [
                    "let's continue on WhatsApp",
                    "can we move this to telegram",
                    "let's talk on skype instead",
                    "add me on discord",
                ]
            ),
        ),
    ]


def _iban(rng: random.Random) -> str:
    bank = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
    acct = "".join(str(rng.randint(0, 9)) for _ in range(14))
    body = bank + acct + "GB00"
    check = 98 - int("".join(str(int(c, 36)) for c in body)) % 97
    return f"GB{check:02d}{bank}{acct}"


def _card(rng: random.Random) -> str:
    digits = [4] + [rng.randint(0, 9) for _ in range(14)]
    total = 0
    for k, dgt in enumerate(reversed(digits)):
        v = dgt * 2 if k % 2 == 0 else dgt
        total += v - 9 if v > 9 else v
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


_BTC = [
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
]
_ETH = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xde709f2102306220921060314715629080e2fb77",
]
_TRON = ["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"]


def _payment_tricks(rng: random.Random) -> list[tuple[str, str]]:
    iban = _iban(rng)
    card = _card(rng)
    h = rng.choice(_NAMES).replace(".", "") + str(rng.randint(1, 99))
    return [
        ("iban_plain", iban),
        ("iban_spaced", " ".join(iban[k : k + 4] for k in range(0, len(iban), 4))),
        ("card_grouped", " ".join(card[k : k + 4] for k in range(0, 16, 4))),
        ("card_plain_with_context", f"card {card}"),
        ("paypal_me_link", f"paypal.me/{h}"),
        ("paypal_email", f"paypal: {h}@gmail.com"),
        ("venmo_handle", f"venmo @{h}"),
        ("cashapp_cashtag", f"cash app ${h.capitalize()}"),
        ("zelle_email", f"zelle to {h}@outlook.com"),
        ("wise_account", f"wise: {h}@proton.me"),
        ("revolut_link", f"revolut.me/{h}"),
        ("crypto_btc", rng.choice(_BTC)),
        ("crypto_eth", rng.choice(_ETH)),
        ("crypto_tron", rng.choice(_TRON)),
        (
            "sort_code_account",
            f"sort code {rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)} "
            f"account {rng.randint(10000000, 99999999)}",
        ),
        (
            "pay_outside_fees",
            rng.choice(
                [
                    "I can pay you directly to avoid the fees",
                    "let's skip the platform fee, I'll send it via paypal",
                    "pay me through wise instead and we both save the commission",
                ]
            ),
        ),
    ]


_CONTACT_MAKERS = (_phone_tricks, _email_tricks, _link_tricks, _handle_tricks)


def positives(rng: random.Random, rounds: int = 12) -> list[Case]:
    out: list[Case] = []
    for _ in range(rounds):
        for maker in (*_CONTACT_MAKERS, _payment_tricks):
            category = "payment" if maker is _payment_tricks else "contact"
            for trick, detail in maker(rng):
                lead = rng.choice(_LEADS)
                if trick.startswith(("intent_", "pay_outside")):
                    lead = "{d}"
                msg = lead.replace("{d}", detail)
                start = msg.index(detail)
                out.append(Case((msg,), trick, category, (start, start + len(detail))))
        # a phone number split over two messages of the same sender
        d = _phone(rng)
        cut = rng.randint(3, 5)
        first = f"my number is {d[:cut]}"
        second = _group(d, rng)[cut + (1 if cut > 3 else 0) :].strip(" -.")
        out.append(Case((first, second), "phone_split_over_messages", "contact", (0, len(second))))
        e = rng.choice(_NAMES) + str(rng.randint(1, 99))
        out.append(
            Case(
                (f"my email is {e}", f"at {rng.choice(_PROVIDERS)} dot com"),
                "email_split_over_messages",
                "contact",
                (0, 0),
            )
        )
    fixed = []
    for c in out:
        if c.trick == "email_split_over_messages":
            fixed.append(Case(c.messages, c.trick, c.category, (0, len(c.messages[-1]))))
        else:
            fixed.append(c)
    return fixed


_BENIGN_TEMPLATES = [
    "I'm free {t1}-{t2} eastern, does that work?", "Order #{oid} shipped yesterday.", "I built a WhatsApp bot for a client last year.",
    "My budget is ${p} for the first milestone.", "Can we call at {h}pm tomorrow?", "The logo uses #{hex} and #{hex2}.",
    "Fixed in commit {sha}, please pull.", "Upgraded Django from {v1} to {v2}.", "Delivery by {date}, as agreed.",
    "I have {n} years of experience with Telegram bots and Discord integrations.", "Invoice INV-{year}-{n4} is attached here.",
    "The page loads in {ms} ms now, down from {ms2} ms.", "Between {y1}-{y2} I worked at a bank as a developer.",
    "I can do {n} revisions, then {n2} more if needed.", "Please double check section {n}.{n2} of the brief.",
    "The API returns {n5} rows per page; we have {big} rows total.", "Room {n}B, floor {n2}, see the floor plan.",
    "Could you look at the PayPal checkout integration? It fails on step {n}.", "Meeting notes: we agreed on {p} USD per week.",
    "I set up Stripe and PayPal payments for {n} Shopify stores.", "The Instagram feed widget shows {n} posts; Facebook shows {n2}.",
    "Tracking number 1Z{n6}{n6b} for the sample.", "ISBN 978-{n1}-{n4}-{n4b}-{n1b} is the book we discussed.",
    "Budget: ${p},000 total, paid per milestone on Workfair.", "Version {v1} fixed the bug in the Slack integration.",
    "See the wireframes at workfair.org/projects/{n4}.", "I can start on {date} and deliver by {date2}.",
    "My hourly rate is ${p} and I log time with the tracker.", "The IP whitelist includes 10.0.{n}.{n2}.",
    "We need a LinkedIn scraper that respects the terms; {n} profiles a day.", "Call me when you've reviewed milestone {n}.",
    "Temperature sensor reads {n}.{n2} C every {n5} ms.", "Latitude {n}.{n6}, longitude {n2}.{n6b}.",
    "The Zoom SDK integration is done; next is the Teams bot.", "Order of work: 1) design 2) build 3) test.",
    "Ticket #{n6} is closed; the fix went out in {v2}.", "The file is main.py and the docs are in README.md.",
    "Use ASP.NET Core {n}.0 with Node.js for the frontend build.", "Sales grew {n}% to {big} units in {year}.",
    "I'm available Mon-Fri 9:00-17:00 CET.", "The SKU is AB-{n6}-X and the price is €{p}.99.",
    "Meet you in the Workfair chat at {h}:30.", "Payment will go through the Workfair escrow as usual.",
    "One two three, the jingle goes; we need a {n} second version.", "Five stars from my last {n} clients!",
    "The table has {n} columns and {n5} rows; column {n2} is the date.", "We shipped {big} orders in Q{q} {year}.",
    "Reference 2024/{n4}/{n2} in the contract annex.", "Screen size 1920x1080, {n} dpi, {n2}:9 ratio.",
    "Phone mockups for iPhone {n} and Pixel {n2} are ready.", "The WeChat mini program needs {n} pages.",
    "Your Snapchat filter got {big} views this week.", "Add me to the Figma file when you can.",
    "I'll send the files here on Workfair by {date}.", "The hex value 0x{hex}{hex2} overflowed a 32-bit int.",
    "Let's talk on the Workfair call tomorrow at {h}.", "Our office hours are 9-5, Monday to Friday.",
    "The API allows {n4} requests per {n} minutes.", "Invoice total: {n4},{n2}0 EUR incl. VAT.",
    "I'll ping you here when milestone {n} is done.", "Send me the staging login when you can, please.",
    "The lottery numbers in the test fixture are 4, 8, 15, 16, 23, 42.", "Pixel {n} and iPhone {n2} screenshots attached.",
    "We met at the conference in {year}; great to work together again.", "Reply in this thread with the logo files.",
    "The Skype for Business to Teams migration is milestone {n2}.", "Coordinates: {n}.{n6}, {n2}.{n6b}; zoom level {n}.",
    "Please check the Telegram bot token rotation, it runs every {n} hours.", "Call me old-fashioned, but I prefer PDFs.",
    "The report covers {y1}-{y2}, {n5} pages, and {big} records.", "My availability: Tue {t1}-{t2}, Thu {t1}-{t2}.",
]  # fmt: skip


def benign(rng: random.Random, count: int = 600) -> list[Case]:
    out = []
    for k in range(count):
        tpl = _BENIGN_TEMPLATES[k % len(_BENIGN_TEMPLATES)]
        vals = {
            "t1": rng.choice(["0800", "0900", "1000"]),
            "t2": rng.choice(["1200", "1300", "1700"]),
            "oid": str(rng.randint(10**9, 10**10 - 1)),
            "p": str(rng.randint(50, 9000)),
            "h": str(rng.randint(1, 11)),
            "hex": f"{rng.randint(0, 0xFFFFFF):06x}",
            "hex2": f"{rng.randint(0, 0xFFFFFF):06x}",
            "sha": f"{rng.getrandbits(160):040x}",
            "v1": f"{rng.randint(1, 5)}.{rng.randint(0, 12)}.{rng.randint(0, 20)}",
            "v2": f"{rng.randint(1, 5)}.{rng.randint(0, 12)}.{rng.randint(0, 20)}",
            "date": f"{rng.randint(2024, 2027)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "date2": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2024, 2027)}",
            "n": str(rng.randint(2, 12)),
            "n2": str(rng.randint(1, 9)),
            "year": str(rng.randint(2015, 2026)),
            "n4": str(rng.randint(1000, 9999)),
            "n4b": str(rng.randint(1000, 9999)),
            "ms": str(rng.randint(100, 900)),
            "ms2": str(rng.randint(1000, 5000)),
            "y1": str(rng.randint(2005, 2015)),
            "y2": str(rng.randint(2016, 2024)),
            "n5": str(rng.randint(10, 500)),
            "big": f"{rng.randint(1, 999)},{rng.randint(100, 999)}",
            "n6": str(rng.randint(100000, 999999)),
            "n6b": str(rng.randint(100000, 999999)),
            "n1": str(rng.randint(0, 9)),
            "n1b": str(rng.randint(0, 9)),
            "q": str(rng.randint(1, 4)),
        }
        msg = tpl
        for key, val in vals.items():
            msg = msg.replace("{" + key + "}", val)
        out.append(Case((msg,), "benign", "benign"))
    return out


def build(seed: int = SEED) -> tuple[list[Case], list[Case]]:
    """(positive cases, benign cases) for the seed."""
    rng = random.Random(seed)
    return positives(rng), benign(rng)
