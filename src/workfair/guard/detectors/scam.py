"""Scam patterns that hurt freelancers.

- moving to a messenger (Telegram, WhatsApp, Signal, ...) together with a payment request;
- fake cheques and "buy the equipment from our vendor" (overpayment / refund-the-difference);
- fees to apply, to start, or to get paid; gift cards; paying in crypto;
- asking for bank logins, one-time codes, or photos of ID documents.

Each pattern is a finding of category "scam", kind "scam_pattern", with the pattern in `evidence`.
"""

from __future__ import annotations

import re

from workfair.guard.detectors import Caseless, clean_lower, finding_from_layer, register_detector
from workfair.guard.detectors.services import WordNeeds, literals, may_match
from workfair.guard.findings import Finding, ScreenContext
from workfair.guard.normalize import NormalizedText
from workfair.guard.tlds import words

_MESSENGER = re.compile(
    r"\b(?:telegram|whats\s?app|signal|wechat|google hangouts|hangouts|google chat|wickr|"
    r"threema|kik|viber)\b",
    re.I,
)
_PAY_REQUEST = re.compile(
    r"\b(?:send (?:me )?(?:the )?(?:money|payment|funds|deposit)|pay (?:a|the) (?:deposit|fee)|deposit|"
    r"(?:processing|registration|application|training|onboarding|activation|verification|security) fee|"
    r"gift ?cards?|bitcoin|btc|usdt|crypto|(?:cash|deposit) (?:the|a|this) (?:cheque|check)|wire (?:the )?money|"
    r"bank details|account details|payment details|upfront payment|pay upfront|advance payment)\b",
    re.I,
)
_PATTERNS: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    ("cheque_equipment", 0.92, re.compile(
        r"\b(?:(?:send|mail|deposit|cash|receive)\s+(?:you\s+)?(?:a\s+|the\s+|this\s+)?(?:cheque|check|money order)\b"
        r"(?:.{0,120}?)\b(?:equipment|vendor|supplier|laptop|software|supplies|office|setup|macbook)"
        r"|(?:buy|purchase|order|get)\s+(?:the\s+|your\s+|some\s+)?(?:equipment|laptop|software|supplies|macbook|"
        r"devices?)\s+(?:from|through|via)\s+(?:our|my|the|a)\s+(?:approved\s+|certified\s+|preferred\s+)?"
        r"(?:vendor|supplier|partner|store)"
        r"|refund (?:the|me the) (?:difference|balance|excess|overpayment)|overpa(?:id|yment))\b",
        re.I | re.S)),
    ("fee_to_work", 0.9, re.compile(
        r"\b(?:(?:registration|application|training|onboarding|activation|verification|starter kit|membership|"
        r"processing|release|clearance|unlock(?:ing)?)\s+fee"
        r"|pay\s+(?:a|the|an|small)?\s*(?:small\s+|one[- ]time\s+|refundable\s+)?(?:fee|deposit)\s+(?:to|before|for)\s+"
        r"(?:apply|start|begin|get paid|receive|release|unlock|withdraw|join|be hired|get the job)"
        r"|(?:to|before you can)\s+(?:receive|release|withdraw|unlock)\s+(?:your\s+)?(?:payment|funds|earnings|money),?"
        r"\s+(?:you\s+)?(?:must|need to|have to)\s+pay)\b",
        re.I)),
    ("gift_cards", 0.9, re.compile(r"\b(?:buy|purchase|send|get)\s+(?:me\s+)?(?:some\s+|a few\s+|\d+\s+)?"
                                   r"(?:itunes|apple|google play|steam|amazon|ebay|visa)?\s?gift ?cards?\b", re.I)),
    ("crypto_payment", 0.8, re.compile(
        r"\b(?:pay|paid|payment|send|deposit|transfer|salary|invest)\b.{0,40}?\b(?:in|via|with|using|through|to)\s+"
        r"(?:bitcoin|btc|usdt|tether|crypto(?:currency)?|ethereum|eth|binance|trust wallet|my wallet)\b", re.I)),
    ("bank_login", 0.95, re.compile(
        r"\b(?:send|give|share|provide|tell|need|want)\s+(?:me\s+|us\s+)?(?:your\s+|the\s+)?(?:"
        r"(?:online\s+|internet\s+|mobile\s+)?bank(?:ing)?\s+(?:app\s+)?(?:login|log-in|password|credentials|"
        r"username and password|pin|details and password)"
        r"|otp|one[- ]time (?:code|password)|verification code|2fa code|sms code|security code|ssn|"
        r"social security number|card pin)\b", re.I)),
    ("id_photo", 0.93, re.compile(
        r"\b(?:send|upload|share|provide|email|whatsapp|text)\s+(?:me\s+|us\s+)?(?:a\s+|the\s+)?(?:clear\s+)?"
        r"(?:photo|picture|pic|scan|copy|image|selfie)s?\s+(?:of\s+)?(?:your\s+|you holding\s+(?:your\s+)?)?"
        r"(?:id|id card|passport|driver'?s licen[cs]e|drivers licen[cs]e|ssn|social security card|national id|"
        r"bank card|credit card|debit card)\b", re.I)),
)  # fmt: skip
# Words each pattern's every match holds whole (as a `\w+` run: between `\b`, `\s`, "-" or the match's
# edges), one from each set of one alternative, or a set's `Literal` piece anywhere: a pattern runs
# only on a text that has them (`services.may_match`; most texts have none, and set look-ups are far
# cheaper than a scan).
#   cheque_equipment, per branch: "cheque"/"check"/"money" (after `\s+`, then `\b` or " order") and the
#     verb before it; the vendor word (after `\s+`, before the final `\b`), the equipment word (between
#     `\s+`s) and the verb; "refund" and what is refunded; "overpaid"/"overpayment";
#   fee_to_work, per branch: "fee" (after `\s+`, before the final `\b`) and the word before it; "pay"
#     (then `\s+`), "fee"/"deposit" (as written: "pay afee" matches) and the last word (before the
#     final `\b`); the verb after "to", what is released, "pay" and the verb of "must pay";
#   gift_cards: the first word (then `\s+`) and "gift" (as written);
#   crypto_payment: the currency (after `\s+`, before `\b`) and the first word (between `\b`s);
#   bank_login, per kind of secret: its words ("bank login", "otp", "one"-"time" "code", "verification"
#     "code", "card" "pin", ...: after `\s+`, then `\s+`, "-" or `\b`) and the verb;
#   id_photo: the noun (after `\s+`, then "s?" and `\s+`) and the verb.
_ASK = words("send give share provide tell need want")
_NEEDS = {
    "cheque_equipment": WordNeeds(
        (words("cheque check money"), words("send mail deposit cash receive")),
        (
            words("vendor supplier partner store"),
            words("equipment laptop software supplies macbook device devices"),
            words("buy purchase order get"),
        ),
        (words("refund"), words("difference balance excess overpayment")),
        (words("overpaid overpayment"),),
    ),
    "fee_to_work": WordNeeds(
        (
            words("fee"),
            words(
                "registration application training onboarding activation verification kit membership "
                "processing release clearance unlock unlocking"
            ),
        ),
        (
            words("apply start begin paid receive release unlock withdraw join hired job"),
            words("pay"),
            literals("fee", "deposit"),
        ),
        (
            words("receive release withdraw unlock"),
            words("payment funds earnings money"),
            words("pay"),
            words("must need have"),
        ),
    ),
    "gift_cards": WordNeeds((words("buy purchase send get"), literals("gift"))),
    "crypto_payment": WordNeeds(
        (
            words("bitcoin btc usdt tether crypto cryptocurrency ethereum eth binance trust my"),
            words("pay paid payment send deposit transfer salary invest"),
        )
    ),
    "bank_login": WordNeeds(
        (words("bank banking"), words("login log password credentials username pin details"), _ASK),
        (words("otp ssn"), _ASK),
        (words("time"), words("one"), words("code password"), _ASK),
        (words("code"), words("verification 2fa sms security"), _ASK),
        (words("social"), words("security"), words("number"), _ASK),
        (words("pin"), words("card"), _ASK),
    ),
    "id_photo": WordNeeds(
        (
            words("photo photos picture pictures pic pics scan scans copy copys image images selfie selfies"),
            words("send upload share provide email whatsapp text"),
        )
    ),
}
_ANY_NEEDS = WordNeeds(*(sets for needs in _NEEDS.values() for sets in needs.alternatives))
_PATTERNS_FAST = tuple((evidence, score, Caseless(pattern), _NEEDS[evidence]) for evidence, score, pattern in _PATTERNS)
_MESSENGER_FAST, _PAY_REQUEST_FAST = Caseless(_MESSENGER), Caseless(_PAY_REQUEST)
# a `_MESSENGER` match is one of these words, or "whats app" or "google chat" (with "app"/"chat" whole)
_MESSENGER_NEEDS = WordNeeds(
    (words("telegram whatsapp signal wechat hangouts wickr threema kik viber"),),
    (words("app"), words("whats")),
    (words("chat"), words("google")),
)


