"""Abuse (model + rules), scam patterns and spam, and the decisions they lead to."""

import pytest

from workfair.guard.decisions import screen_text
from workfair.guard.detectors.abuse import abuse_score
from workfair.guard.detectors.textmodel import LinearTextModel, features, model_text


def by_category(text, category, **kw):
    return [f for f in screen_text(text, **kw).findings if f.category == category]


@pytest.mark.parametrize(
    "text",
    [
        "I will find you",
        "you'll regret this",
        "I know where you live",
        "watch your back",
        "you're dead",
        "kill yourself",
    ],
)
def test_threats_are_blocked(text):
    res = screen_text(text)
    assert "threat" in [f.kind for f in res.findings]
    assert res.decision == "block"


@pytest.mark.parametrize("text", ["you are an idiot", "you're such a useless moron", "shut up", "fuck off"])
def test_insults_and_harassment_are_held(text):
    res = screen_text(text)
    assert by_category(text, "abuse")
    assert res.decision in ("hold", "block")


def test_obfuscated_slurs_are_found_through_leetspeak_and_spacing():
    # the lexicon is hashed; these forms must all normalise to one of its entries
    for text in ("you f4gg0t", "f a g g o t", "r3t4rd"):
        kinds = [f.kind for f in by_category(text, "abuse")]
        assert "hate" in kinds, text


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for the quick turnaround, the designs look great!",
        "Could you add a dark mode toggle to the settings page?",
        "I'm sorry for the delay, my internet was down yesterday.",
        "The client killed the feature, so we can drop that milestone.",
        "This bug is killing me, but I'll find the root cause today.",
        "Happy to jump on a call inside Workfair tomorrow at 10.",
        "I disagree with the estimate; the API work needs two more days.",
    ],
)
def test_ordinary_work_messages_are_allowed(text):
    res = screen_text(text)
    assert res.decision == "allow", res.findings


def test_the_abuse_model_ranks_abuse_above_work_talk():
    assert abuse_score("shut up you stupid bitch") > 0.9
    assert abuse_score("Please review the pull request when you have time") < 0.5


def test_the_model_format_scores_without_scikit_learn():
    model = LinearTextModel(
        {"heads": ["x"], "bias": [0.0], "sublinear_tf": True, "features": {"w:bad": [1.0, 5.0], "w:good": [1.0, -5.0]}}
    )
    assert model.scores("bad bad")["x"] > 0.9
    assert model.scores("good")["x"] < 0.1
    assert model.scores("")["x"] == 0.5


def test_model_text_undoes_leetspeak_spacing_and_repeats():
    assert model_text("Y0U 4r3 sooooo s t u p i d") == "you are soo stupid"
    assert "w:stupid" in features("s t u p i d")


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("We will send you a check to buy the equipment from our vendor", "cheque_equipment"),
        ("buy the laptop from our approved vendor and we reimburse you", "cheque_equipment"),
        ("please refund the difference to my account", "cheque_equipment"),
        ("there is a $50 registration fee before you start", "fee_to_work"),
        ("pay a small fee to get paid", "fee_to_work"),
        ("send me your online banking login so I can deposit", "bank_login"),
        ("tell me the verification code you just received", "bank_login"),
        ("send a photo of your passport and a selfie", "id_photo"),
        ("buy 5 itunes gift cards and send me the codes", "gift_cards"),
        ("your salary will be paid in bitcoin", "crypto_payment"),
        ("contact me on Telegram to send the deposit", "messenger_plus_payment"),
    ],
)
def test_scam_patterns_are_held_with_their_evidence(text, evidence):
    res = screen_text(text)
    assert evidence in [f.evidence for f in res.findings if f.category == "scam"]
    assert res.decision in ("hold", "block")


@pytest.mark.parametrize(
    "text",
    [
        "Send me the staging login when you can, I need to check the deploy",
        "I bought the equipment for the shoot myself",
        "The check failed in CI, fixing it now",
        "I built a Telegram bot that sends payment reminders",
    ],
)
def test_work_talk_near_scam_words_is_not_a_scam(text):
    assert by_category(text, "scam") == []


def test_link_farms_in_proposals_are_held():
    text = "Great job! " + " ".join(f"https://cheap-seo-{k}.xyz/offer" for k in range(6))
    res = screen_text(text, surface="proposal")
    assert "link_farm" in [f.kind for f in res.findings]
    assert res.decision == "hold"


def test_repeated_boilerplate_and_keyword_stuffing_are_spam():
    boiler = "I am the best expert for your project. " * 4
    assert "repeated_boilerplate" in [f.kind for f in by_category(boiler, "spam", surface="proposal")]
    stuffed = " ".join(["wordpress seo expert wordpress developer wordpress"] * 8) + " hire me today for wordpress"
    assert "keyword_stuffing" in [f.kind for f in by_category(stuffed, "spam", surface="profile")]


def test_an_ordinary_proposal_is_not_spam():
    text = (
        "Hi! I've built three Django marketplaces, including escrow and dispute flows. For your project I would "
        "start with the data model, then the API, then the UI. I can share code samples here on Workfair."
    )
    assert by_category(text, "spam", surface="proposal") == []
