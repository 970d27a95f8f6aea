# ruff: noqa: RUF001 - full-width and mathematical letters are input under test
"""screen_text: spans in original offsets, masking hides every acted-on finding, conversation memory,
input caps and failing closed."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workfair.guard import screening
from workfair.guard.decisions import evaluate, screen_text
from workfair.guard.masking import PLACEHOLDERS, is_phrase, mask
from workfair.guard.rules import DEFAULT_RULES, SignalFacts, default_policy, validate_rules
from workfair.guard.screening import MAX_CHARS
from workfair.guard.vocabulary import OUTCOME_RANK

DETAILS = [
    "415-555-0132",
    "five five five 0 one 2 3 4 5 6 7",
    "jane dot smith at gmail dot com",
    "jane@example.com",
    "telegram @jdoe_42",
    "https://calendly.com/jane/30min",
    "GB82 WEST 1234 5698 7654 32",
    "4111 1111 1111 1111",
    "paypal.me/janedoe",
    "5️⃣5️⃣5️⃣0️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣",
    "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    "let's continue on WhatsApp",
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
]
FILLER = [
    "hi there",
    "the budget is $500",
    "I'm free 0900-1200 eastern",
    "Order #4815162342",
    "I built a WhatsApp bot",
    "see you at 3pm",
    "version 2.1.0",
    "",
    " ",
    "\n",
    "ok!",
]


def test_a_phone_number_spelled_out_is_masked_before_a_contract():
    res = screen_text("call me on five five five 0 one 2 3 4 5 6 7")
    assert res.decision == "mask"
    assert res.masked_text == "call me on [contact details hidden]"
    (finding,) = res.findings
    assert (finding.category, finding.kind, finding.start, finding.end) == ("contact", "phone", 11, 43)
    assert finding.text == "five five five 0 one 2 3 4 5 6 7"


def test_findings_report_original_offsets_for_multi_codepoint_digits():
    text = "ok 5️⃣5️⃣5️⃣0️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣ bye"
    res = screen_text(text)
    (f,) = [f for f in res.findings if f.kind == "phone"]
    assert text[f.start : f.end] == f.text
    assert res.masked_text == "ok [contact details hidden] bye"


def test_a_clean_message_is_allowed_unchanged():
    text = "I'm free 0900-1200 eastern; Order #4815162342; I built a WhatsApp bot for a client."
    res = screen_text(text)
    assert (res.decision, res.findings, res.masked_text) == ("allow", (), text)


def test_a_number_split_over_two_messages_is_found_in_the_second():
    first = "my number is 555"
    res = screen_text("0123 4567", history=[first])
    (f,) = res.findings
    assert (f.kind, f.start, f.end, f.text) == ("phone", 0, 9, "0123 4567")
    assert "split over messages" in f.evidence
    assert res.masked_text == "[contact details hidden]"
    assert screen_text("0123 4567").decision == "allow"


def test_an_email_split_over_messages_is_found():
    res = screen_text("at gmail dot com", history=["hi", "my email is jane.smith"])
    assert res.decision == "mask"
    assert res.masked_text == "[contact details hidden]"


def test_only_the_recent_history_is_used():
    history = ["my number is 555", *["ok, noted" for _ in range(screening.HISTORY_MESSAGES)]]
    assert screen_text("0123 4567", history=history).decision == "allow"


def test_history_findings_that_end_before_the_message_are_not_reported_again():
    res = screen_text("thanks!", history=["call 415-555-0132"])
    assert res.findings == ()


def test_texts_over_the_cap_are_screened_on_the_cap_and_flagged():
    text = "a" * (MAX_CHARS - 20) + " jane@example.com " + "b" * 5000
    res = screen_text(text)
    assert res.truncated
    assert "screened the first 20000" in res.notes[0]
    assert res.decision == "mask"
    assert "jane@example.com" not in res.masked_text
    assert "b" * 100 not in res.masked_text
    assert res.masked_text.endswith(screening.TRUNCATION_MARK)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00\x01\x02", "a\ud800b", "\ufffd" * 50, "\u202e\u200b" * 100, "𝕏" * 1000, "🙂" * 3000],
)
def test_odd_input_never_crashes(text):
    res = screen_text(text)
    assert res.decision in ("allow", "mask", "hold", "block")
    assert len(res.masked_text) >= 0


def test_bytes_are_decoded_and_screened():
    res = screen_text(b"mail me: jane@example.com \xff\xfe")
    assert res.decision == "mask"


def test_a_non_text_is_held_with_a_note():
    res = screen_text(12345)
    assert res.decision == "hold"
    assert res.masked_text == ""
    assert "text must be a string" in res.notes[0]


def test_an_internal_error_fails_closed(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("detector exploded")

    monkeypatch.setattr(screening, "detect_all", boom)
    res = screen_text("call me on 415-555-0132")
    assert res.decision == "hold"
    assert res.masked_text == ""
    assert res.findings == ()
    assert "screening failed" in res.notes[0]


def test_an_unknown_surface_is_held_not_passed():
    assert screen_text("hello", surface="billboard").decision == "hold"


def test_the_shipped_rules_are_valid_and_a_broken_one_is_explained():
    assert validate_rules(DEFAULT_RULES) == []
    problems = validate_rules([{"key": "x1", "title": "t", "mode": "on", "outcome": "explode", "reason": "r", "c": 1}])
    assert any(p.endswith("mode: must be one of off, shadow, enforce") for p in problems)
    assert any("outcome: must be one of" in p for p in problems)
    assert any("unknown keys" in p for p in problems)


def test_the_most_severe_action_wins():
    res = screen_text("I will find you. my number is 415-555-0132")
    assert res.decision == "block"
    assert "[contact details hidden]" in res.masked_text
    assert "[abusive content hidden]" in res.masked_text


def test_overlapping_spans_are_masked_once():
    from workfair.guard.findings import Finding

    fs = [Finding("contact", "email", 2, 10, 0.9, ""), Finding("payment", "paypal", 0, 6, 0.9, "")]
    assert mask("0123456789xyz", fs) == PLACEHOLDERS["payment"] + "xyz"


def test_policy_reports_the_rules_that_matched():
    # the engine's rules: an offer to pay outside is held for a person, its details masked
    res = screen_text("pay me via paypal to skip the fees", contract_active=True)
    assert res.decision == "hold"
    assert res.rules == ("pay-outside-offer", "payment-details")
    assert _hidden("pay me via paypal to skip the fees", contract_active=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(DETAILS), st.sampled_from(FILLER), st.text(max_size=30)), max_size=6))
# Found by Hypothesis: "1/4A" (from "¼A") glued the whole digit run to letters and hid the phone in it.
@example(["415-555-0132", "4111 1111 1111 1111", "¼A"])
# Found by Hypothesis: the placeholder's own word "contact" made the next number a phone number.
@example(["415-555-0132", "0000000"])
# Found by Hypothesis: a run glued on its left to "$500" was skipped whole, phone number and all.
@example(["the budget is $500", "4111 1111 1111 1111", "415-555-0132"])
def test_masking_never_leaves_a_detected_span_visible(parts):
    text = " ".join(parts)
    res = screen_text(text)
    # the details, not the phrases: an invitation ("let's continue on WhatsApp") stays readable
    acted = [f for f in res.findings if f.category in ("contact", "payment") and not is_phrase(f)]
    # rebuild what masking must produce: every acted span replaced, everything else kept
    assert res.masked_text == mask(text, [f for f in res.findings if f in set(_hidden(text))])
    for f in acted:
        assert text[f.start : f.end] == f.text
    visible = _visible_pieces(text, _hidden(text))
    for f in acted:
        covered = range(f.start, f.end)
        assert not any(a <= i < b for i in covered for a, b in visible)
    # and what is left does not screen as contact or payment details again
    again = screen_text(res.masked_text)
    assert [f for f in again.findings if f.category in ("contact", "payment") and not is_phrase(f)] == []


def _hidden(text, *, contract_active=False):
    """The findings the shipped rules hide in a message: those of every rule that masks or more."""
    facts = SignalFacts("message.sent", "message", text, {"contract_active": contract_active})
    verdict = evaluate(facts, default_policy())
    return [f for h in verdict.hits if h.rule.rank >= OUTCOME_RANK["mask"] for f in h.findings if not is_phrase(f)]


def _visible_pieces(text, hidden):
    spans = sorted((f.start, f.end) for f in hidden)
    pieces, pos = [], 0
    for a, b in spans:
        if a > pos:
            pieces.append((pos, a))
        pos = max(pos, b)
    pieces.append((pos, len(text)))
    return pieces


def test_phone_numbers_side_by_side_are_not_read_as_one_card_number():
    # found by the masking property: three phone numbers in a row once became a "card" spanning two
    # of them, so masking left the others half visible
    text = "the budget is $500 415-555-0132 415-555-0132 415-555-0132"
    assert not [f for f in screen_text(text).findings if f.kind == "card"]
    assert [f.kind for f in screen_text("card 4111-1111-1111-1111 exp 12/29").findings if f.kind == "card"] == ["card"]
