"""Outside services people move a conversation or a payment to: their names, aliases and hosts.

Shared by the contact, payment and scam detectors. A name alone is not a finding (people build
WhatsApp bots and PayPal checkouts for a living); a handle, number or link after it is.

Also what those detectors share to skip work: the words of a text that some pattern needs and the
digits of its compact layer (computed once per text), and `WordNeeds`/`may_match`, the words (or
literal pieces) a pattern's every match holds, so that a text without them is not scanned (most
texts hold none of what a detector seeks; long ones hold some of the words, rarely all).
"""

from __future__ import annotations

import re

# service -> aliases (lower case, regex-safe words). Aliases in SHORT_ALIASES also name other things,
# so they count only with an explicit handle marker (":" or "@").
MESSENGERS: dict[str, tuple[str, ...]] = {
    "whatsapp": ("whatsapp", "whats app", "whatsap", "watsapp", "whatapp", "wa", "wapp", "whtsapp"),
    "telegram": ("telegram", "telegramm", "tg", "tele"),
    "skype": ("skype", "skype id"),
    "signal": ("signal",),
    "wechat": ("wechat", "we chat", "weixin", "wei xin"),
    "discord": ("discord",),
    "line": ("line",),
    "viber": ("viber",),
    "kik": ("kik",),
    "snapchat": ("snapchat", "snap", "sc"),
    "instagram": ("instagram", "insta", "ig"),
    "twitter": ("twitter", "x"),
    "facebook": ("facebook", "fb", "messenger"),
    "linkedin": ("linkedin",),
    "slack": ("slack",),
    "teams": ("ms teams", "microsoft teams", "teams"),
    "tiktok": ("tiktok", "tik tok"),
    "imo": ("imo",),
    "threema": ("threema",),
    "zoom": ("zoom",),
    "gmail": ("gmail",),
}
SHORT_ALIASES = frozenset(
    {
        "wa",
        "tg",
        "tele",
        "line",
        "sc",
        "ig",
        "x",
        "fb",
        "imo",
        "teams",
        "snap",
        "signal",
        "messenger",
        "zoom",
        "gmail",
        "kik",
    }
)

PAYMENT_SERVICES: dict[str, tuple[str, ...]] = {
    "paypal": ("paypal", "pay pal", "pp"),
    "venmo": ("venmo",),
    "cashapp": ("cash app", "cashapp", "cash-app"),
    "zelle": ("zelle",),
    "wise": ("wise", "transferwise"),
    "payoneer": ("payoneer",),
    "revolut": ("revolut",),
    "western_union": ("western union", "westernunion", "wu"),
    "moneygram": ("moneygram", "money gram"),
    "skrill": ("skrill",),
    "alipay": ("alipay",),
    "gcash": ("gcash",),
    "upi": ("upi", "gpay", "google pay", "phonepe", "paytm"),
}
PAYMENT_SHORT_ALIASES = frozenset({"pp", "wise", "wu", "upi"})

