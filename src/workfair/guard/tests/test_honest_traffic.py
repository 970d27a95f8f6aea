# ruff: noqa: RUF001 - the examples are written as people write them (Cyrillic, full-width punctuation, dotless i)
"""Honest traffic is delivered as written: ordinary hiring talk in every language, counted lists and
spelled-out letters that look like the two tricks a new user hit, and the honest near-misses
(product codes, labelled order numbers, repository addresses, warnings about scams). An earlier
learned layer scored "Hello Tomas, are you free for a short interview on Monday?" as a scam: none of
this may be flagged. Every example here was written for these tests."""

from __future__ import annotations

import pytest

from workfair.guard.decisions import screen_text

HIRING = [
    "Hello Tomas, are you free for a short interview on Monday?",
    "Can we have a call on the platform tomorrow?",
    "I sent the offer, please accept it",
    "Hi Ana, could we do a quick video interview here on Workfair on Thursday at 3pm?",
    "Thanks for applying! I'd like to interview you, please pick a time slot.",
    "I'll fund the first milestone today through the platform",
    "Please send the invoice through Workfair when the milestone is done",
    "Hola Tomás, ¿estás libre para una entrevista corta el lunes?",
    "Olá, podemos fazer uma chamada aqui na plataforma amanhã?",
    "Bonjour, je vous ai envoyé l'offre, merci de l'accepter",
    "Hallo, haben Sie Montag Zeit für ein kurzes Gespräch hier auf der Plattform?",
    "Ciao, sei libero per un breve colloquio lunedì?",
    "Привет, я отправил предложение, примите его пожалуйста",
    "مرحبا، هل أنت متاح لمقابلة قصيرة يوم الاثنين؟",
    "你好，周一有空做个简短的面试吗？",
    "Namaste, kya aap Monday ko short interview ke liye free hain?",
    "Kumusta, pwede ba tayong mag-usap dito sa platform bukas?",
    "Merhaba, pazartesi kısa bir görüşme için müsait misiniz?",
    "Halo, bisa kita interview singkat hari Senin?",
    "Cześć, czy masz czas na krótką rozmowę w poniedziałek?",
]


@pytest.mark.parametrize("text", HIRING)
def test_ordinary_hiring_messages_are_delivered(text):
    res = screen_text(text)
    assert res.decision == "allow", (text, res.findings)
    assert res.findings == ()


NEAR_MISSES = [
    # number words that are no phone number
    "I have three, four or five ideas",
    "We need 2 or 3 designers, one, two or three weeks of work",
    "Steps: one, two, three, four, five, six, seven",
    "the plan has three, four, five stages and two, three reviewers",
    # single letters that are no spelled address
    "a b c testing",
    "A B C D E F G grades",
    "option a b c or d",
    # product codes, labelled numbers, timestamps, repositories
    "UPC 036000291452",
    "EAN 5901234123457 on the box",
    "ISBN 0-306-40615-2",
    "ISSN 2049-3630 journal",
    "Invoice INV-2024-0042 is paid",
    "Serial number SN 8837261540 on the back",
    "The build timestamp is 1712345678",
    "order ٤٨١٥١٦٢٣٤٢ has shipped",
    "facture n° 0612345678 payée",
    "Rechnung Nr. 0176123456 bezahlt",
    "pedido 0549912345 enviado",
    "numer zamówienia 501234567 wysłane",
    "git clone git@gitlab.com:team/app.git",
    # the platform itself, and warnings about scams
    "message me here on the platform, I reply within the hour",
    "I was scammed before: a client overpaid me and asked me to refund the difference. Please pay only via milestones.",
    "Warning from experience: someone asked me to buy crypto to verify my wallet. That's a scam.",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_honest_near_misses_are_delivered(text):
    res = screen_text(text)
    assert res.decision == "allow", (text, res.findings)


def test_a_number_counted_down_is_still_read():
    # a count up is a list; a number dictated downwards is a number people give
    assert screen_text("my number: nine eight seven, six five four, three two one zero").decision == "mask"


# A language's word for "number" before an honest count or id: no phone number. (The phone words
# of the language files are call verbs and words for a phone, not "número" / "номер" / "رقم".)
NUMBERS_IN_WORK_TALK = [
    "el número de visitas fue 12345678 este mes",
    "o número de usuários chegou a 1500000 ontem",
    "numero di serie del prodotto 123456789",
    "номер версии 1234567 в логах",
    "количество строк: номер 45678901",
    "numara: 12345678 (müşteri kodu)",
    "رقم المشروع 20241234 في النظام",
    "नंबर 12345678 वाला प्रोजेक्ट",
    "号码牌 12345678",
    "llamar a la función 12345678 veces",
    "numéro de dossier 12345678, merci",
    "Kundennummer 12345678",
    "mobil: version 2.3.4 build 1234567",
]


@pytest.mark.parametrize("text", NUMBERS_IN_WORK_TALK)
def test_a_word_for_number_before_a_count_or_id_is_no_phone_context(text):
    res = screen_text(text)
    assert res.decision == "allow", (text, res.findings)
