# ruff: noqa: RUF001 - examples are written as people write them
"""The multilingual template set: hidden details and honest near-misses in the guard's languages.

Written beside the detectors (like `obfuscation.py`), so a perfect score says every template is
handled, not that real traffic is: the blind sets (`blind.py`) say that. Fixed seed.

Positive kinds per language: a phone number dictated in that language's number words, grouped with
commas or mixed with digits (`phone_words`); an e-mail with the language's "at"/"dot" words
(`email_words`) or spelled letter by letter (`email_spaced`); a pay-outside offer (`pay_outside`).
Benign kinds: a labelled order number, a barcode, a price and a date in that language.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from workfair.guard.detectors.lexicon import language_files

SEED = 20261207

# per language: (phone lead-in, e-mail lead-in, pay-outside offers, order label, price sentence)
TEMPLATES: dict[str, tuple[str, str, tuple[str, ...], str, str]] = {
    "en": ("call me on", "mail me at", ("let's settle outside the platform, no fees for either of us",
           "I'll send a payment request so neither of us pays the fees"), "Order no.", "The price is 450 dollars"),
    "es": ("mi número es", "escríbeme a", ("te pago directo y nos ahorramos la comisión",
           "mejor pago por fuera de la plataforma"), "Pedido nº", "El precio es 450 euros"),
    "pt": ("meu número é", "me manda e-mail em", ("faz um pix direto pra mim, sem a taxa",
           "pagamento por fora da plataforma fica mais barato"), "Pedido nº", "O preço é 450 reais"),
    "fr": ("mon numéro est", "écris-moi à", ("je vous paie directement, sans commission",
           "on peut faire un virement direct hors plateforme"), "Commande n°", "Le prix est de 450 euros"),
    "de": ("meine Nummer ist", "schreib an", ("lass uns außerhalb der Plattform abrechnen",
           "ohne Gebühren, ich überweise direkt"), "Bestellnummer", "Der Preis beträgt 450 Euro"),
    "it": ("il mio numero è", "scrivimi a", ("ti pago direttamente, senza commissioni",
           "meglio fuori dalla piattaforma"), "Ordine n.", "Il prezzo è 450 euro"),
    "ru": ("мой номер", "пиши на", ("давайте оплату напрямую, без комиссии",
           "оплачу вне платформы на карту"), "Заказ №", "Цена 450 рублей"),
    "pl": ("mój numer to", "pisz na", ("zapłacę bezpośrednio, bez prowizji",
           "rozliczmy się poza platformą"), "Zamówienie nr", "Cena to 450 zł"),
    "tr": ("numaram", "bana yaz", ("komisyonsuz olsun, doğrudan öderim",
           "platform dışında havale ile öderim"), "Sipariş no", "Fiyat 450 lira"),
    "id": ("nomor saya", "email saya", ("bayar langsung saja, tanpa potongan",
           "transfer langsung ke rekening, di luar platform"), "Nomor pesanan", "Harganya 450 ribu"),
    "tl": ("number ko", "email ko", ("gcash na lang para walang fee",
           "sa labas ng platform na lang tayo magbayaran"), "Order no", "Ang presyo ay 450 piso"),
    "hi": ("mera number", "mail karo", ("platform ke bahar payment kar do, commission bachane ke liye",
           "seedha payment kar do, bina fees"), "Order no", "Price 450 rupaye hai"),
    "ar": ("رقمي", "راسلني على", ("الدفع مباشرة بدون عمولة", "خلينا نتعامل خارج المنصة"), "رقم الطلب",
           "السعر 450 ريال"),
    "ur": ("میرا نمبر", "ای میل", ("پلیٹ فارم سے باہر ادائیگی کریں", "فیس بچانے کے لیے سیدھا بھیج دیں"),
           "آرڈر نمبر", "قیمت 450 روپے"),
    "zh": ("我的电话", "邮箱", ("私下交易，免手续费", "不走平台，直接转账"), "订单号", "价格是450元"),
}  # fmt: skip
NAMES = ("ana.silva", "mike.r", "olga77", "ravi.k", "li.wei", "jean_dupont", "k.nowak", "ahmet.y")
PROVIDERS = ("gmail", "yahoo", "outlook", "mail")
TLDS = ("com", "net", "org", "de", "fr", "ru", "pl", "it")
EANS = ("4006381333931", "5901234123457", "036000291452", "9780306406157", "4012345678901")


@dataclass(frozen=True)
class Case:
    lang: str
    kind: str
    text: str
    positive: bool


def _digit_words(data: dict) -> dict[int, list[str]]:
    table: dict[int, list[str]] = {}
    for word, value in data.get("numbers", {}).items():
        table.setdefault(int(value), []).append(word)
    return table


def build() -> list[Case]:
    rnd = random.Random(SEED)
    files = dict(language_files())
    cases: list[Case] = []
    for lang, (phone_in, mail_in, offers, label, price) in TEMPLATES.items():
        data = files[lang]
        words = _digit_words(data)
        at = [w for w in data.get("at", ()) if w.isalpha() or " " in w] or ["at"]
        dot = [w for w in data.get("dot", ()) if w.isalpha()] or ["dot"]
        for k in range(6):
            digits = [rnd.randrange(10) for _ in range(10)]
            spoken = []
            for pos, d in enumerate(digits):
                if d in words and (k % 3 != 2 or pos % 2 == 0):  # k % 3 == 2: words mixed with digits
                    spoken.append(rnd.choice(words[d]))
                else:
                    spoken.append(str(d))
            groups = [" ".join(spoken[:3]), " ".join(spoken[3:6]), " ".join(spoken[6:])]
            sep = ", " if k % 2 else " "
            cases.append(Case(lang, "phone_words", f"{phone_in} {sep.join(groups)}", True))
            name, prov, tld = rnd.choice(NAMES), rnd.choice(PROVIDERS), rnd.choice(TLDS)
            local = name.replace(".", f" {rnd.choice(dot)} ")
            cases.append(Case(lang, "email_words",
                              f"{mail_in} {local} {rnd.choice(at)} {prov} {rnd.choice(dot)} {tld}", True))  # fmt: skip
            spaced = " ".join(f"{name}@{prov}.{tld}")
            cases.append(Case(lang, "email_spaced", f"{mail_in} {spaced}", True))
            cases.append(Case(lang, "pay_outside", offers[k % len(offers)], True))
            cases.append(Case(lang, "order_number", f"{label} {rnd.randrange(10**8, 10**11)}", False))
            cases.append(Case(lang, "barcode", f"EAN {rnd.choice(EANS)}", False))
            cases.append(Case(lang, "price", f"{price}, {rnd.randrange(2, 9)} {rnd.choice(('días', 'days', 'Tage'))}",
                              False))  # fmt: skip
    return cases
