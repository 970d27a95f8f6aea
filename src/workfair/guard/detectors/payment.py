"""Payment details: IBAN, bank account numbers with sort/routing/BSB/IFSC/SWIFT codes, card numbers,
payment-service handles (PayPal, Venmo, Cash App, Zelle, Wise, Payoneer, Revolut, ...), crypto
addresses (BTC, ETH, TRON) and offers to pay outside the platform or skip its fees.

Identifiers with a checksum (IBAN, Luhn, ABA, Base58Check, Bech32, EIP-55) are reported only when it
holds (EIP-55 only for mixed-case addresses, which carry it); the rest need a context word.
"""

from __future__ import annotations

import re

from workfair.guard.detectors import Caseless, any_of, clean_lower, finding_from_layer, lower_ascii, register_detector
from workfair.guard.detectors.checksums import (
    IBAN_LENGTHS,
    aba_valid,
    base58check_payload,
    bech32_valid,
    eip55_valid,
    iban_valid,
    luhn_valid,
)
from workfair.guard.detectors.services import (
    PAYMENT_SERVICES,
    PAYMENT_SHORT_ALIASES,
    WordNeeds,
    alias_needs,
    alias_pattern,
    compact_digits,
    literals,
    may_match,
    service_of,
)
from workfair.guard.findings import Finding, ScreenContext
from workfair.guard.normalize import NormalizedText
from workfair.guard.tlds import words

# The start of an IBAN: a country code (two letters that start a run of letters and digits) and two
# check digits. Written to begin at the first digit, with the letters in a look-behind, so that `re`
# skips to the next digit instead of trying every position; the matches are those of
#     (?<![A-Za-z0-9])([A-Za-z]{2})(\d{2})(?=[ \-]?[A-Za-z0-9])
# two characters later (two such starts never overlap: the letters of the second would follow the
# digits of the first, and a digit may not precede them), so the same IBANs are found.
_IBAN_START = re.compile(r"(?P<digits>\d(?<=(?<![A-Za-z0-9])(?P<cc>[A-Za-z]{2})\d)\d)(?=[ \-]?[A-Za-z0-9])")
# Every such start holds two ASCII letters then two digits: on ASCII text (where `\d` is 0-9), letters
# made "a" and digits "0" (every other byte a space), the substring "aa00". Most texts lack it, and
# that search is several times faster than the pattern's scan for digits.
_LETTER_DIGIT_SHAPE = bytes(
    0x61 if chr(c).isascii() and chr(c).isalpha() else 0x30 if 0x30 <= c <= 0x39 else 0x20 for c in range(256)
)


def _may_hold_iban(clean: str) -> bool:
    """False only when `_IBAN_START` cannot match in `clean`."""
    return not clean.isascii() or b"aa00" in clean.encode("ascii").translate(_LETTER_DIGIT_SHAPE)


