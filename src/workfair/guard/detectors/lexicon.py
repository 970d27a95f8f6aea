# ruff: noqa: RUF001 - full-width colons and dashes are what people type between a name and a handle
"""Detection in the languages our users write in, from data files a contributor can extend.

Every file in `workfair/guard/data/languages/<code>.json` is one language's words (see
docs/subsystems/conversation-guard.md, "Languages"): number words, the local words for "at" and
"dot", messenger and payment names in that script and their nicknames, phrases that ask to move
off the platform, offer to pay outside it, belong to a scam script, threaten or insult, or make a
job post prohibited, and the words that mark a warning, a quotation or a label ("order no.").
The files are read once, merged, and compiled into patterns gated by a word look-up, so a text
pays only for the phrases whose rarest word it holds.

What this detector adds to the others (which read the normalised, transliterated text):

- phone numbers dictated in number words of any listed language, mixed with digits and in
  comma-separated groups ("seis uno siete, cinco cinco cinco, 2234");
- e-mail addresses with a local "at"/"dot" word (arroba, punkt, собака, ...) or spelled with a
  space between every letter ("m i k e . r @ y a h o o . c o m");
- a messenger named in another script or by a nickname (телеграм, واتساب, 微信, "the green app")
  together with an invitation or a handle;
- pay-outside offers without an account number, scam scripts, abuse (threats, polite threats,
  extortion, blackmail, doxxing threats, harassment, hate) and prohibited job-post content, as
  phrases. A warning ("never pay a registration fee"), a quotation in a report or work content
  (a villain's line in a script) is not the thing itself: those findings are then left out.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from workfair.guard.detectors import finding_at, register_detector
from workfair.guard.findings import Finding, ScreenContext
from workfair.guard.normalize import NormalizedText
from workfair.guard.tlds import AMBIGUOUS_TLDS, MAIL_PROVIDERS, is_tld

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# a word: `\w` and the vowel signs and marks of Indic and Arabic scripts (which `\w` leaves out: "नौ")
_WORD = re.compile(r"[\w\u0900-\u0dff\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})

# scores: >= 0.8 lets the default rules act (hold for pay-outside, scams and abuse; block for the
# confident job-post kinds); 0.5 is "job-borderline" (a person looks at the post).
SCORE_STRONG = 0.85
SCORE_BORDERLINE = 0.5
# job-post kinds the default rules refuse at once at >= 0.8; other prohibited kinds are held
_BLOCKING_KINDS = {"fake_reviews", "academic_cheating", "free_work", "pay_to_apply", "deliverable_in_proposal",
                   "illegal", "adult", "harassment"}  # fmt: skip
_JOB_KIND = {"account_creation": "illegal"}  # our data's kind -> the rule kind
_ABUSE_SEVERITY = {"threat": 3, "threat_polite": 3, "doxxing_threat": 3, "hate": 3, "hate_coded": 3,
                   "review_extortion": 2, "false_report_blackmail": 2, "harassment": 2, "sexual_harassment": 3,
                   "insult": 2}  # fmt: skip
# payment rails among the services: with an account after them they are payment details
_PAYMENT_SERVICES = frozenset({
    "papara", "ininal", "bizum", "blik", "pix", "upi", "gcash", "maya", "dana", "ovo", "gopay", "easypaisa", "jazzcash",
    "stcpay", "mercadopago", "nequi", "yape", "plin", "paytm", "phonepe", "gpay", "binancepay", "payid", "alipay",
    "zelle", "venmo", "cashapp", "revolut", "wise", "payoneer", "skrill", "perfectmoney", "advcash",
})  # fmt: skip
_AMBIGUOUS_SERVICE = 3  # service names this short ("wa", "tg", "ig") need a handle right after them


@dataclass
class _Phrases:
    """Phrases compiled to patterns, each indexed by one word it must contain (its anchor)."""

    by_word: dict[str, list[tuple[str, re.Pattern[str]]]] = field(default_factory=dict)
    by_stem: dict[int, dict[str, list[tuple[str, re.Pattern[str]]]]] = field(default_factory=dict)
    by_substring: list[tuple[str, str, re.Pattern[str]]] = field(default_factory=list)  # (literal, label, rx)
    _literals: tuple[int, re.Pattern[str]] | None = None

    def add(self, phrase: str, label: str) -> None:
        phrase = " ".join(phrase.lower().translate(_APOSTROPHES).split())
        if not phrase:
            return
        rx = re.compile(_pattern(phrase), re.IGNORECASE)
        tokens = [t for t in phrase.split(" ") if not t.startswith("~")]
        words = [t for t in tokens if _WORD.fullmatch(t.rstrip("*")) and not _CJK.search(t)]
        if words:
            anchor = max(words, key=lambda t: len(t.rstrip("*")))
            if anchor.endswith("*"):
                stem = anchor[:-1]
                self.by_stem.setdefault(len(stem), {}).setdefault(stem, []).append((label, rx))
            else:
                self.by_word.setdefault(anchor, []).append((label, rx))
        else:
            literal = max(tokens, key=len).rstrip("*")
            self.by_substring.append((literal, label, rx))

    def _any_literal(self) -> re.Pattern[str]:
        """One pattern for every literal anchor: most texts hold none, and one scan says so."""
        if self._literals is None or self._literals[0] != len(self.by_substring):
            alt = "|".join(
                re.escape(lit) for lit in sorted({lit for lit, _, _ in self.by_substring}, key=len, reverse=True)
            )
            self._literals = (len(self.by_substring), re.compile(alt))
        return self._literals[1]

    def find(self, text: str, words: set[str]) -> list[tuple[str, int, int]]:
        """(label, start, end) of every phrase in `text` (apostrophes made straight); `words` its
        lower-cased `\\w+` runs."""
        todo: list[tuple[str, re.Pattern[str]]] = []
        for w in self.by_word.keys() & words:  # one C-level intersection, not a look-up per word
            todo.extend(self.by_word[w])
        for size, stems in self.by_stem.items():
            for stem in stems.keys() & {w[:size] for w in words if len(w) >= size}:
                todo.extend(stems[stem])
        low = text.lower()
        if self.by_substring and self._any_literal().search(low):
            todo.extend((label, rx) for literal, label, rx in self.by_substring if literal in low)
        out = []
        for label, rx in todo:
            for m in rx.finditer(text):
                if m.end() > m.start():
                    out.append((label, m.start(), m.end()))
        return out


def _token_pattern(token: str) -> str:
    if token.endswith("*") and len(token) > 1:
        return re.escape(token[:-1]) + r"\w*"
    return re.escape(token)


def _pattern(phrase: str) -> str:
    tokens = phrase.split(" ")
    parts: list[str] = []
    gap = 0  # words allowed between this token and the last: "~" up to 4, "~2" up to 2
    prev = ""
    for tok in tokens:
        if tok.startswith("~") and tok[1:] in ("", "1", "2", "3"):
            gap = int(tok[1:] or 4)
            continue
        if parts:
            if gap:
                parts.append(rf"\W+(?:\w+\W+){{0,{gap}}}?")
            elif _CJK.search(prev[-1:]) or _CJK.search(tok[:1]):
                parts.append(r"\s*")
            elif prev[-1:].isalnum() or tok[:1].isalnum() or prev.endswith("*"):
                parts.append(r"[^\w\n]{1,3}")
            else:
                parts.append(r"\s*")
        parts.append(_token_pattern(tok))
        gap, prev = 0, tok
    first, last = tokens[0], tokens[-1]
    head = r"(?<!\w)" if first[:1].isalnum() and not _CJK.match(first[:1]) else ""
    tail = r"(?!\w)" if last[-1:].isalnum() and not _CJK.match(last[-1:]) else ""
    return head + "".join(parts) + tail


@dataclass
class Lexicon:
    """Every language file merged (see the module doc)."""

    languages: tuple[str, ...] = ()
    numbers: dict[str, int] = field(default_factory=dict)
    connectors: set[str] = field(default_factory=set)
    at_words: set[str] = field(default_factory=set)
    dot_words: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    phone_words: set[str] = field(default_factory=set)
    services: _Phrases = field(default_factory=_Phrases)
    short_services: set[str] = field(default_factory=set)
    phrases: _Phrases = field(default_factory=_Phrases)  # labels "category:kind"
    markers: _Phrases = field(default_factory=_Phrases)  # labels "warning", "abuse_not", "prohibited_not"


def language_files() -> list[tuple[str, dict]]:
    """(code, data) of every language file shipped with the guard."""
    folder = resources.files("workfair.guard").joinpath("data", "languages")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            out.append((entry.name[:-5], json.loads(entry.read_text(encoding="utf-8"))))
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The merged lexicon, loaded once."""
    lex = Lexicon()
    codes = []
    for code, data in language_files():
        codes.append(code)
        for word, value in data.get("numbers", {}).items():
            lex.numbers.setdefault(word.lower(), int(value))
        lex.connectors.update(w.lower() for w in data.get("connectors", ()))
        lex.at_words.update(w.lower() for w in data.get("at", ()))
        lex.dot_words.update(w.lower() for w in data.get("dot", ()))
        lex.labels.update(w.lower() for w in data.get("labels", ()))
        lex.phone_words.update(w.lower() for w in data.get("phone_words", ()))
        for name, service in data.get("services", {}).items():
            lex.services.add(name, service)
            if len(name) <= _AMBIGUOUS_SERVICE and name.isascii():
                lex.short_services.add(name.lower())
        for phrase in data.get("intent", ()):
            lex.phrases.add(phrase, "intent:")
        for phrase in data.get("pay_outside", ()):
            lex.phrases.add(phrase, "payment:pay_outside")
        for kind, phrases in data.get("scam", {}).items():
            for phrase in phrases:
                lex.phrases.add(phrase, f"scam:{kind}")
        for kind, phrases in data.get("abuse", {}).items():
            for phrase in phrases:
                lex.phrases.add(phrase, f"abuse:{kind}")
        for kind, phrases in data.get("prohibited", {}).items():
            for phrase in phrases:
                lex.phrases.add(phrase, f"prohibited:{kind}")
        insults = data.get("insults", {})
        for you in insults.get("you", ()):
            for word in insults.get("words", ()):
                # directed at the reader: "you ~2 idiot", "you're so useless" (not "this stupid bug")
                lex.phrases.add(f"{you} ~2 {word}", "abuse:insult")
        for key in ("warning", "abuse_not", "prohibited_not"):
            for phrase in data.get(key, ()):
                lex.markers.add(phrase, key)
    lex.languages = tuple(codes)
    return lex


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
                       "|": "l", "€": "e"})  # fmt: skip