# host (or host + path prefix) -> (category, kind, service). Checked on lower-case host/path.
SERVICE_HOSTS: tuple[tuple[str, str, str, str], ...] = (
    ("wa.me", "contact", "handle", "whatsapp"),
    ("api.whatsapp.com", "contact", "handle", "whatsapp"),
    ("chat.whatsapp.com", "contact", "handle", "whatsapp"),
    ("t.me", "contact", "handle", "telegram"),
    ("telegram.me", "contact", "handle", "telegram"),
    ("telegram.dog", "contact", "handle", "telegram"),
    ("join.skype.com", "contact", "handle", "skype"),
    ("signal.me", "contact", "handle", "signal"),
    ("signal.group", "contact", "handle", "signal"),
    ("discord.gg", "contact", "handle", "discord"),
    ("discord.com/invite", "contact", "handle", "discord"),
    ("discordapp.com", "contact", "handle", "discord"),
    ("line.me", "contact", "handle", "line"),
    ("invite.viber.com", "contact", "handle", "viber"),
    ("kik.me", "contact", "handle", "kik"),
    ("snapchat.com", "contact", "handle", "snapchat"),
    ("instagram.com", "contact", "handle", "instagram"),
    ("instagr.am", "contact", "handle", "instagram"),
    ("twitter.com", "contact", "handle", "twitter"),
    ("x.com", "contact", "handle", "twitter"),
    ("facebook.com", "contact", "handle", "facebook"),
    ("fb.com", "contact", "handle", "facebook"),
    ("fb.me", "contact", "handle", "facebook"),
    ("m.me", "contact", "handle", "facebook"),
    ("linkedin.com", "contact", "handle", "linkedin"),
    ("lnkd.in", "contact", "handle", "linkedin"),
    ("join.slack.com", "contact", "handle", "slack"),
    ("slack.com", "contact", "handle", "slack"),
    ("tiktok.com", "contact", "handle", "tiktok"),
    ("u.wechat.com", "contact", "handle", "wechat"),
    ("teams.microsoft.com", "contact", "meeting_link", "teams"),
    ("teams.live.com", "contact", "meeting_link", "teams"),
    ("zoom.us", "contact", "meeting_link", "zoom"),
    ("zoom.com", "contact", "meeting_link", "zoom"),
    ("meet.google.com", "contact", "meeting_link", "google_meet"),
    ("calendar.google.com", "contact", "meeting_link", "google_calendar"),
    ("calendar.app.google", "contact", "meeting_link", "google_calendar"),
    ("calendly.com", "contact", "meeting_link", "calendly"),
    ("cal.com", "contact", "meeting_link", "cal"),
    ("savvycal.com", "contact", "meeting_link", "savvycal"),
    ("meetings.hubspot.com", "contact", "meeting_link", "hubspot"),
    ("whereby.com", "contact", "meeting_link", "whereby"),
    ("meet.jit.si", "contact", "meeting_link", "jitsi"),
    ("webex.com", "contact", "meeting_link", "webex"),
    ("gotomeeting.com", "contact", "meeting_link", "gotomeeting"),
    ("forms.gle", "contact", "form_link", "google_forms"),
    ("docs.google.com/forms", "contact", "form_link", "google_forms"),
    ("typeform.com", "contact", "form_link", "typeform"),
    ("jotform.com", "contact", "form_link", "jotform"),
    ("tally.so", "contact", "form_link", "tally"),
    ("forms.office.com", "contact", "form_link", "ms_forms"),
    ("surveymonkey.com", "contact", "form_link", "surveymonkey"),
    ("bit.ly", "contact", "url_shortener", "bitly"),
    ("tinyurl.com", "contact", "url_shortener", "tinyurl"),
    ("t.co", "contact", "url_shortener", "twitter"),
    ("goo.gl", "contact", "url_shortener", "google"),
    ("ow.ly", "contact", "url_shortener", "hootsuite"),
    ("is.gd", "contact", "url_shortener", "isgd"),
    ("buff.ly", "contact", "url_shortener", "buffer"),
    ("rebrand.ly", "contact", "url_shortener", "rebrandly"),
    ("cutt.ly", "contact", "url_shortener", "cuttly"),
    ("shorturl.at", "contact", "url_shortener", "shorturl"),
    ("rb.gy", "contact", "url_shortener", "rbgy"),
    ("tiny.cc", "contact", "url_shortener", "tinycc"),
    ("linktr.ee", "contact", "handle", "linktree"),
    ("paypal.me", "payment", "paypal", "paypal"),
    ("paypal.com/paypalme", "payment", "paypal", "paypal"),
    ("venmo.com", "payment", "venmo", "venmo"),
    ("cash.app", "payment", "cashapp", "cashapp"),
    ("wise.com/pay", "payment", "wise", "wise"),
    ("revolut.me", "payment", "revolut", "revolut"),
    ("payoneer.com", "payment", "payoneer", "payoneer"),
    ("buymeacoffee.com", "payment", "pay_link", "buymeacoffee"),
    ("ko-fi.com", "payment", "pay_link", "kofi"),
    ("patreon.com", "payment", "pay_link", "patreon"),
)