class ScamDetector:
    name = "scam"
    categories = ("scam",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        clean = norm.clean
        lower = clean_lower(norm)
        for evidence, score, pattern, needs in _PATTERNS_FAST if may_match(norm, _ANY_NEEDS) else ():
            if not may_match(norm, needs):
                continue
            for m in pattern.finditer(clean, lower):
                out.append(
                    finding_from_layer(
                        norm,
                        "clean",
                        m.start(),
                        m.end(),
                        category="scam",
                        kind="scam_pattern",
                        score=score,
                        evidence=evidence,
                        detector=self.name,
                    )
                )
        messenger = _MESSENGER_FAST.search(clean, lower) if may_match(norm, _MESSENGER_NEEDS) else None
        if messenger:
            pay = _PAY_REQUEST_FAST.search(clean, lower)
            if pay:
                out.append(
                    finding_from_layer(
                        norm,
                        "clean",
                        messenger.start(),
                        messenger.end(),
                        category="scam",
                        kind="scam_pattern",
                        score=0.9,
                        evidence="messenger_plus_payment",
                        detector=self.name,
                    )
                )
                out.append(
                    finding_from_layer(
                        norm,
                        "clean",
                        pay.start(),
                        pay.end(),
                        category="scam",
                        kind="scam_pattern",
                        score=0.9,
                        evidence="messenger_plus_payment",
                        detector=self.name,
                    )
                )
        return out


register_detector(ScamDetector())
