"""Contact details: phone numbers, e-mail addresses, URLs and bare domains, messenger and social
handles, meeting/calendar/form links and URL shorteners, and the intent to move off the platform.

Everything is searched on the normalised layers (see `workfair.guard.normalize`) so spelled-out,
spaced, emoji and lookalike forms are found, and reported at original offsets.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from workfair.guard.detectors import Caseless, clean_lower, finding_from_layer, lower_ascii, register_detector
from workfair.guard.detectors.services import (
    BRAND_DOMAINS,
    MAIL_PROVIDERS,
    MESSENGERS,
    SERVICE_HOSTS,
    SHORT_ALIASES,
    TECH_NAMES,
    WordNeeds,
    alias_needs,
    alias_pattern,
    compact_digits,
    literals,
    may_match,
    service_of,
)
from workfair.guard.findings import Finding, ScreenContext
from workfair.guard.masking import PLACEHOLDERS
from workfair.guard.normalize import NormalizedText
from workfair.guard.tlds import AMBIGUOUS_TLDS, is_tld, words

# --- phones -------------------------------------------------------------------------------------------
# A run of digits with short separators between them; its meaning is decided in `_phone_score`.
_PHONE_RUN = re.compile(r"(?:\+|\(\+?)?\d(?:[ \t\r\n\-\u2013.()/\\_*·~]{0,3}\d){5,}")
_PHONE_RUN_DIGITS = 6  # in every match of `_PHONE_RUN`
_PHONE_CONTEXT_EN = (
        r"(?:\b(?:call|calls|calling|phone|phones|number|numbers|num|nr|tel|telephone|mobile|mob|cell|cellphone|"
        r"text|texts|txt|sms|whatsapp|whats ?app|wa|viber|signal|telegram|reach|contact|ring|dial|ph|digits|"
        r"hotline|landline|fax|imessage|facetime|wechat|line|my no|msg|msgs|message|messages|messaging|answer|"
        r"answering|voicemail|ringing|office|home|work|cel|celular|handy|telefon|telefono|tlf|mob\.)\b|[☎📞📱]|\bmy #)"
)  # fmt: skip
# What masking leaves in a text ("[contact details hidden]"): a masked message screened again must
# not read the placeholder's "contact" as a reason to call the next number a phone number.
_OWN_PLACEHOLDER = re.compile("|".join(re.escape(text) for text in set(PLACEHOLDERS.values())))
# Words that make a number before them something other than a phone number ("Order #", "ISBN",
# "invoice no.", "account number is"), optionally followed by "no.", "number", "#", ":", "is", ... .
_BENIGN_WORDS: tuple[str, ...] = (
    "social security", "driver's license", "drivers license", "driver's licence", "drivers licence", "license",
    "licence", "passport", "tax", "vat", "ein", "tin", "nin", "nhs", "order", "orders", "invoice", "inv", "ref",
    "reference", "ticket", "tracking", "transaction", "txn", "po", "sku", "case", "id", "ids", "item", "product",
    "model", "serial", "part", "isbn", "asin", "job", "contract", "project", "milestone", "ssn", "zip",
    "postcode", "postal", "version", "build", "release", "budget", "salary", "usd", "eur", "gbp", "aud", "cad",
    "inr", "rs", "pay", "paid", "price", "cost", "total", "amount", "account", "acct", "a/c", "iban", "routing",
    "sort code", "card", "pin", "otp", "code", "hash", "commit", "words", "followers", "views", "downloads",
    "users", "units", "pieces", "pcs", "km", "miles", "kg", "ip", "port", "suite", "apt", "unit", "box",
)  # fmt: skip
_BENIGN_MARKERS = ("no.", "no", "number", "num", "#", ":", "is", "was", "of", "nr", "nr.", "n.", "n", "ndeg", "numero",
                   "nummer", "nomer", "no:", "id", "-",
                   # "number" in other languages, as the compact layer spells it ("طلب رقم", "заказ номер")
                   "numer", "nomor", "numara", "numarasi", "homep", "rqm", "nmbr", "hao", "hao ma", "hao:")  # fmt: skip


def _label_words() -> list[str]:
    """The order/invoice/serial labels of every language file, as the compact layer spells them
    (transliterated like the text the phone detector reads: "заказ" -> "zakaz")."""
    from workfair.guard.detectors.lexicon import lexicon
    from workfair.guard.normalize import normalize

    out = set()
    for label in lexicon().labels:
        clean = " ".join(normalize(label).clean.lower().split())
        if clean and any(c.isalpha() for c in clean):
            out.add(clean)
    return sorted(out)


_BENIGN_WORDS = tuple(sorted({*_BENIGN_WORDS, *_label_words()}, key=len, reverse=True))


def _phone_words() -> list[str]:
    """The words of every language file that mark a phone number ("llámame", "zadzwoń", "手机"),
    transliterated like the text the phone detector reads ("zadzwon", "shou ji")."""
    from workfair.guard.detectors.lexicon import lexicon
    from workfair.guard.normalize import normalize

    out = set()
    for word in lexicon().phone_words:
        clean = " ".join(normalize(word).clean.lower().split())
        if len(clean) >= 2 and any(c.isalpha() for c in clean):
            out.add(clean)
    return sorted(out, key=len, reverse=True)


# English and common words, then every language file's (a number near one is a phone number
# unless a label before it says otherwise: "número de pedido 12345678" is an order)
_PHONE_CONTEXT = Caseless(
    re.compile(_PHONE_CONTEXT_EN + r"|\b(?:" + "|".join(re.escape(w) for w in _phone_words()) + r")\b", re.I)
)
# Does the text before a number END with such a word (or "#", or a currency sign)? That is
#     (?:#|\b(?:WORDS)(?:\s*(?:MARKERS))*\s*)$|[$€£¥₹]\s*$      (re.I)
# searched from every position; it is asked instead as a match at the start of the REVERSED text, of
# the reversed pattern: every word and marker spelled backwards, the parts in reverse order, the `\b`
# before a word now after it (it tests the same two neighbouring characters), and "#" allowed one
# newline before it (`$` also matches before a final newline; the other branches end in `\s*`,
# which takes that newline). A string matches one iff its reverse matches the other, so the answer
# is the same; one anchored match is several times cheaper than a search (see the tests).
_BENIGN_BEFORE_REVERSED = re.compile(
    r"\n?#|\s*(?:(?:"
    + "|".join(re.escape(w[::-1]) for w in _BENIGN_MARKERS)
    + r")\s*)*(?:"
    + "|".join(re.escape(w[::-1]) for w in _BENIGN_WORDS)
    + r")\b|\s*[$€£¥₹]",
    re.I,
)


def _benign_before(before: str) -> bool:
    """True when `before` ends with a word that makes the number after it no phone number."""
    return _BENIGN_BEFORE_REVERSED.match(before[::-1]) is not None


_BENIGN_AFTER = re.compile(
    r"^\s*(?:(?:usd|eur|gbp|dollars|euros|pounds|rupees|words|views|followers|users|rows|lines|pages|km|kg|"
    r"miles|px|ms|mb|gb|kb|hours|hrs|minutes|mins|items|units|pieces|k)\b|%)",
    re.I,
)
_DATE_PREFIX = re.compile(r"^(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)")
_STREET_AFTER = re.compile(
    r"^ (?!(?:Office|Home|Work|Mobile|Cell|Fax|Tel|Phone|Ext)\b)[A-Z][a-z]+|"
    r"^\s+(?i:st|street|rd|road|ave|avenue|dr|drive|ln|lane|blvd|way)\b"
)
_TIME_RANGE = re.compile(r"^\(?\d{1,2}[.:h]?\d{2}\s*[-\u2013/]\s*\d{1,2}[.:h]?\d{2}\)?$")
_DATE = re.compile(r"^(?:(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2})$")
_YEAR_RANGE = re.compile(r"^(?:19|20)\d{2}\s*[-\u2013/]\s*(?:(?:19|20)?\d{2})$")
_VERSION = re.compile(r"^\d{1,3}(?:\.\d{1,3}){2,3}$")
_ONE_BY_ONE = re.compile(r"^\+?\d(?:[ .\-_*/]{1,3}\d){6,}$")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ ,.]\d{3})+$")
_GROUPED = re.compile(r"^(?:\+|\(\+?)?\d{1,4}\)?(?:[ \-./]{1,2}\(?\d{2,5}\)?){1,5}$")
_NANP = re.compile(r"^(?:\+?1[ \-.]?)?\(?\d{3}\)?[ \-.]?\d{3}[ \-.]\d{4}$")
_DIGITS = re.compile(r"\d+")
_CLOCK_AFTER = re.compile(r"^[:h]\d{2}")
_NOT_DIGIT = re.compile(r"\D")
_REGIONS = ("US", "GB", "IN", "DE", "FR", "AU")
_PLAIN_CODE = re.compile(r"^\d(?:[- ]?\d)+$")  # digits, single hyphens or spaces between them


def _product_code(run: str, digits: str) -> bool:
    """True for an EAN-13 (also an ISBN-13), UPC-A, EAN-8 or ISSN with a valid check digit, written
    as one (an EAN-13 may be printed in groups: "4 006381 333931"). ISBN-10s are left to their label:
    a check over ten digits would pass for one phone number in eleven."""
    from stdnum import ean, issn

    n = len(digits)
    if " " in run and n != 13:
        return False
    if n in (8, 12, 13) and ean.is_valid(digits):
        return True
    return n == 8 and issn.is_valid(digits)


# A Brazilian CPF or CNPJ written in its own format ("123.456.789-09", "11.222.333/0001-81") is a tax id,
# never how a phone number is written (checked by python-stdnum; after "pix" the rails detector
# reports it as a payment key)
_CPF_FORMAT = re.compile(r"^\d{3}\.\d{3}\.\d{3}-\d{2}$")
_CNPJ_FORMAT = re.compile(r"^\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}$")
# a tax-id label earlier in the clause ("Our VAT number is DE 123 456 789", "Example CNPJ for the
# form: ..."): with no phone word near, the number is the id, valid or an example
_TAX_LABEL = re.compile(
    r"(?i)\b(?:vat|ust-?id\w*|tva|iva|btw|nip|tax (?:id|number|no)|steuer\w*|cnpj|cpf|nif|nie|siret|siren|"
    r"gstin|ntn|npwp|vkn|rfc|inn|aktenzeichen|az\.|gesch[a\u00e4]ftszeichen)\b(?:[^.!?\n]|\.(?=\d|$)){0,30}$"
)


_CALL_WORDS = re.compile(
    r"(?i)call|phone|\btel|mobile|cell|whats|telegram|signal|viber|sms|text|ring|contact|reach|"
    r"wa\.me|zap"
)


def _tax_id(stripped: str, digits: str, before: str) -> bool:
    """True for a formatted CPF/CNPJ with valid check digits, or a number after a tax-id label."""
    from stdnum.br import cnpj, cpf

    if _CPF_FORMAT.match(stripped) and cpf.is_valid(digits):
        return True
    if _CNPJ_FORMAT.match(stripped) and cnpj.is_valid(digits):
        return True
    label = _TAX_LABEL.search(before[-48:])
    # "my tax id is 123, whatsapp me 0300 ...": a phone word after the label makes it a phone again
    return label is not None and _CALL_WORDS.search(label.group()) is None


_TIME_WORDS = re.compile(
    r"(?i)time|epoch|unix|_at\b|\bts\b|date|created|updated|modified|expir|\biat\b|\bexp\b|millis|seconds|\bsec\b|"
    r"\bms\b|zeit|tiempo|tempo|horodat|log|event"
)


def _timestamp(digits: str) -> bool:
    """True for a Unix timestamp in seconds or milliseconds from 2001 to 2033 (a 10-digit number
    starting with 1 is no national number in the regions we check)."""
    if len(digits) == 10:
        return 1_000_000_000 <= int(digits) < 2_000_000_000
    if len(digits) == 13:
        return 1_000_000_000_000 <= int(digits) < 2_000_000_000_000
    return False


@lru_cache(maxsize=2048)
def _parse_phone(digits: str, international: bool) -> tuple[str, bool, bool]:
    """(E.164 or "", possible, valid) for a digit string, trying a few regions for national numbers."""
    if international:
        try:
            num = phonenumbers.parse("+" + digits, None)
        except phonenumbers.NumberParseException:
            return ("", False, False)
        e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        valid = phonenumbers.is_valid_number(num)
        return (e164 if valid else "+" + digits, phonenumbers.is_possible_number(num), valid)
    # A national number names no country. Give an E.164 value only when one region is plausible: the
    # number is valid there and nowhere else tried, and it is a US number or written with the "0"
    # trunk prefix the other regions dial; otherwise the value stays the digits as written.
    valid_in: list[str] = []
    possible = False
    for region in _REGIONS:
        try:
            num = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            valid_in.append(phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164))
        possible = possible or phonenumbers.is_possible_number(num)
    if not valid_in:
        return ("", possible, False)
    region_ok = valid_in[0].startswith("+1") or digits.startswith("0")
    return (valid_in[0] if len(set(valid_in)) == 1 and region_ok else "", True, True)


def _phone_value(digits: str, international: bool) -> str:
    """The E.164 form where the number is valid somewhere, else its digits (with "+" if written so)."""
    value, _, _ = _parse_phone(digits, international)
    return value or ("+" + digits if international else digits)


@lru_cache(maxsize=4096)
def _phone_score(run: str, before: str, after: str, obfuscated: bool) -> tuple[float, str, str]:
    """(score, value, evidence) for a digit run; score 0 means "not a phone number".

    Cheap tests first; `phonenumbers` is asked only where validity decides (and once for the value).
    A pure function of its arguments, so the same number in the same words (a signature, a message
    sent again) is scored once."""
    digits = _NOT_DIGIT.sub("", run)
    stripped = run.strip()
    international = stripped.startswith(("+", "(+"))
    if not international and digits.startswith("00") and len(digits) >= 10:
        international, digits = True, digits[2:]
    n = len(digits)
    if n < 7 or n > 15:
        return (0.0, "", "")
    near_before, near_after = before[-40:], after[:16]
    if "hidden]" in near_before or "[" in near_after:  # the guard's own placeholders are not context
        near_before = _OWN_PLACEHOLDER.sub(" ", before[-80:])[-40:]
        near_after = _OWN_PLACEHOLDER.sub(" ", after[:60])[:16]
    context = (
        _PHONE_CONTEXT.search(near_before, lower_ascii(near_before)) is not None
        or _PHONE_CONTEXT.search(near_after, lower_ascii(near_after)) is not None
    )
    if not international and _tax_id(stripped, digits, before):
        return (0.0, "", "")  # a tax id or a file number ("Aktenzeichen"), by its label or its format
    if not obfuscated:
        if _benign_before(before[-40:]):
            return (0.0, "", "")
        if n <= 9 and _STREET_AFTER.match(after):
            return (0.0, "", "")  # "17031 2202 Rissik St": a street address
        if _BENIGN_AFTER.search(after):
            return (0.0, "", "")
        if (
            _TIME_RANGE.match(stripped)
            or _DATE.match(stripped)
            or _YEAR_RANGE.match(stripped)
            or _DATE_PREFIX.match(stripped)
            or _CLOCK_AFTER.match(after)  # "... 09:34": a clock time follows
        ):
            return (0.0, "", "")
        if not context and (_VERSION.match(stripped) or _DECIMAL.match(stripped) or _THOUSANDS.match(stripped)):
            return (0.0, "", "")
        if (
            not international
            and not context
            and _PLAIN_CODE.match(stripped)
            and (
                _product_code(stripped, digits)
                or (" " not in stripped and _timestamp(digits) and _TIME_WORDS.search(before[-40:] + " " + after[:20]))
            )
        ):
            return (0.0, "", "")  # a barcode or book number with a valid check digit, a Unix timestamp
    if _ONE_BY_ONE.match(stripped):
        # "3.1.2.5.2.6.9.9.5.8", "3 1 2 4 4 3 8 9 9 3": digits written one by one to dodge a filter
        obfuscated = True
    if international:
        value, possible, valid = _parse_phone(digits, True)
        if possible:
            return (0.95 if valid else 0.85, value if valid else "+" + digits, "international number")
    if context:
        return (0.9, _phone_value(digits, international), "phone context")
    if obfuscated:
        return (0.85, _phone_value(digits, international), "obfuscated digits")
    if _NANP.match(stripped):
        return (0.85, _phone_value(digits, international), "phone format")
    if n >= 9 and _GROUPED.match(stripped) and not _STREET_AFTER.match(after):
        value, possible, valid = _parse_phone(digits, international)
        if valid or possible:
            return (0.75, value or digits, "grouped number")
    if n >= 10 and not before.rstrip().endswith(("#", ":")):
        value, _, valid = _parse_phone(digits, international)
        if valid:
            return (0.7, value or digits, "valid number")
    return (0.0, "", "")


_NATIVE_DIGIT_BLOCKS = ((0x0660, 0x0669), (0x06F0, 0x06F9), (0x0966, 0x096F), (0x09E6, 0x09EF), (0x0E50, 0x0E59))


def _native_digits(run: str) -> bool:
    """True when every non-ASCII character of `run` is a digit of a script's own (Arabic-Indic,
    Devanagari, ...): how people there write numbers, not a trick."""
    other = [ord(c) for c in run if not c.isascii()]
    return bool(other) and all(any(a <= o <= b for a, b in _NATIVE_DIGIT_BLOCKS) for o in other)


class PhoneDetector:
    name = "phone"
    categories = ("contact",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        comp = norm.compact
        if compact_digits(norm) < _PHONE_RUN_DIGITS:
            return out
        for m in _PHONE_RUN.finditer(comp):
            i, j = m.start(), m.end()
            run = m.group()
            if i > 0 and (comp[i - 1].isalnum() or comp[i - 1] in "@$€£/#"):
                # The run's first token is glued to what comes before: an id, a hash, a product code or
                # an amount ("a3f5b8", "SKU12345678X", "$500"). A long run after it (more than one
                # number's digits) may still hold a phone number ("$500 4111 1111 1111 1111 415-555-0132").
                cut = run.find(" ")
                if cut <= 0 or len(_NOT_DIGIT.sub("", run[cut:])) <= 12:
                    continue
                run = run[cut:].lstrip()
                i = j - len(run)
            after = comp[j : j + 20]
            if after[:1].isalpha() and not re.match(r"(?i)(?:x|ext\.?)\s?\d", after):
                # The run's last token is glued to letters: an id or a code ("SKU12345678X", "1/4A").
                # A long run before it (more than one number's digits) may still hold a phone number.
                cut = run.rfind(" ")
                if cut <= 0 or len(_NOT_DIGIT.sub("", run[:cut])) <= 12:
                    continue
                run = run[:cut].rstrip()
                j = i + len(run)
                after = comp[j : j + 20]
            # trailing ")" belongs to the sentence unless a "(" opened inside the run
            while run and run[-1] in ")-./" and run.count("(") < run.count(")"):
                run, j = run[:-1], j - 1
            before = comp[max(0, i - 48) : i]
            obfuscated = norm.is_obfuscated("compact", i, j)
            if obfuscated and _native_digits(norm.original[slice(*norm.span("compact", i, j))]):
                obfuscated = False  # "١٢٣٤٥٦٧٨٩": digits as the writer's script writes them
            if not obfuscated and _benign_before(before[-40:]):
                continue  # "Order #...", "ISBN ...", "$...": the whole run is something else
            score, value, evidence = _phone_score(run, before, after, obfuscated)
            parts = [(score, i, j, value, evidence)] if score > 0 else []
            if not parts and len(_NOT_DIGIT.sub("", run)) > 12:
                # a long run may hold phone numbers next to other numbers: try its separator-bounded parts
                groups = [(g.start(), g.end()) for g in _DIGITS.finditer(run)]
                parts = []
                parts = self._parts(comp, i, run, groups, norm)
            for score, pi, pj, value, evidence in parts:
                out.append(
                    finding_from_layer(
                        norm,
                        "compact",
                        pi,
                        pj,
                        category="contact",
                        kind="phone",
                        score=score,
                        value=value,
                        evidence=evidence,
                        detector=self.name,
                    )
                )
        return out

    @staticmethod
    def _parts(
        comp: str, i: int, run: str, groups: list[tuple[int, int]], norm: NormalizedText
    ) -> list[tuple[float, int, int, str, str]]:
        """Phone numbers among the digit `groups` of a long run: from the left, the best-scoring window
        of whole groups (longest first on ties), then on after it."""
        out: list[tuple[float, int, int, str, str]] = []
        sizes = [b - a for a, b in groups]
        a = 0
        while a < len(groups):
            best: tuple[float, int, int, str, str] | None = None
            best_b = a
            nd = sum(sizes[a : min(len(groups), a + 15)])
            for b in range(min(len(groups), a + 15) - 1, a - 1, -1):
                if nd < 7:
                    break
                if nd <= 15:
                    pi, pj = i + groups[a][0], i + groups[b][1]
                    score, value, evidence = _phone_score(
                        run[groups[a][0] : groups[b][1]],
                        comp[max(0, pi - 48) : pi],
                        comp[pj : pj + 20],
                        norm.is_obfuscated("compact", pi, pj),
                    )
                    if score > 0 and (best is None or score > best[0]):
                        best, best_b = (score, pi, pj, value, evidence), b
                nd -= sizes[b]
            if best is None:
                a += 1
            else:
                out.append(best)
                a = best_b + 1
        return out


# --- e-mail -------------------------------------------------------------------------------------------
_EMAIL = re.compile(
    r"(?<![\w.+\-])([a-z0-9][a-z0-9._%+\-]{0,63})@([a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?)*)",
    re.I,
)
# words that precede "at <place>" in ordinary sentences: "look at example.com" is a domain, not a mailbox
_NOT_MAILBOX = frozenset({
    "me", "us", "it", "him", "her", "them", "look", "looking", "out", "here", "there", "online", "site", "live",
    "work", "works", "home", "available", "find", "found", "meet", "see", "check", "visit", "hosted", "is",
    "are", "was", "be", "am", "shop", "store", "sell", "selling", "listed", "published", "posted", "up",
    "stay", "stayed", "arrive", "arrived", "based", "job", "intern", "worked", "working", "office", "one",
})  # fmt: skip


_SSH_PATH = re.compile(r":[~/A-Za-z0-9_.\-]+(?:/|\.git\b)")


class EmailDetector:
    name = "email"
    categories = ("contact",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        comp = norm.compact
        if "@" not in comp:  # every match has one
            return out
        for m in _EMAIL.finditer(comp):
            local, domain = m.group(1), m.group(2).lower()
            if _SSH_PATH.match(comp, m.end()) and local.lower() in ("git", "hg", "ssh", "gitlab", "svn", "deploy"):
                continue  # "git@github.com:acme/shop.git": a repository address, not a mailbox
            local = local.rstrip(".")
            labels = domain.split(".")
            while labels and not is_tld(labels[-1]) and len(labels) > 1:
                labels.pop()  # "jane@gmail.com.thanks" -> stop at the last real TLD
            end = m.start(2) + len(".".join(labels))
            at_word = norm.original[slice(*norm.span("compact", m.start(2) - 1, m.start(2)))].strip().lower()
            spoken_at = at_word not in ("@", "\uff20")
            if len(labels) >= 2 and is_tld(labels[-1]):
                host = ".".join(labels)
                if host in context.own_domains:
                    continue
                if spoken_at and local.lower() in _NOT_MAILBOX:
                    # "look at example.com": a place, not a mailbox; the URL detector reports it
                    continue
                score = 0.97 if not spoken_at else 0.93
                out.append(
                    finding_from_layer(
                        norm,
                        "compact",
                        m.start(1),
                        end,
                        category="contact",
                        kind="email",
                        score=score,
                        value=f"{local.lower()}@{host}",
                        evidence="obfuscated e-mail" if spoken_at else "e-mail address",
                        detector=self.name,
                    )
                )
            elif len(labels) == 1 and labels[0] in MAIL_PROVIDERS and local.lower() not in _NOT_MAILBOX:
                # "jane.smith at gmail": the provider names the domain
                end = m.start(2) + len(labels[0])
                out.append(
                    finding_from_layer(
                        norm,
                        "compact",
                        m.start(1),
                        end,
                        category="contact",
                        kind="email",
                        score=0.85,
                        value=f"{local.lower()}@{labels[0]}.com",
                        evidence="e-mail at a known provider",
                        detector=self.name,
                    )
                )
        return out


# --- URLs and domains ---------------------------------------------------------------------------------
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`\]]+", re.I)
_DOMAIN = re.compile(
    r"(?<![\w.\-/])((?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+([a-z]{2,24}))(?![\w\-])(?::\d{2,5})?(/[^\s<>\"'`]*)?",
    re.I,
)
_TRAILING = ".,;:!?)]}'\"*"
# what every `_URL` match contains (same flags, so the same letters count)
_URL_HINT = re.compile(r"://|www\.", re.I)
# A `_DOMAIN` match is reported only when its last label (group 2: after a ".", letters up to a
# character that is no letter, digit, "_" or "-") is a TLD, and every such label is one of these
# (there is at most one per "."), so a text none of whose labels here is a TLD has no domain finding.
_LAST_LABEL = re.compile(r"\.([a-z]{2,24})(?![\w\-])", re.I)


def _may_hold_url(comp: str, lower: str | None) -> bool:
    """False only when `_URL` cannot match `comp` (`lower` is `lower_ascii(comp)`)."""
    if lower is None:
        return _URL_HINT.search(comp) is not None
    return "://" in comp or "www." in lower


def _may_hold_domain(comp: str) -> bool:
    """False only when no `_DOMAIN` match in `comp` can be reported (see `_LAST_LABEL`)."""
    return "." in comp and any(is_tld(label.lower()) for label in _LAST_LABEL.findall(comp))


_LOCAL_BEFORE_AT = re.compile(r"([a-z0-9._%+\-]+)@$", re.I)


# `SERVICE_HOSTS` by host (first entry of each), and the entries that name a host and a path
_HOST_ENTRY = {prefix: k for k, (prefix, *_) in reversed(list(enumerate(SERVICE_HOSTS))) if "/" not in prefix}
_PATH_ENTRY = [(k, prefix) for k, (prefix, *_) in enumerate(SERVICE_HOSTS) if "/" in prefix]


def _classify_host(host: str, path: str) -> tuple[str, str, str]:
    """(category, kind, service) for a host and path: those of the first `SERVICE_HOSTS` entry that is
    the host, a domain the host is under, or (with a "/") a prefix of host and path. The host and
    its parent domains (what follows each ".") are looked up instead of testing every entry."""
    hp = host + path.lower()
    hits = [k for k, prefix in _PATH_ENTRY if hp.startswith(prefix)]
    parts = host.split(".")
    hits += [_HOST_ENTRY[d] for d in (".".join(parts[k:]) for k in range(len(parts))) if d in _HOST_ENTRY]
    if not hits:
        return "contact", "url", ""
    _, category, kind, service = SERVICE_HOSTS[min(hits)]
    return category, kind, service


def _handle_from_path(path: str) -> str:
    parts = [p for p in re.split(r"[/?#]", path) if p and p not in ("in", "add", "invite", "u", "c", "j", "pay")]
    return parts[0].lstrip("@").lower() if parts else ""


class UrlDetector:
    name = "url"
    categories = ("contact", "payment")

    def _emit(
        self, norm: NormalizedText, i: int, j: int, url: str, host: str, path: str, explicit: bool, ctx: ScreenContext
    ) -> Finding | None:
        host = host.lower().rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        if any(host == d or host.endswith("." + d) for d in ctx.own_domains):
            return None
        tld = host.rsplit(".", 1)[-1]
        if not is_tld(tld):
            return None
        if host in TECH_NAMES:
            return None
        real_path = path.strip("/")
        if real_path.endswith(".git") or ".git/" in real_path:
            return None  # a repository to clone for the work, not a profile
        if not explicit and tld in AMBIGUOUS_TLDS and not real_path:
            return None
        category, kind, service = _classify_host(host, "/" + real_path if real_path else "")
        if kind == "url" and host in BRAND_DOMAINS and not real_path:
            return None
        value = url if explicit else host + ("/" + real_path if real_path else "")
        score = 0.95 if explicit else 0.85
        if kind == "handle":
            handle = _handle_from_path(real_path)
            value = f"{service}:{handle}" if handle else f"{service}:"
            score = 0.95
        elif kind in ("paypal", "venmo", "cashapp", "wise", "revolut", "payoneer", "pay_link"):
            handle = _handle_from_path(real_path)
            value = f"{service}:{handle}" if handle else url
            score = 0.95
        return finding_from_layer(
            norm,
            "compact",
            i,
            j,
            category=category,
            kind=kind,
            score=score,
            value=value,
            evidence=service or "link",
            detector=self.name,
        )

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        comp = norm.compact
        lower = lower_ascii(comp)
        taken: list[tuple[int, int]] = []
        for m in _URL.finditer(comp) if _may_hold_url(comp, lower) else ():
            url = m.group().rstrip(_TRAILING)
            i, j = m.start(), m.start() + len(url)
            rest = re.sub(r"^(?:[a-z]+://)", "", url, flags=re.I)
            host, _, path = rest.partition("/")
            host = host.split("@")[-1].split(":")[0]
            f = self._emit(norm, i, j, url, host, path, True, context)
            taken.append((i, j))
            if f:
                out.append(f)
        if not _may_hold_domain(comp):
            return out
        for m in _DOMAIN.finditer(comp):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if m.start() > 0 and comp[m.start() - 1] == "@":
                at = norm.original[slice(*norm.span("compact", m.start() - 1, m.start()))].strip()
                local = _LOCAL_BEFORE_AT.search(comp, 0, m.start())
                if at in ("@", "\uff20") or not local or local.group(1).lower() not in _NOT_MAILBOX:
                    continue  # the domain of an e-mail address: the e-mail detector reports it
            host = m.group(1)
            path = (m.group(3) or "").rstrip(_TRAILING)
            i = m.start()
            j = m.end(1) + (m.end() - m.end(1) - len(m.group(3) or "")) + len(path)
            f = self._emit(norm, i, j, comp[i:j], host, path, False, context)
            if f:
                out.append(f)
        return out


# --- messenger and social handles ---------------------------------------------------------------------
_SERVICE_RE = alias_pattern(MESSENGERS)
_SERVICE_FAST = Caseless(_SERVICE_RE)
# A match of a short alias ("line", "zoom") is reported only with an "@" or ":" (in its handle or
# glue), so a text with neither needs the words of a longer alias (see `services.alias_needs`).
_SERVICE_NEEDS = alias_needs(MESSENGERS)
_LONG_SERVICE_NEEDS = alias_needs(MESSENGERS, leave_out=SHORT_ALIASES)
_HANDLE_AFTER = re.compile(
    r"(?P<glue>[ \t]*(?:[:=\-\u2013>]|\bis\b|\bid\b|\bhandle\b|\busername\b|\buser\b|\bname\b|\bnumber\b|\bno\.?|"
    r"\bacc(?:oun)?t?\b|\bme\b|\bat\b|\bon\b|\bvia\b|[,(])*[ \t]*)"
    r"(?P<handle>(?:live:(?:\.cid\.)?)?@?[A-Za-z0-9][A-Za-z0-9._\-]{1,40}(?:#\d{4})?)",
    re.I,
)
# words that follow a service name in ordinary work talk ("a WhatsApp bot", "Telegram API")
_NOT_HANDLE = words("""
    bot bots api apis app apps group groups channel channels integration integrations business account accounts
    clone chat chats web desktop mobile client clients server servers message messages messaging call calls
    video voice link links ads ad marketing campaign campaigns page pages profile profiles post posts story
    stories feed store shop login sdk plugin plugins widget widgets notification notifications number numbers
    for and or the to with me us is on in of at a an my your our their it this that from by as be are was
    support team teams status template templates flow flows automation webhook webhooks button buttons
    community communities server workspace workspaces meeting meetings id handle username name user users
    too also only instead please directly now later today tomorrow soon then there here back first
    contact details info information number please pls thanks thank you ok okay sure yes no hi hello
    verified official cloud catalog payments pay reels stickers emoji clone clones analytics insights data
    scraper scraping crawler dashboard theme themes design designs logo content manager management