_LEET_INSIDE = re.compile(r"[a-z][0-9@$!|€]+[a-z]|\b[0-9@$!|][a-z]{2,}|[a-z]{2,}[0-9@$!|€]\b")


# --- number words -> phone numbers -------------------------------------------------------------------
_NUM_TOKEN = re.compile(_WORD.pattern + r"|[^\w\s]")
_RUN_SEPARATORS = frozenset(",-./()+:;\u060c\u3001\uff0c")  # also the Arabic and CJK commas
_CJK_DIGITS = "零〇洞一幺么二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CJK_RUN = re.compile(f"[{_CJK_DIGITS}0-9](?:[{_CJK_DIGITS}0-9\\s\\-]*[{_CJK_DIGITS}0-9])?")


def _number_runs(text: str, low: str, lex: Lexicon) -> Iterable[tuple[int, int, str, int]]:
    """(start, end, digits, words) of every run of number words and digits in `text`."""
    run_start, run_end, digits, words = -1, -1, "", 0
    pending_tens: tuple[int, bool] | None = None  # (value, a connector followed it)
    for m in _NUM_TOKEN.finditer(low):
        tok = m.group()
        value = lex.numbers.get(tok)
        if tok.isdigit() and tok.isascii():
            digits += tok
            run_start = m.start() if run_start < 0 else run_start
            run_end, pending_tens = m.end(), None
            continue
        if value is not None:
            if pending_tens is not None and 0 < value < 10 and digits.endswith(str(pending_tens[0])):
                digits = digits[:-1] + str(value)  # "sesenta y siete" -> 67
                pending_tens = None
            else:
                digits += str(value)
                pending_tens = (value // 10, False) if value >= 20 and value % 10 == 0 and value < 100 else None
            run_start = m.start() if run_start < 0 else run_start
            run_end, words = m.end(), words + 1
            continue
        if run_start >= 0 and (tok in _RUN_SEPARATORS or (tok in lex.connectors and pending_tens is not None)):
            continue
        if run_start >= 0:
            yield run_start, run_end, digits, words
        run_start, run_end, digits, words, pending_tens = -1, -1, "", 0, None
    if run_start >= 0:
        yield run_start, run_end, digits, words
    if _CJK.search(text):
        table = {c: str(lex.numbers.get(c, "")) for c in _CJK_DIGITS}
        for m in _CJK_RUN.finditer(text):
            run = m.group()
            cjk = sum(1 for c in run if c in table)
            ds = "".join(table.get(c, c) if not c.isdigit() or c.isascii() else c for c in run if not c.isspace())
            ds = "".join(c for c in ds if c.isdigit())
            if cjk >= 2:
                yield m.start(), m.end(), ds, cjk


def _counting(digits: str, n_words: int) -> bool:
    """A count, not a number: "one, two, three, four, five, six, seven" (each word one digit, each
    one more than the last; a number counted down is still read: people dictate "nine eight seven ...")."""
    if n_words < len(digits):
        return False
    steps = {int(b) - int(a) for a, b in itertools.pairwise(digits)}
    return steps == {1}


def _may_dictate(words: set[str], text: str, lex: Lexicon) -> bool:
    """Could `text` hold a number dictated in words: two number words at least, or CJK numerals."""
    return len(lex.numbers.keys() & words) >= 2 or (_CJK.search(text) is not None and any(
        c in text for c in _CJK_DIGITS))  # fmt: skip


# --- e-mails with local words or spaced letters -----------------------------------------------------
_SPACED = re.compile(r"(?<!\S)(?:[^\s][ \t]){3,}[^\s](?!\S)")
_EMAIL = re.compile(r"(?<![a-z0-9_.+\-])([a-z0-9][a-z0-9._%+\-]{0,63})@([a-z0-9\-]+(?:\.[a-z0-9\-]+)*)")


def _rewrite(text: str, starts: list[int], ends: list[int],
             repl: list[tuple[int, int, str]]) -> tuple[str, list[int], list[int]]:  # fmt: skip
    """`text` with each (i, j, s) of `repl` (sorted, disjoint) put in place of text[i:j]; the new
    text's characters keep the original span they came from."""
    out: list[str] = []
    ns: list[int] = []
    ne: list[int] = []
    pos = 0
    for i, j, s in repl:
        out.append(text[pos:i])
        ns.extend(starts[pos:i])
        ne.extend(ends[pos:i])
        out.append(s)
        ns.extend([starts[i]] * len(s))
        ne.extend([ends[j - 1] if j > i else starts[i]] * len(s))
        pos = j
    out.append(text[pos:])
    ns.extend(starts[pos:])
    ne.extend(ends[pos:])
    return "".join(out), ns, ne


@lru_cache(maxsize=1)
def _at_dot_pattern() -> re.Pattern[str]:
    lex = lexicon()

    def alt(words: set[str]) -> str:
        parts = []
        for w in sorted(words, key=len, reverse=True):
            core = re.escape(w)
            if w[:1].isalnum() and not _CJK.match(w):
                core = r"(?<!\w)" + core
            if w[-1:].isalnum() and not _CJK.match(w[-1:]):
                core += r"(?!\w)"
            parts.append(core)
        return "|".join(parts)

    return re.compile(
        r"[ \t]*[\(\[\{<]?[ \t]*(?:(?P<at>" + alt(lex.at_words) + r")|(?P<dot>" + alt(lex.dot_words) + r"))"
        r"[ \t]*[\)\]\}>]?[ \t]*",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _at_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """The "at" words that are one `\\w+` run (looked up in the text's words), and the others
    ("(at)", "at the rate": looked for as substrings)."""
    words = lexicon().at_words
    simple = frozenset(w for w in words if _WORD.fullmatch(w))
    return simple, tuple(sorted(words - simple))


def _emails(text: str, low: str, words: set[str], lex: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, address) of e-mails written with local at/dot words or spaced letters."""
    simple, other = _at_words()
    has_at_word = not simple.isdisjoint(words) or any(w in low for w in other)
    # spelled with spaces: several different one-character words ("m i k e")
    spaced = sum(1 for w in words if len(w) == 1) >= 3 and _SPACED.search(low) is not None
    if not (has_at_word or spaced or "@" in low):
        return []
    if not has_at_word and not spaced:
        return []  # a plain "@" e-mail: the e-mail detector reports it
    starts = list(range(len(low)))
    ends = [k + 1 for k in starts]
    repl = []
    if has_at_word or spaced:
        for m in _at_dot_pattern().finditer(low):
            repl.append((m.start(), m.end(), "@" if m.group("at") else "."))
    s1, st1, en1 = _rewrite(low, starts, ends, repl)
    repl2 = [(m.start(), m.end(), m.group().replace(" ", "").replace("\t", "")) for m in _SPACED.finditer(s1)]
    s2, st2, en2 = _rewrite(s1, st1, en1, repl2)
    # around "@" and "." the spaces go too ("mike . r @ yahoo")
    repl3 = [(m.start(), m.end(), m.group().strip()) for m in re.finditer(r"[ \t]+[@.][ \t]*|[@][ \t]+", s2)]
    s3, st3, en3 = _rewrite(s2, st2, en2, repl3)
    out = []
    for m in _EMAIL.finditer(s3):
        local, domain = m.group(1).strip("."), m.group(2).strip(".-")
        labels = domain.split(".")
        while len(labels) > 1 and not is_tld(labels[-1]):
            labels.pop()
        if len(labels) >= 2 and is_tld(labels[-1]):
            host = ".".join(labels)
        elif labels and labels[0] in MAIL_PROVIDERS:
            host = labels[0] + ".com"
        else:
            continue
        if local in ("git", "ssh") or len(local) < 2:
            continue
        end = m.start(2) + len(".".join(labels))
        a, b = st3[m.start(1)], en3[end - 1]
        if text[a:b].count(" ") == 0 and "@" in text[a:b]:
            continue  # written plainly: the e-mail detector reports it
        out.append((a, b, f"{local}@{host}"))
    return out


# --- messengers in other scripts and by nickname -----------------------------------------------------
_HANDLE_AFTER = re.compile(r"^[\s:：\-–=>]*(?:(?:id|user(?:name)?|ник|номер|no\.?|number|número|numero|nummer)"
                           r"[\s:：\-–]*)?(@?[\w.\-]{3,}|\+?[\d\s\-().]{7,})", re.IGNORECASE)  # fmt: skip

# an "@handle" one or two words after the service name, in the same clause ("telegramdan ulaş:
# @mehmet_dev"; not "a Telegram bot, it replies to @mentions")
_AT_HANDLE_NEAR = re.compile(r"^[\s:：\-–]*(?:[^\s@,.;!?()]+[\s:：\-–]+){1,2}(@[\w.\-]{3,})")

_AT_HANDLE_FAR = re.compile(r"^[\s:：\-–]*(?:[^\s@,.;!?()]+[\s:：\-–]+){1,4}(@[\w.\-]{3,})")


def _service_findings(text: str, words: set[str], lex: Lexicon,
                      intents: list[tuple[int, int]]) -> list[Finding]:  # fmt: skip
    out = []
    for service, i, j in lex.services.find(text, words):
        name = text[i:j].lower()
        after = text[j : j + 40]
        handle = _HANDLE_AFTER.match(after)
        has_handle = handle is not None and (
            "@" in handle.group(1) or any(c.isdigit() for c in handle.group(1)) or "_" in handle.group(1)
        )
        if not has_handle and "@" in after:
            handle = _AT_HANDLE_NEAR.match(after)
            has_handle = handle is not None
        near_intent = any(a - 40 <= j and i <= b + 40 for a, b in intents)
        if name in lex.short_services and not has_handle and not any(abs(b - i) <= 3 for a, b in intents):
            continue
        if not (has_handle or near_intent):
            continue
        end = j + handle.end() if has_handle and handle is not None else j
        if not has_handle and (far := _AT_HANDLE_FAR.match(after)) is not None:
            end = j + far.end()  # invited there, and the handle follows a few words on: hide it too
        if service in _PAYMENT_SERVICES:
            if not has_handle:
                continue  # "I integrated Pix checkout": the product, not an account
            why = f"payment account on {name!r}"
            out.append(finding_at(text, i, end, category="payment", kind="payment_account", score=SCORE_STRONG,
                                  value=service, evidence=why, detector="lexicon"))  # fmt: skip
            continue
        out.append(finding_at(text, i, end, category="contact", kind="off_platform_intent", score=SCORE_STRONG,
                              value=service, evidence=f"messenger named as {name!r}", detector="lexicon"))  # fmt: skip
    return out


# --- hidden forms: defanged or spaced links, base64, reversed text -------------------------------------
_DEFANGED = re.compile(
    r"\bhxxps?://\S+|\b[a-z0-9\-]{2,}(?:\s*[\[\(\{]\s*(?:\.|dot)\s*[\]\)\}]\s*[a-z0-9\-]{2,})+"
    r"|\b[a-z0-9\-]{3,}(?: \. [a-z0-9\-]{2,})* \. (?:com|net|org|io|co|me|info|biz|de|fr|es|it|ru|in|br|pl|uk|us)\b",
    re.IGNORECASE,
)  # fmt: skip
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_REVERSED_EMAIL = re.compile(
    r"\b(?:moc|ten|gro|oi|ur|ed|rf|se|ti|ni|rb|lp)\.[a-z0-9\-.]+@[a-z0-9._%+\-]+", re.IGNORECASE
)
_PLAIN_EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+", re.IGNORECASE)
_PLAIN_PHONE = re.compile(r"\+?\d[\d \-]{8,}\d")


def _hidden_forms(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, value) of links and addresses hidden by defanging, base64 or reversal."""
    out = []
    if "[" in text or "(" in text or "hxxp" in text or " . " in text:
        for m in _DEFANGED.finditer(text):
            host = re.sub(r"\s*[\[\(\{]\s*(?:\.|dot)\s*[\]\)\}]\s*|\s+\.\s+", ".", m.group().lower())
            tld = host.split("/")[0].rsplit(".", 1)[-1]
            if host.startswith("hxxp") or (is_tld(tld) and tld not in AMBIGUOUS_TLDS):
                out.append((m.start(), m.end(), "url", host))
    for m in _BASE64.finditer(text) if len(text) >= 16 else ():
        token = m.group()
        if not (any(c.isdigit() for c in token) or token.endswith("=")) or token.isdigit():
            continue
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True).decode("ascii")
        except (ValueError, UnicodeDecodeError):
            continue
        found = _PLAIN_EMAIL.search(decoded) or _PLAIN_PHONE.search(decoded)
        if found:
            out.append((m.start(), m.end(), "email" if "@" in found.group() else "phone", found.group()))
    if "@" in text:
        for m in _REVERSED_EMAIL.finditer(text):
            address = m.group()[::-1]
            if _PLAIN_EMAIL.fullmatch(address) and is_tld(address.rsplit(".", 1)[-1].lower()):
                out.append((m.start(), m.end(), "email", address.lower()))
    return out


class LexiconDetector:
    """Multilingual words and phrases from the language files (see the module doc)."""

    name = "lexicon"
    categories = ("contact", "payment", "scam", "abuse", "prohibited")

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        lex = lexicon()
        straight = text.translate(_APOSTROPHES)
        low = straight.lower()
        if len(low) != len(text):  # a character whose lower case is longer: keep offsets exact
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in straight)
        words = set(_WORD.findall(low))
        out: list[Finding] = []
        for a, b, digits, n_words in _number_runs(text, low, lex) if _may_dictate(words, text, lex) else ():
            if n_words >= 2 and 7 <= len(digits) <= 15 and not _counting(digits, n_words):
                out.append(finding_at(text, a, b, category="contact", kind="phone", score=SCORE_STRONG, value=digits,
                                      evidence="number words", detector=self.name))  # fmt: skip
        for a, b, address in _emails(text, low, words, lex):
            if address.split("@", 1)[1] in context.own_domains:
                continue
            out.append(finding_at(text, a, b, category="contact", kind="email", score=0.9, value=address,
                                  evidence="e-mail with spoken or spaced characters", detector=self.name))  # fmt: skip
        for a, b, kind, value in _hidden_forms(text):
            out.append(finding_at(text, a, b, category="contact", kind=kind, score=0.9, value=value,
                                  evidence="defanged, encoded or reversed", detector=self.name))  # fmt: skip
        found = lex.phrases.find(straight, words)
        if _LEET_INSIDE.search(low):
            # insults with digits and symbols for letters ("1d10t", "st@pid"): the same phrases on a
            # copy with those read as letters (same length, so the offsets hold)
            leet = low.translate(_LEET)
            found += [hit for hit in lex.phrases.find(leet, set(_WORD.findall(leet))) if hit[0].startswith("abuse:")]
        intents = [(a, b) for label, a, b in found if label == "intent:"]
        out.extend(_service_findings(straight, words, lex, intents))
        if not found:
            return out
        markers = {label for label, _, _ in lex.markers.find(straight, words)}
        job = context.surface == "job_post"
        for label, a, b in found:
            category, _, kind = label.partition(":")
            if category == "intent":
                continue
            if category == "prohibited":
                if not job or "prohibited_not" in markers:
                    continue
                rule_kind = _JOB_KIND.get(kind, kind)
                score = SCORE_STRONG if rule_kind in _BLOCKING_KINDS else SCORE_BORDERLINE
                why = f"prohibited work: {kind.replace('_', ' ')}"
                out.append(finding_at(text, a, b, category="prohibited", kind=rule_kind, score=score, evidence=why,
                                      detector=self.name))  # fmt: skip
                continue
            if category in ("scam", "payment") and "warning" in markers:
                continue  # "never pay a registration fee": a warning, not the scam
            if category == "abuse":
                if "abuse_not" in markers:
                    continue  # a report quoting abuse, a villain's line in a script
                out.append(finding_at(text, a, b, category="abuse", kind=kind, score=SCORE_STRONG,
                                      severity=_ABUSE_SEVERITY.get(kind, 2), evidence=f"abuse: {kind}",
                                      detector=self.name))  # fmt: skip
                continue
            if job and category == "scam":
                continue  # a scam phrase in a job post is judged by the prohibited kinds
            kind_out = "pay_outside" if category == "payment" else "scam_pattern"
            out.append(finding_at(text, a, b, category=category, kind=kind_out, score=SCORE_STRONG,
                                  evidence=f"{category}: {kind}", detector=self.name))  # fmt: skip
        return out


