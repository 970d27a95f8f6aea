"""Top-level domains the guard recognises in bare domains ("janedoe.design", "example dot com").

A small, offline list: the generic TLDs people actually use plus every two-letter country code. Some
country codes are also common file extensions ("main.py", "README.md", "run.sh"); those are in
`AMBIGUOUS_TLDS` and count only with a scheme, "www." or a path, so code talk is not a finding.

Why not the public-suffix list (e.g. tldextract's bundled snapshot): it holds some 1,500 top-level
domains, hundreds of them ordinary English words (.now, .like, .how, .you, .day, .run, .one, .win,
.today ...), so two words joined by a full stop without a space ("done.now") would read as a
domain. The guard wants the domains people actually give out; a link under another TLD is still
found when it has a scheme ("https://") or "www.".
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, for word lists written as one string."""
    return frozenset(text.split())


GENERIC_TLDS = words("""
    com net org info biz edu gov mil int name pro mobi asia tel travel jobs aero coop museum
    app dev page blog shop store online site website tech space club xyz top icu vip live life world
    today news email link click art design studio agency digital media network solutions services
    company business group team work works email consulting cloud host software systems tools zone
    fun one global studio social chat me io co ai tv cc ly gg fm to sh gle new
    """)

COUNTRY_TLDS = words("""
    ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw
    by bz ca cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu
    fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il
    im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly
    ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu
    nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm
    sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc
    ve vg vi vn vu wf ws ye yt za zm zw
    """)

# Country codes that are also file extensions or everyday abbreviations.
AMBIGUOUS_TLDS = frozenset(
    {
        "py",
        "md",
        "sh",
        "rs",
        "pl",
        "so",
        "ps",
        "mk",
        "ml",
        "cs",
        "am",
        "in",
        "is",
        "it",
        "my",
        "no",
        "do",
        "to",
        "me",
        "us",
        "at",
        "be",
        "by",
        "id",
        "im",
        "ma",
        "re",
        "as",
        "ai",
        "js",
        "ts",
        "go",
        "tf",
        "gs",
        "ms",
        "pm",
        "st",
        "sc",
        "ci",
        "cd",
        "cv",
        "mp",
        "ph",
        "ng",
        "lt",
        "gt",
        "ac",
        "ax",
        "vc",
        "tk",
        "ly",
    }
)

ALL_TLDS = GENERIC_TLDS | COUNTRY_TLDS


def is_tld(label: str) -> bool:
    """True when `label` (lower case, no dot) is a top-level domain in the list."""
    return label in ALL_TLDS


# Mail providers whose name alone stands for the domain ("jane.smith at gmail").
MAIL_PROVIDERS = frozenset({
    "gmail", "googlemail", "yahoo", "hotmail", "outlook", "icloud", "proton", "protonmail", "aol", "gmx",
    "yandex", "mail", "live", "msn", "zoho", "me", "mac", "qq", "163", "126", "rediffmail", "tutanota", "fastmail",
})  # fmt: skip