""")
_BARE_HANDLE = re.compile(r"(?<![\w.@/])@([A-Za-z_][A-Za-z0-9_.]{2,30})(?![\w@])")
_HANDLE_INTENT = re.compile(
    r"\b(?:add|dm|follow|find|message|msg|hit|reach|contact|ping|text|write|talk|chat|catch|search|look)\b"
    r"(?:\s+\w+){0,3}\s*$",
    re.I,
)


class HandleDetector:
    name = "handle"
    categories = ("contact",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        clean = norm.clean
        covered: list[tuple[int, int]] = []
        needs = _SERVICE_NEEDS if "@" in clean or ":" in clean else _LONG_SERVICE_NEEDS
        services = _SERVICE_FAST.finditer(clean, clean_lower(norm)) if may_match(norm, needs) else ()
        for m in services:
            alias = clean[m.start("svc") : m.end("svc")]  # the match's own text is lower-cased
            alias_l = alias.lower()
            h = _HANDLE_AFTER.match(clean, m.end())
            if not h:
                continue
            glue = h.group("glue").lower()
            handle = h.group("handle").rstrip(".-")
            hl = handle.lower()
            marked = bool(re.search(r"[:=]|\bis\b|\bid\b|\bhandle\b|\busername\b|\bname\b|\bacc", glue))
            styled = handle.startswith("@") or hl.startswith("live:") or bool(re.search(r"[\d_.#]", handle))
            if handle.replace("+", "").isdigit():
                continue  # a number after the service name is the phone detector's finding
            if hl.lstrip("@") in _NOT_HANDLE or len(hl.lstrip("@")) < 3:
                continue
            if alias_l.replace(" ", "").replace("-", "") in SHORT_ALIASES and not (
                handle.startswith("@") or hl.startswith("live:") or ":" in glue
            ):
                continue
            if not (marked or styled):
                continue
            service = service_of(alias, MESSENGERS)
            name = hl.lstrip("@")
            i = m.start()
            j = h.start("handle") + len(handle)
            score = 0.95 if (marked and styled) else 0.9
            out.append(
                finding_from_layer(
                    norm,
                    "clean",
                    i,
                    j,
                    category="contact",
                    kind="handle",
                    score=score,
                    value=f"{service}:{name}",
                    evidence=f"{service} handle",
                    detector=self.name,
                )
            )
            covered.append((i, j))
        for m in _BARE_HANDLE.finditer(clean) if "@" in clean else ():
            if any(a <= m.start() < b for a, b in covered):
                continue
            before = clean[max(0, m.start() - 40) : m.start()]
            if _HANDLE_INTENT.search(before) or _SERVICE_RE.search(before[-24:]):
                out.append(
                    finding_from_layer(
                        norm,
                        "clean",
                        m.start(),
                        m.end(),
                        category="contact",
                        kind="handle",
                        score=0.8,
                        value=f"handle:{m.group(1).lower()}",
                        evidence="handle with contact intent",
                        detector=self.name,
                    )
                )
        return out


# --- intent to move off the platform ------------------------------------------------------------------
_CHANNELS = (
    r"(?:whats\s?app|wa|telegram|tg|skype|signal|wechat|discord|line|viber|kik|snap(?:chat)?|insta(?:gram)?|ig|"
    r"twitter|facebook|fb|messenger|linkedin|slack|teams|zoom|google meet|imo|e-?mail|gmail|phone|cell|mobile|"
    r"sms|text|my (?:number|cell|phone|email|mail)|personal (?:email|number|account)|outside|another app|"
    r"other app|private chat|dm|pm|direct)"
)
_INTENT = re.compile(
    r"\b(?:"
    rf"(?:let'?s|lets|can we|could we|we can|we should|shall we|i prefer to|please|pls|plz)\s+(?:continue|talk|chat|"
    rf"move|switch|go|connect|communicate|discuss|speak|meet|take this)\s+(?:this\s+|the conversation\s+|it\s+)?"
    rf"(?:on|to|via|over|through|in)\s+{_CHANNELS}"
    rf"|(?:add|text|message|msg|ping|dm|call|ring|whatsapp|telegram|email|e-mail|mail|contact|reach|hit)\s+me\s+"
    rf"(?:up\s+)?(?:directly\s+)?(?:on|at|via|through|in|over)\s+{_CHANNELS}"
    r"|(?:text|whatsapp|telegram|email|e-mail|skype|sms|dm)\s+me\b(?:\s+directly)?"
    r"|(?:email|e-mail|call|text|contact)\s+me\s+(?:directly|privately|personally|outside)"
    r"|(?:contact|reach|talk to|pay)\s+(?:me|you)\s+(?:directly|outside|off)\s*(?:of\s+)?(?:the\s+)?"
    r"(?:platform|site|app|workfair)?"
    r"|(?:outside|off)\s+(?:of\s+)?(?:the\s+|this\s+)?(?:platform|site|workfair|marketplace)"
    r"|(?:give|send|share|drop)\s+(?:me\s+)?(?:your|ur)\s+(?:whats\s?app|telegram|skype|number|phone|cell|e-?mail|"
    r"contact(?:\s+details)?|personal email|handle|id)"
    r"|(?:what'?s|whats|what is)\s+(?:your|ur)\s+(?:whats\s?app|telegram|skype|number|phone number|cell|e-?mail|"
    r"contact)"
    r"|my\s+(?:whats\s?app|telegram|skype|signal|wechat|discord|viber|cell|mobile|phone)\s+(?:number\s+)?is"
    r")",
    re.I,
)


_INTENT_FAST = Caseless(_INTENT)
# Words every `_INTENT` match holds whole (see `services.may_match`), per branch of the pattern:
#   "let's <verb> on ...": the verb (between `\s+`s; "take this" as written), the phrase that leads to
#     it (as written, or the word "lets", "please", ...) and the preposition;
#   "<verb> me on ...", "text me", "call me directly": "me" (between `\s+` and `\s+`/`\b`) with the
#     verb before it and the preposition or adverb after it (the adverb as written);
#   "contact me directly": the verb, "me"/"you" and the adverb (as written: `\s*` may glue more to it);
#   "outside the platform": "outside"/"off" (after `\b`, then `\s+`) and the place (as written:
#     nothing ends it);
#   "send your number", "what's your number": the verb (or "what's", "whats", "what is": as written),
#     "your"/"ur" and the start of the channel (as written: nothing ends it);
#   "my whatsapp number is": the channel and "my".
# A word's own text ends where `\s`, `\b` or an apostrophe ("let's", "what's") or hyphen ("e-mail")
# does.
_INTENT_LEADS = words("lets please pls plz") | literals(
    "let's", "can we", "could we", "we can", "we should", "shall we", "i prefer to"
)
_INTENT_NEEDS = WordNeeds(
    (
        words("continue talk chat move switch go connect communicate discuss speak meet"),
        _INTENT_LEADS,
        words("on to via over through in"),
    ),
    (words("take"), literals("take this"), _INTENT_LEADS, words("on to via over through in")),
    (
        words("me"),
        words("add text message msg ping dm call ring whatsapp telegram email e mail contact reach hit"),
        words("on at via through in over"),
    ),
    (words("me"), words("text whatsapp telegram email e skype sms dm")),
    (words("me"), words("email e call text contact"), literals("directly", "privately", "personally", "outside")),
    (words("contact reach talk pay"), words("me you"), literals("directly", "outside", "off")),
    (words("outside off"), literals("platform", "site", "workfair", "marketplace")),
    (
        words("give send share drop"),
        words("your ur"),
        literals("whats", "telegram", "skype", "number", "phone", "cell", "mail", "contact", "handle", "id"),
    ),
    (
        words("what whats"),
        words("whats") | literals("what's", "what is"),
        words("your ur"),
        literals("whats", "telegram", "skype", "number", "phone", "cell", "mail", "contact"),
    ),
    (words("whats whatsapp telegram skype signal wechat discord viber cell mobile phone"), words("my")),
)


class OffPlatformIntentDetector:
    name = "off_platform_intent"
    categories = ("contact",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        return [
            finding_from_layer(
                norm,
                "clean",
                m.start(),
                m.end(),
                category="contact",
                kind="off_platform_intent",
                score=0.8,
                value="",
                evidence="asks to continue outside the platform",
                detector=self.name,
            )
            for m in (_INTENT_FAST.finditer(norm.clean, clean_lower(norm)) if may_match(norm, _INTENT_NEEDS) else ())
        ]


for _detector in (PhoneDetector(), EmailDetector(), UrlDetector(), HandleDetector(), OffPlatformIntentDetector()):
    register_detector(_detector)