# Well-known sites that are usually the subject of the work, not a way to reach someone: a bare
# mention ("we sell on Amazon.com") is not a finding; a profile path after it is.
BRAND_DOMAINS = frozenset({
    "amazon.com", "google.com", "github.com", "gitlab.com", "shopify.com", "wordpress.org", "wordpress.com",
    "etsy.com", "ebay.com", "wix.com", "squarespace.com", "stackoverflow.com", "medium.com", "youtube.com",
    "apple.com", "microsoft.com", "aws.amazon.com", "figma.com", "canva.com", "notion.so", "heroku.com",
    "vercel.com", "netlify.com", "stripe.com", "twilio.com", "salesforce.com", "hubspot.com", "mailchimp.com",
    "godaddy.com", "namecheap.com", "cloudflare.com", "digitalocean.com", "npmjs.com", "pypi.org",
    "python.org", "djangoproject.com", "reactjs.org", "w3.org", "wikipedia.org", "gmail.com", "outlook.com",
    "yahoo.com", "hotmail.com", "example.com", "example.org", "localhost.com", "upwork.com", "fiverr.com",
    "freelancer.com", "airbnb.com", "booking.com", "zillow.com", "tripadvisor.com", "yelp.com",
})  # fmt: skip
TECH_NAMES = frozenset({"asp.net", "vb.net", "ado.net", "dot.net", "socket.io", "ml.net", "dotnet.net"})

from workfair.guard.detectors import clean_lower  # noqa: E402
from workfair.guard.normalize import NormalizedText  # noqa: E402
from workfair.guard.tlds import MAIL_PROVIDERS  # noqa: E402, F401 - re-exported for the detectors


def alias_pattern(services: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    """One regex for all aliases (longest first), capturing the alias as group "svc"."""
    aliases = sorted({a for names in services.values() for a in names}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"[\s\-]?") for a in aliases)
    return re.compile(rf"(?<![\w@.])(?P<svc>{body})(?![\w])", re.I)


class Literal(str):
    """A piece of text (not a whole word) that every match of a pattern holds as written, spaces and
    all ("take this", "fee" in "no feedback"), in a `WordNeeds` set: the text must hold it anywhere in
    its lower-cased layer. Only for text the pattern spells literally (no `\\s+`): it then stands in
    every match's lower-cased text. (As a set member it also equals the word it spells, harmlessly:
    a text holding that word holds the piece.)"""

    __slots__ = ()


def literals(*pieces: str) -> frozenset[str]:
    """A `WordNeeds` set of `Literal`s."""
    return frozenset(Literal(p) for p in pieces)


# Every word some `WordNeeds` asks for (they are made at import): a text keeps only its words in
# here, so that each check looks at a handful of words, not at every word of a long text.
_VOCABULARY: frozenset[str] = frozenset()


class WordNeeds:
    """What words a pattern's every match holds whole (as `\\w+` runs of the lower-cased text): for one
    of the `alternatives` (say, one per branch of the pattern), a word from each of its sets (or one
    of the set's `Literal` pieces anywhere in the text). Put an alternative's rarest set first, and
    make it one of words: a text sharing no word with any of the first sets is answered with one set
    look-up."""

    __slots__ = ("_checks", "alternatives", "first")

    def __init__(self, *alternatives: tuple[frozenset[str], ...]) -> None:
        global _VOCABULARY
        _VOCABULARY = _VOCABULARY.union(*(s for sets in alternatives for s in sets))
        self.alternatives = alternatives
        self.first = frozenset().union(*(sets[0] for sets in alternatives))
        for sets in alternatives:
            if any(isinstance(w, Literal) for w in sets[0]):
                raise ValueError("the first set of an alternative is one of whole words")
        # per alternative, its sets with the pieces each may also be found as
        self._checks = tuple(
            tuple((s, tuple(w for w in s if isinstance(w, Literal))) for s in sets) for sets in alternatives
        )

    def met(self, words: frozenset[str], lower: str) -> bool:
        """False only when `words` (`needed_words(lower)`) meet no alternative: the pattern cannot match."""
        if words.isdisjoint(self.first):
            return False
        for checks in self._checks:
            for s, pieces in checks:
                if words.isdisjoint(s) and not (pieces and any(p in lower for p in pieces)):
                    break
            else:
                return True
        return False