def context_markers(text: str) -> set[str]:
    """Which context markers `text` holds, in any listed language: "warning" (a warning about a
    scam), "abuse_not" (a report quoting abuse, work content such as a script), "prohibited_not"
    (honest work that uses a prohibited word: a review widget, exam tutoring)."""
    straight = text.translate(_APOSTROPHES)
    words = set(_WORD.findall(straight.lower()))
    return {label for label, _, _ in lexicon().markers.find(straight, words)}


def drop_in_context(text: str, findings: list[Finding]) -> list[Finding]:
    """`findings` without those their context undoes (any detector's): scam and pay-outside
    findings in a warning about scams, abuse findings in a report that quotes abuse or in work
    content. Contact and payment details stay: a warning that gives a phone number still gives it."""
    if not any(f.category in ("scam", "abuse", "prohibited") or f.kind == "pay_outside" for f in findings):
        return findings
    markers = context_markers(text)
    quotes = quoted_spans(text) if any(f.category == "abuse" for f in findings) else []
    if not markers and not quotes:
        return findings
    out = []
    for f in findings:
        if f.category == "abuse" and any(a <= f.start and f.end <= b for a, b in quotes):
            continue  # abuse quoted (in a report, a script being edited), not said
        if "warning" in markers and (f.category == "scam" or f.kind == "pay_outside"):
            continue
        if "abuse_not" in markers and f.category == "abuse":
            continue
        if "prohibited_not" in markers and f.category == "prohibited" and 0.8 <= f.score < 0.9:
            continue  # "a landing page for our design contest": honest work using the words (a lower
            # score still sends the post to a person: that is what a borderline finding is for)
        out.append(f)
    return out


_QUOTED = re.compile(
    r'"[^"\n]{3,}"|\u201c[^\u201d\n]{3,}\u201d|\u00ab[^\u00bb\n]{3,}\u00bb|\u201e[^\u201c\u201d\n]{3,}[\u201c\u201d]'
)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans of `text` inside quotation marks ("...", \u201c...\u201d, \u00ab...\u00bb, \u201e...\u201c)."""
    if not any(q in text for q in '"\u201c\u00ab\u201e'):
        return []
    return [m.span() for m in _QUOTED.finditer(text)]


LEXICON = register_detector(LexiconDetector())