class IbanDetector:
    name = "iban"
    categories = ("payment",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        clean = norm.clean
        for m in _IBAN_START.finditer(clean) if _may_hold_iban(clean) else ():
            cc = m.group("cc").upper()
            length = IBAN_LENGTHS.get(cc)
            if not length:
                continue
            chars = [cc, m.group("digits")]
            got = 4
            k = m.end()
            end = k
            while k < len(clean) and got < length:
                c = clean[k]
                if c.isalnum() and c.isascii():
                    chars.append(c.upper())
                    got += 1
                    end = k + 1
                elif c in " -" and k + 1 < len(clean) and clean[k + 1].isalnum() and clean[k - 1] != c:
                    pass
                else:
                    break
                k += 1
            if got != length or (end < len(clean) and clean[end].isalnum()):
                continue
            iban = "".join(chars)
            if iban_valid(iban):
                out.append(
                    finding_from_layer(
                        norm,
                        "clean",
                        m.start("cc"),
                        end,
                        category="payment",
                        kind="iban",
                        score=0.97,
                        value=iban,
                        evidence="IBAN checksum",
                        detector=self.name,
                    )
                )
        return out


_CARD_RUN = re.compile(r"\d(?:[ \-]?\d){11,}")
_CARD_RUN_DIGITS = 12  # in every match of `_CARD_RUN`
_CARD_GROUPED = re.compile(r"\d{4}(?:[ \-]\d{4}){2,3}(?:[ \-]\d{1,3})?|\d{4}[ \-]\d{6}[ \-]\d{5}")
_DIGITS = re.compile(r"\d+")
_NOT_DIGIT = re.compile(r"\D")
_CARD_CONTEXT = re.compile(
    r"\b(?:card|cards|visa|master ?card|amex|american express|discover|maestro|cc|credit|"
    r"debit|cvv|cvc|exp|expiry|expires|jcb|diners|unionpay)\b",
    re.I,
)
_CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|3[068]|35|6011|65|64[4-9]|62|50|5[6-9]|6[0-9]|18|21)")
_NOT_CARD_BEFORE = re.compile(
    r"(?:#|\b(?:order|invoice|ref|tracking|ticket|id|transaction|txn|isbn)\s*(?:no\.?|"
    r"number|#|:)?\s*)$",
    re.I,
)


class CardDetector:
    name = "card"
    categories = ("payment",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        comp = norm.compact
        if compact_digits(norm) < _CARD_RUN_DIGITS:
            return out
        for m in _CARD_RUN.finditer(comp):
            i, j = m.start(), m.end()
            if (i > 0 and (comp[i - 1].isalnum() or comp[i - 1] in "+")) or (j < len(comp) and comp[j].isalnum()):
                continue
            run = m.group()
            # a run may hold several cards ("4111 1111 1111 1111 5500 0000 0000 0004"): try group-aligned
            # windows left to right, longest first
            groups = [(g.start(), g.end()) for g in _DIGITS.finditer(run)]
            a = 0
            while a < len(groups):
                for b in range(min(len(groups), a + 19) - 1, a - 1, -1):
                    found = self._card(norm, comp, i + groups[a][0], i + groups[b][1])
                    if found:
                        out.append(found)
                        a = b
                        break
                a += 1
        return out

    def _card(self, norm: NormalizedText, comp: str, i: int, j: int) -> Finding | None:
        chunk = comp[i:j]
        digits = _NOT_DIGIT.sub("", chunk)
        if not 12 <= len(digits) <= 19 or not luhn_valid(digits) or len(set(digits)) < 2:
            return None
        before = comp[max(0, i - 40) : i]
        ctx = bool(_CARD_CONTEXT.search(before) or _CARD_CONTEXT.search(comp[j : j + 24]))
        if _NOT_CARD_BEFORE.search(before) and not ctx:
            return None
        if not ctx and len(digits) == 13 and not _NOT_DIGIT.search(chunk) and _ean13(digits):
            return None  # a barcode (EAN-13 has its own check digit), not a 13-digit card
        if any(card.startswith(digits) for card in _TEST_CARDS) and _TEST_WORDS.search(comp[max(0, i - 60) : j + 60]):
            return None  # a payment provider's documented test card, named as one
        prefix = bool(_CARD_PREFIX.match(digits))
        grouped = bool(_CARD_GROUPED.fullmatch(chunk))
        if not ctx and not grouped and _NOT_DIGIT.search(chunk):
            # Separated digits that are not grouped like a card ("555-0132 415-555-0132") are a run
            # of other numbers, phone numbers most often; only a card word nearby makes them a card.
            return None
        if ctx:
            score = 0.97
        elif prefix and (grouped or len(digits) >= 13):
            score = 0.9
        elif len(digits) >= 13:
            score = 0.7
        else:
            return None
        return finding_from_layer(
            norm,
            "compact",
            i,
            j,
            category="payment",
            kind="card",
            score=score,
            value=digits,
            evidence="Luhn-valid card number",
            detector=self.name,
        )


# the test card numbers payment providers publish for integration work (Stripe, Adyen, Braintree docs)
_TEST_CARDS = frozenset({
    "4242424242424242", "4000056655665556", "5555555555554444", "2223003122003222", "5200828282828210",
    "378282246310005", "371449635398431", "6011111111111117", "3056930009020004", "36227206271667",
    "3566002020360505", "6200000000000005", "4000000000000002", "4000000000009995", "4000002500003155",
})  # fmt: skip
_TEST_WORDS = re.compile(r"(?i)\b(?:test|testing|sandbox|stripe|dummy|example|sample)\b")


def _ean13(digits: str) -> bool:
    from stdnum import ean

    return ean.is_valid(digits)


_BANK_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sort_code", re.compile(r"\bsort\s*code\s*(?:is|:|-|=)?\s*(\d{2}[\s\-]?\d{2}[\s\-]?\d{2})(?!\d)", re.I)),
    (
        "routing_number",
        re.compile(r"\b(?:routing|aba|rtn)\s*(?:number|no\.?|num|#)?\s*(?:is|:|-|=)?\s*(\d{9})(?!\d)", re.I),
    ),
    ("account_number", re.compile(r"\b(?:bank\s+)?(?:account|acct|acc|a/c)\s*(?:number|no\.?|num|#)?\s*(?:is|:|-|=)?\s*"
                                  r"(\d[\d\s\-]{5,22}\d)(?!\d)", re.I)),
    ("bsb", re.compile(r"\bbsb\s*(?:number|no\.?)?\s*(?:is|:|-|=)?\s*(\d{3}[\s\-]?\d{3})(?!\d)", re.I)),
    ("ifsc", re.compile(r"\bifsc\s*(?:code)?\s*(?:is|:|-|=)?\s*([A-Za-z]{4}0[A-Za-z0-9]{6})\b", re.I)),
    ("swift", re.compile(r"\b(?:swift|bic)\s*(?:code)?\s*(?:is|:|-|=)?\s*([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b")),
)  # fmt: skip
# The labels (sort code, routing, account, bsb) are matched case-insensitively: run fast on the
# lower-cased compact layer, behind one scan for all of them; IFSC and SWIFT codes keep their case.
_BANK_LABELLED = {kind: Caseless(p) for kind, p in _BANK_PATTERNS if kind in ("sort_code", "routing_number",
                                                                            "account_number", "bsb")}  # fmt: skip