def alias_needs(services: dict[str, tuple[str, ...]], leave_out: frozenset[str] = frozenset()) -> WordNeeds:
    """What words an `alias_pattern(services)` match of an alias not in `leave_out` holds whole: a
    one-word alias itself; for "we chat" (spelt "we chat", "we-chat" or "wechat") a word it begins
    with ("we" or "wechat": its look-behind starts a word, which ends at the first separator the
    match has, if any) and one it ends with ("chat" or "wechat": its look-ahead ends it)."""
    single: set[str] = set()
    multi: list[tuple[frozenset[str], ...]] = []
    for names in services.values():
        for alias in names:
            if alias in leave_out:
                continue
            parts = [p for p in re.split(r"\W+", alias.lower()) if p]
            if len(parts) == 1:
                single.add(parts[0])
            else:
                starts = frozenset("".join(parts[:k]) for k in range(1, len(parts) + 1))
                ends = frozenset("".join(parts[k:]) for k in range(len(parts)))
                multi.append((ends, starts))  # the ends are the rarer words ("we chat": "chat", not "we")
    return WordNeeds((frozenset(single),), *multi)


# On ASCII text `\w` is [A-Za-z0-9_]: the bytes that stay as they are; every other byte becomes a
# space, so that splitting at whitespace gives the `\w+` runs (about twice as fast as `findall`).
_NOT_WORD_TO_SPACE = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == 0x5F) else 0x20 for c in range(256))


def needed_words(lower: str) -> frozenset[str]:
    """The `\\w+` runs of an ASCII string that some `WordNeeds` asks for (the only ones its `met`
    looks at: for a set of such words, sharing one with these is sharing one with all the runs)."""
    return _VOCABULARY.intersection(lower.encode("ascii").translate(_NOT_WORD_TO_SPACE).decode("ascii").split())


def clean_words(norm: NormalizedText) -> frozenset[str] | None:
    """`needed_words` of the lower-cased clean layer, once per text and shared by the detectors (again
    if a `WordNeeds` was made since); None when that layer is not ASCII (its patterns then run on the
    original case)."""
    got = norm.memo.get("clean_words")
    if got is None or got[0] is not _VOCABULARY:  # type: ignore[index]
        lower = clean_lower(norm)
        got = norm.memo["clean_words"] = (_VOCABULARY, needed_words(lower) if lower is not None else None)
    return got[1]  # type: ignore[index, no-any-return]


_DIGIT = re.compile(r"\d")


def compact_digits(norm: NormalizedText) -> int:
    """How many `\\d` characters the compact layer has, once per text: a pattern that needs n digits
    cannot match where there are fewer. (On ASCII text `\\d` is 0-9: what deleting them from its bytes
    takes away, several times faster than a regex.)"""
    if "compact_digits" not in norm.memo:
        comp = norm.compact
        if comp.isascii():
            n = len(comp) - len(comp.encode("ascii").translate(None, b"0123456789"))
        else:
            n = len(_DIGIT.findall(comp))
        norm.memo["compact_digits"] = n
    return norm.memo["compact_digits"]  # type: ignore[return-value]


def may_match(norm: NormalizedText, needs: WordNeeds) -> bool:
    """False only when the text has, for no alternative of `needs`, a word (or piece) from each of its
    sets (then a pattern `needs` describes cannot match); True when unsure (a non-ASCII clean layer)."""
    words = clean_words(norm)
    if words is None:
        return True
    return needs.met(words, norm.memo["clean_lower"])  # type: ignore[arg-type]


def service_of(alias: str, services: dict[str, tuple[str, ...]]) -> str:
    """The service an alias names ("insta" -> "instagram")."""
    a = re.sub(r"[\s\-]+", " ", alias.lower())
    for svc, names in services.items():
        if a in names or a.replace(" ", "") in {n.replace(" ", "") for n in names}:
            return svc
    return a