_ANY_BANK_LABEL = any_of(list(_BANK_LABELLED.values()))
# one of these is in every match of the labelled patterns (looked for as substrings, each a fast search)
_LABEL_WORDS = ("sort", "routing", "aba", "rtn", "acc", "a/c", "bsb")
# A labelled finding holds six digits at least: a sort code or BSB six, a routing number nine, and an
# account number is reported only with 6 to 20 (its pattern may match fewer: those are skipped below).
_LABELLED_DIGITS = 6


class BankAccountDetector:
    name = "bank_account"
    categories = ("payment",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        comp = norm.compact
        lower = lower_ascii(comp)
        # every label holds one of `_LABEL_WORDS` and every finding six digits: most texts lack one or the
        # other, and those tests are cheaper than the patterns' scan
        labelled = (
            compact_digits(norm) >= _LABELLED_DIGITS
            and (lower is None or any(w in lower for w in _LABEL_WORDS))
            and _ANY_BANK_LABEL.search(comp, lower) is not None
        )
        codes = "ifsc" in (lower if lower is not None else comp.lower()) or "swift" in comp or "bic" in comp
        if not (labelled or codes):
            return out  # no pattern below runs
        for kind, pattern in _BANK_PATTERNS:
            fast = _BANK_LABELLED.get(kind)
            if fast is not None:
                matches = fast.finditer(comp, lower) if labelled else iter(())
            else:
                matches = pattern.finditer(comp) if codes else iter(())
            for m in matches:
                value = re.sub(r"[\s\-]", "", comp[m.start(1) : m.end(1)]).upper()
                score = 0.9
                if kind == "routing_number":
                    score = 0.95 if aba_valid(value) else 0.8
                if kind == "account_number" and not 6 <= len(value) <= 20:
                    continue
                out.append(
                    finding_from_layer(
                        norm,
                        "compact",
                        m.start(),
                        m.end(1),
                        category="payment",
                        kind=kind,
                        score=score,
                        value=value,
                        evidence=f"{kind} with its label",
                        detector=self.name,
                    )
                )
        return out


_ANY_DIGIT = re.compile(r"[0-9]")
# Every address pattern below matches a whole run of ASCII letters and digits (its look-arounds end
# it), of 14 characters at least (Bech32: "bc1" and 11 more; the others are longer).
_LONG_RUN = re.compile(r"[A-Za-z0-9]{14}")
# The same question asked of the bytes of ASCII text: each letter or digit made "a" (every other byte
# a space), a run of 14 is the substring "a" * 14, which a substring search finds several times
# faster than the pattern's scan.
_ALNUM_SHAPE = bytes(0x61 if chr(c).isascii() and chr(c).isalnum() else 0x20 for c in range(256))


def _has_long_run(clean: str) -> bool:
    """Whether `_LONG_RUN` matches in `clean`."""
    if clean.isascii():
        return b"a" * 14 in clean.encode("ascii").translate(_ALNUM_SHAPE)
    return _LONG_RUN.search(clean) is not None


_BTC_LEGACY = re.compile(r"(?<![A-Za-z0-9])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![A-Za-z0-9])")
_BTC_BECH32 = re.compile(r"(?<![A-Za-z0-9])(?:bc1|BC1|tb1)[ac-hj-np-zAC-HJ-NP-Z02-9]{11,71}(?![A-Za-z0-9])")
_ETH = re.compile(r"(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])")
_TRON = re.compile(r"(?<![A-Za-z0-9])T[1-9A-HJ-NP-Za-km-z]{33}(?![A-Za-z0-9])")


class CryptoDetector:
    name = "crypto"
    categories = ("payment",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        clean = norm.clean
        if not _has_long_run(clean):
            return out
        if not (_ANY_DIGIT.search(clean) if clean.isascii() else any(c.isdigit() for c in clean)):
            return out

        def add(m: re.Match[str], kind: str, score: float, evidence: str) -> None:
            out.append(
                finding_from_layer(
                    norm,
                    "clean",
                    m.start(),
                    m.end(),
                    category="payment",
                    kind=kind,
                    score=score,
                    value=m.group(),
                    evidence=evidence,
                    detector=self.name,
                )
            )

        for m in _BTC_LEGACY.finditer(clean):
            payload = base58check_payload(m.group())
            if payload is not None and len(payload) == 21 and payload[0] in (0x00, 0x05):
                add(m, "crypto_btc", 0.97, "Base58Check address")
        for m in _BTC_BECH32.finditer(clean):
            if bech32_valid(m.group()):
                add(m, "crypto_btc", 0.97, "Bech32 address")
        for m in _ETH.finditer(clean):
            body = m.group()[2:]
            if body.lower() == body or body.upper() == body:
                add(m, "crypto_eth", 0.9, "0x address")
            elif eip55_valid(m.group()):
                add(m, "crypto_eth", 0.97, "EIP-55 address")
            else:
                add(m, "crypto_eth", 0.6, "0x address, bad checksum")
        for m in _TRON.finditer(clean):
            payload = base58check_payload(m.group())
            if payload is not None and len(payload) == 21 and payload[0] == 0x41:
                add(m, "crypto_tron", 0.97, "TRON address")
        return out


_PAY_SERVICE_RE = alias_pattern(PAYMENT_SERVICES)
_PAY_SERVICE_FAST = Caseless(_PAY_SERVICE_RE)
# A match of a short alias ("wise", "pp") is reported only with a ":", "@" or "$" (in its glue or
# handle), so a text with none needs the words of a longer alias (see `services.alias_needs`).
_PAY_SERVICE_NEEDS = alias_needs(PAYMENT_SERVICES)
_LONG_PAY_SERVICE_NEEDS = alias_needs(PAYMENT_SERVICES, leave_out=PAYMENT_SHORT_ALIASES)
_PAY_HANDLE_AFTER = re.compile(
    r"(?P<glue>[ \t]*(?:[:=\-\u2013>]|\bis\b|\bid\b|\bhandle\b|\busername\b|\bemail\b|\btag\b|\bcashtag\b|\bname\b|"
    r"\baccount\b|\bacc\b|\bme\b|\bat\b|\bto\b|\bon\b|[,(])*[ \t]*)"
    r"(?P<handle>[$@]?[A-Za-z0-9][A-Za-z0-9._%+\-]{1,40}(?:@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})?)",
    re.I,
)
_NOT_PAY_HANDLE = words("""
    checkout integration integrations api apis sdk button buttons gateway payments payment express plugin
    account accounts business app apps for and or the to with me is on in of at a an my your it this that
    fees fee card cards transfer transfers invoice invoices link links support balance wallet option options
    subscription subscriptions webhook webhooks sandbox developer only also too instead please directly
    now later ok okay sure yes no thanks thank you merchant merchants login checkout flow integration
""")
_CASHTAG = re.compile(r"(?<![\w$])\$[A-Za-z][A-Za-z0-9_]{2,19}\b")
_CASHAPP_CONTEXT = re.compile(r"cash\s?app|cashtag|cash tag", re.I)

_PAY_TARGETS = (
    r"(?:paypal|pay pal|venmo|cash\s?app|zelle|wise|transferwise|payoneer|revolut|western union|moneygram|skrill|"
    r"bank transfer|wire transfer|wire|direct deposit|crypto|bitcoin|btc|usdt|tether|ethereum|eth|gift ?cards?|"
    r"upi|gpay|google pay|apple pay|alipay|gcash|e-?transfer|interac|my bank|bank account|cash)"
)
_PAY_OUTSIDE = re.compile(
    r"\b(?:"
    r"(?:avoid|skip|save|bypass|dodge|escape|cut out|get around|no)\s+(?:on\s+)?(?:the\s+|paying\s+|any\s+)?"
    r"(?:platform\s+|workfair\s+|site\s+|service\s+|upwork\s+|\d+\s?%\s+)?(?:fees?|commission|cut|service charges?)"
    r"|without\s+(?:the\s+)?(?:platform|workfair|site|service)\s+(?:fees?|commission)"
    r"|pay\s+(?:you|me|u)\s+(?:directly|outside|off[\s\-]?platform|privately|in cash|personally|off the site)"
    r"|(?:pay|send|transfer|wire)\s+(?:you|me|u|it|the money|the payment|payment|the funds|funds|half|the rest|"
    r"the balance|upfront|directly|(?:\$|usd\s?)?\d+\s?%?(?:\s?(?:usd|dollars|eur|euros))?)"
    r"(?:\s+\w+){0,3}?\s+(?:via|through|thru|on|by|with|using|over|into|to)\s+(?:my\s+|your\s+|a\s+)?"
    + _PAY_TARGETS
    + r"|(?:accept|take|prefer|want)\s+(?:payment|payments|pay)\s+(?:via|through|on|by|with|in|over)\s+"
    + _PAY_TARGETS
    + r"|(?:payment|pay)\s+(?:outside|off)\s+(?:of\s+)?(?:the\s+|this\s+)?(?:platform|site|workfair|app)"
    r")",
    re.I,
)


_PAY_OUTSIDE_FAST = Caseless(_PAY_OUTSIDE)
# Words every `_PAY_OUTSIDE` match holds whole (see `services.may_match`), per branch: its first word
# (after the leading `\b`, then `\s+`; "cut out" and "get around" as written), with what is avoided
# (as written: nothing ends it, "no fee" matches in "no feedback"); for "without the platform fees"
# the place (between `\s+`s); for "pay/send ... via <target>" the preposition (between `\s+`s) and
# for "accept payment via", "pay you directly" and "payment outside" the words after the verb
# (between `\s+`s).
_AVOIDED = literals("fee", "commission", "cut", "service charge")
_PAY_OUTSIDE_NEEDS = WordNeeds(
    (words("avoid skip save bypass dodge escape no"), _AVOIDED),
    (words("cut get"), literals("cut out", "get around"), _AVOIDED),
    (words("without"), words("platform workfair site service"), literals("fee", "commission")),
    (words("pay"), words("you me u")),
    (words("pay send transfer wire"), words("via through thru on by with using over into to")),
    (words("accept take prefer want"), words("payment payments pay"), words("via through on by with in over")),
    (words("payment pay"), words("outside off")),
)


class PaymentServiceDetector:
    name = "payment_service"
    categories = ("payment",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        clean = norm.clean
        lower = clean_lower(norm)
        needs = _PAY_SERVICE_NEEDS if "@" in clean or ":" in clean or "$" in clean else _LONG_PAY_SERVICE_NEEDS
        for m in _PAY_SERVICE_FAST.finditer(clean, lower) if may_match(norm, needs) else ():
            alias = clean[m.start("svc") : m.end("svc")]  # the match's own text is lower-cased
            h = _PAY_HANDLE_AFTER.match(clean, m.end())
            if not h:
                continue
            glue = h.group("glue").lower()
            handle = h.group("handle").rstrip(".-")
            hl = handle.lower()
            if hl.lstrip("@$") in _NOT_PAY_HANDLE or len(hl.lstrip("@$")) < 3:
                continue
            marked = bool(
                re.search(r"[:=]|\bis\b|\bid\b|\bhandle\b|\busername\b|\bemail\b|\btag\b|\bname\b|\bacc", glue)
            )
            styled = handle[0] in "@$" or "@" in handle or bool(re.search(r"[\d_.]", handle))
            if alias.lower() in PAYMENT_SHORT_ALIASES and not (":" in glue or handle[0] in "@$" or "@" in handle):
                continue
            if not (marked or styled):
                continue
            service = service_of(alias, PAYMENT_SERVICES)
            j = h.start("handle") + len(handle)
            out.append(
                finding_from_layer(
                    norm,
                    "clean",
                    m.start(),
                    j,
                    category="payment",
                    kind=service,
                    score=0.93 if marked and styled else 0.88,
                    value=f"{service}:{hl.lstrip('@$')}",
                    evidence=f"{service} account",
                    detector=self.name,
                )
            )
        for m in _CASHTAG.finditer(clean) if "$" in clean else ():
            window = clean[max(0, m.start() - 40) : m.end() + 30]
            if _CASHAPP_CONTEXT.search(window):
                out.append(
                    finding_from_layer(
                        norm,
                        "clean",
                        m.start(),
                        m.end(),
                        category="payment",
                        kind="cashapp",
                        score=0.93,
                        value=f"cashapp:{m.group()[1:].lower()}",
                        evidence="Cash App $cashtag",
                        detector=self.name,
                    )
                )
        for m in _PAY_OUTSIDE_FAST.finditer(clean, lower) if may_match(norm, _PAY_OUTSIDE_NEEDS) else ():
            out.append(
                finding_from_layer(
                    norm,
                    "clean",
                    m.start(),
                    m.end(),
                    category="payment",
                    kind="pay_outside",
                    score=0.88,
                    value="",
                    evidence="offer to pay outside the platform",
                    detector=self.name,
                )
            )
        return out


for _detector in (IbanDetector(), CardDetector(), BankAccountDetector(), CryptoDetector(), PaymentServiceDetector()):
    register_detector(_detector)
