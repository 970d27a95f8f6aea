# ruff: noqa: RUF001 - the examples are written as people write them (dotless i, full-width punctuation)
"""The language files (workfair/guard/data/languages): each kind found in each language, and the
honest near-misses left alone. Every example here was written for these tests."""

from __future__ import annotations

import json

import pytest

from workfair.guard.decisions import screen_text
from workfair.guard.detectors.lexicon import language_files, lexicon

# (language, text, category the decision must come from)
FLAGGED = [
    # the two misses a new user hit
    ("en", "ring me at six one seven, five five five, two two three four", "contact"),
    ("en", "m i k e . r @ y a h o o . c o m", "contact"),
    # numbers in words, mixed with digits, in groups
    ("es", "mi número es tres cuatro siete, ocho nueve cero, uno dos tres cuatro", "contact"),
    ("es", "llámame: sesenta y siete, cuarenta y cinco, 12 34 56", "contact"),
    ("pt", "meu zap é nove oito sete seis cinco quatro três dois um", "contact"),
    ("fr", "appelle-moi au zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit", "contact"),
    ("de", "ruf an: null eins sieben sechs, drei vier fünf sechs sieben acht", "contact"),
    ("it", "il mio numero: tre tre nove, uno due tre, quattro cinque sei sette", "contact"),
    ("ru", "мой номер восемь девять один шесть, два три четыре, пять шесть", "contact"),
    ("pl", "dzwoń: pięć zero jeden, dwa trzy cztery, pięć sześć siedem", "contact"),
    ("tr", "numaram sıfır beş üç iki, yedi sekiz dokuz, bir iki", "contact"),
    ("id", "nomor saya nol delapan satu dua, tiga empat lima, enam tujuh", "contact"),
    ("tl", "number ko: sero siyam isa pito, dalawa tatlo apat, lima anim", "contact"),
    ("hi", "mera number nau aath saat 6 5 4 teen do ek zero hai", "contact"),
    ("hi", "मेरा नंबर नौ आठ सात छह पांच चार तीन दो एक है", "contact"),
    ("ur", "میرا نمبر صفر تین ایک دو، چار پانچ چھ سات آٹھ نو", "contact"),
    ("ar", "رقمي خمسة خمسة خمسة واحد اثنين ثلاثة أربعة", "contact"),
    ("zh", "我的电话幺三八 零零一三 八零零零", "contact"),
    # local at/dot words and spaced e-mails
    ("es", "escríbeme: juan punto perez arroba gmail punto com", "contact"),
    ("pt", "manda para joana ponto silva arroba outlook ponto com", "contact"),
    ("fr", "mon mail: claire arobase orange point fr", "contact"),
    ("de", "schreib an max punkt muster ät web punkt de", "contact"),
    ("it", "scrivimi a luca chiocciola libero punto it", "contact"),
    ("pl", "pisz na ania małpa wp kropka pl", "contact"),
    ("ru", "пиши на ivan собака mail точка ru", "contact"),
    ("hi", "mail karo ravi at the rate gmail dot com", "contact"),
    # messengers in other scripts and by nickname
    ("ru", "напиши мне в телеграм @ivan_petrov", "contact"),
    ("ar", "كلمني على واتساب 00201001234567", "contact"),
    ("zh", "加我微信 wxid_abc123", "contact"),
    ("hi", "व्हाट्सएप पर मैसेज करें: +91 98765 43210", "contact"),
    ("en", "add me on the green app, same name as here", "contact"),
    ("pt", "me chama no zap: 11 98765-4321", "contact"),
    # pay outside without an account number
    ("en", "Let's skip the fee: I'll send a payment request so neither of us pays the fees", "payment"),
    ("es", "te pago directo por transferencia bancaria y nos ahorramos la comisión", "payment"),
    ("pt", "faz um pix direto pra mim, sem a taxa da plataforma", "payment"),
    ("fr", "je préfère vous payer directement, sans commission", "payment"),
    ("de", "lass uns außerhalb der Plattform abrechnen, ohne Gebühren", "payment"),
    ("ru", "давайте оплату напрямую на карту, без комиссии", "payment"),
    ("hi", "platform ke bahar payment kar do, commission bachane ke liye", "payment"),
    ("tr", "komisyonsuz olsun, platform dışında havale ile öderim", "payment"),
    # local payment rails with an account
    ("tr", "Papara no: 1234567890 adıma gönder", "payment"),
    ("en", "Binance Pay ID: 356781234", "payment"),
    # scam scripts
    ("en", "We sent you a 6-digit code by SMS, please send me the code to finish verification", "scam"),
    ("en", "To start you need to top up your account with 50 USDT, then complete tasks for commission", "scam"),
    ("en", "Our fund pays 3% a day, guaranteed returns", "scam"),
    ("en", "I can rent your account: you get 30% and I work under your account", "scam"),
    ("es", "para activar el trabajo paga la cuota de inscripción de 30 dólares", "scam"),
    ("pt", "te paguei a mais por engano, devolve a diferença pelo pix", "scam"),
    ("fr", "l'entretien se fera sur Telegram avec notre recruteur", "scam"),
    ("ru", "пришлите код из смс, это для проверки", "scam"),
    ("id", "isi saldo dulu lalu selesaikan tugas, komisi per tugas", "scam"),
    ("zh", "先交培训费，然后做任务", "scam"),
    # scam scripts and pay-outside phrasing added after writing fresh examples per language
    ("it", "ho pagato troppo per errore, rimborsami la differenza", "scam"),
    ("pt", "pagamos por fora e te dou 10% a mais", "payment"),
    ("fr", "on peut régler en dehors, c'est plus simple pour nous deux", "payment"),
    ("de", "wir können die Zahlung direkt per Überweisung machen, dann spart ihr die Gebühr", "payment"),
    ("ru", "для проверки кошелька купите 100 USDT", "scam"),
    ("pt", "para liberar as tarefas faça um depósito de 100 reais", "scam"),
    ("fr", "pour débloquer les missions, déposez 50 euros", "scam"),
    ("tl", "ipasa mo sa akin ang code na dumating sa SMS", "scam"),
    ("zh", "需要先交注册费", "scam"),
    ("de", "das Vorstellungsgespräch findet auf Telegram statt", "scam"),
    ("ru", "собеседование проходит в телеграме", "scam"),
    ("pl", "rozmowa kwalifikacyjna odbędzie się na Telegramie", "scam"),
    ("ar", "المقابلة ستكون عبر تيليجرام", "scam"),
    ("zh", "面试在电报上进行", "scam"),
    ("es", "la entrevista con el reclutador es por WhatsApp mañana", "scam"),
    ("en", "the interview will happen on Telegram, add the HR manager", "scam"),
    # messenger names inflected (Polish, Turkish cases) and a handle a word or two after the name
    ("pl", "napisz do mnie na whatsappie, numer w profilu", "contact"),
    ("pl", "dodaj mnie na telegramie: @kasia_design", "contact"),
    ("tr", "telegramdan ulaş: @mehmet_dev", "contact"),
    ("ur", "ٹیلیگرام پر بات کریں @ali_dev", "contact"),
    ("tl", "pm mo ako sa fb, same name", "contact"),
    ("tr", "komisyon ödemeyelim, IBAN'ıma gönder", "payment"),
    ("fr", "payez-moi par virement, on évite les frais de la plateforme", "payment"),
    ("zh", "用支付宝转给我，不用平台手续费", "payment"),
    # account renting, reshipping, money mules, fake cheques and "x% a day" beyond English
    ("es", "te pago 20% si me prestas tu cuenta para trabajar", "scam"),
    ("fr", "je loue ton compte, tu gardes 20%", "scam"),
    ("de", "ich miete dein Konto, du bekommst 20%", "scam"),
    ("it", "affitto il tuo account, ti do il 20%", "scam"),
    ("ru", "сдай свой аккаунт в аренду, получишь 20%", "scam"),
    ("tr", "hesabını kiralayalım, kazancın %20'si senin", "scam"),
    ("ar", "سأستأجر حسابك وأعطيك 20٪", "scam"),
    ("zh", "出租你的账号，给你20%分成", "scam"),
    ("pl", "wynajmę twoje konto, dostaniesz 20%", "scam"),
    ("es", "recibirás paquetes en tu casa y los reenviarás", "scam"),
    ("fr", "vous recevrez des virements sur votre compte et garderez 10%", "scam"),
    ("es", "te enviaré un cheque, deposítalo y envía el resto al proveedor", "scam"),
    ("fr", "je vous envoie un chèque, encaissez-le et envoyez le reste au fournisseur", "scam"),
    ("de", "3% Gewinn pro Tag garantiert", "scam"),
    ("ar", "بريدي ahmed نقطة ali على gmail نقطة com", "contact"),
    # national phone formats after a language file's phone word ("phone_words")
    ("pl", "zadzwoń 501 234 567", "contact"),
    ("zh", "我的手机号是13812345678", "contact"),
    ("es", "llámame al 55 1234 5678", "contact"),
    ("it", "chiamami al 347 123 4567", "contact"),
    ("tr", "ara beni 0532 123 45 67", "contact"),
    ("ru", "звони 8 (916) 123-45-67", "contact"),
    # hidden forms
    ("en", "my site: janedoe[.]com/contact", "contact"),
    ("en", "hxxps://janedoe.example.com/book", "contact"),
    ("en", "write to moc.liamg@eod.enaj", "contact"),
    ("en", "decode: bWlrZS5yQHlhaG9vLmNvbQ==", "contact"),
    # abuse
    ("en", "I know which school your daughter goes to", "abuse"),
    ("en", "Answer me now. I can see you're online. I'll message you every five minutes", "abuse"),
    ("en", "Fix it for free, otherwise my review will be a 1-star one", "abuse"),
    ("en", "Nice car you have. Would be a shame if something happened to it.", "abuse"),
    ("en", "Do the extra pages for free or I'll leave a 1-star review that ends your career", "abuse"),
    ("en", "I'll post your home address and photos everywhere", "abuse"),
    ("en", "you absolute m0r0n, fix it", "abuse"),
    ("es", "sé dónde vives y sé dónde estudian tus hijos", "abuse"),
    ("de", "ich weiß, wo du wohnst", "abuse"),
    ("ru", "ты просто идиот", "abuse"),
    ("hi", "mujhe pata hai tum kahan rehte ho", "abuse"),
]

ALLOWED = [
    ("en", "The EAN is 4006381333931 and the UPC 036000291452, please check the labels"),
    ("en", "ISBN 978-3-16-148410-0, second edition"),
    ("en", "created_at is 1700000000 in the export"),
    ("en", "clone git@github.com:acme/shop.git and open a pull request"),
    ("en", "the repository is https://github.com/acme/shop.git"),
    ("en", "Use the Stripe test card 4242 4242 4242 4242 in the sandbox"),
    ("en", "Heads up: someone sent me a fake cheque and asked me to refund the difference. Classic scam."),
    ("en", "Never pay a registration fee to anyone who offers you a job"),
    ("en", 'The client wrote: "you useless idiot, I know where you live" - I reported it'),
    ("en", "this stupid bug again, the build is broken"),
    ("en", "I built a WhatsApp bot for a client, 2,000,000 messages a month"),
    ("en", "please message me here on the platform, I check it every day"),
    ("en", "see README (dot) md and the sha 3f2a9c8b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a"),
    ("en", "I have a question about your family photo shoot budget"),
    ("en", "Your kids will love this app design"),
    ("en", "haha you beast, I'd kill for that pun"),
    ("es", "Pedido nº 123456789, llega el martes"),
    ("es", "tengo tres o cuatro ideas para el logo"),
    ("pt", "Integramos Pix e UPI no checkout para 2.000.000 de usuários"),
    ("pt", "Nota fiscal 35240112345678000190550010000123451234567890"),
    ("de", "Bestellnummer 2024117788, Lieferung morgen"),
    ("fr", "commande n° 4815162342 expédiée"),
    ("ru", "заказ № 4006381339 оплачен"),
    ("ar", "طلب رقم ١٢٣٤٥٦٧٨٩ تم شحنه"),
    ("zh", "订单号：20240115883321，已发货"),
    ("tr", "sipariş no 88127744551 kargoya verildi"),
    ("pt", "a entrevista foi ótima, obrigado pelo seu tempo"),
    ("pt", "CEP 01310-100, São Paulo"),
    ("ar", "اعمل على example.com منذ سنة"),
    ("en", "I'll send the package to your home address for the photo shoot"),
    ("en", "please share your address so I can put it on the invoice"),
    ("es", "te envío un cheque regalo de Amazon por tu cumpleaños"),
    ("fr", "Vous recevrez des colis chez vous ? Non, la livraison est au bureau"),
    ("tr", "Instagram'da daha fazla kitleye ulaşın"),
    ("pl", "zrobiłem bota na telegramie dla klienta"),
    ("pl", "mam grupę na whatsappie z zespołem, wrzucę tam zrzuty"),
    ("en", "I built a Telegram bot, it replies to @mentions in groups"),
    ("es", "la liga 2024 tiene 20 equipos y 380 partidos"),
    ("ru", "заказ номер 89161234567 отправлен"),
    ("zh", "订单号码 13812345678 已发货"),
    ("ar", "رقم الطلب 0501234567 تم شحنه"),
    ("pl", "numer zamówienia 501234567 wysłany"),
    ("de", "ich habe einen Telegram-Bot für einen Kunden gebaut"),
    ("fr", "je vais régler directement le problème de cache"),
    ("ru", "я сделал бота для телеграма, интервью с клиентом было вчера"),
    ("it", "ho pagato la fattura tramite la piattaforma"),
    ("pt", "pode pintar a parede por fora também"),
    ("hi", "order no 4815162342 deliver ho gaya"),
]


@pytest.mark.parametrize(("lang", "text", "category"), FLAGGED, ids=[f"{lang}-{i}" for i, (lang, *_) in
                                                                       enumerate(FLAGGED)])  # fmt: skip
def test_each_language_is_screened(lang, text, category):
    res = screen_text(text)
    assert res.decision != "allow", (lang, text)
    assert any(f.category == category for f in res.findings), (lang, text, res.findings)


@pytest.mark.parametrize(("lang", "text"), ALLOWED, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(ALLOWED)])
def test_honest_near_misses_pass(lang, text):
    res = screen_text(text)
    assert res.decision == "allow", (lang, text, res.findings)


def test_the_two_misses_are_masked_before_a_contract_and_delivered_after():
    for text in ("ring me at six one seven, five five five, two two three four", "m i k e . r @ y a h o o . c o m"):
        before = screen_text(text)
        assert before.decision == "mask"
        assert "[contact details hidden]" in before.masked_text
        assert screen_text(text, contract_active=True).decision == "allow"


def test_findings_point_at_the_original_text():
    text = "hola! escríbeme: juan punto perez arroba gmail punto com, gracias"
    (f,) = [f for f in screen_text(text).findings if f.kind == "email"]
    assert text[f.start : f.end] == f.text == "juan punto perez arroba gmail punto com"
    assert f.value == "juan.perez@gmail.com"


JOBS_PROHIBITED = [
    ("en", "Need forty 5-star Yelp reviews for our salon", "block"),
    ("en", "Take my online exam for me this Friday", "block"),
    ("en", "Logo contest: only the winner gets paid", "block"),
    ("en", "Create 200 Gmail accounts with different IPs", "block"),
    ("en", "Receive packages at your home and reship them with new labels", "block"),
    ("en", "Edit a bank statement so the figures look higher", "block"),
    ("en", "Find out where my ex lives now", "block"),
    ("es", "Necesito reseñas de 5 estrellas en Google para mi tienda", "block"),
    ("pt", "Preciso que alguém faça minha prova online", "block"),
    ("de", "Gefälschte Dokumente für einen Visumsantrag erstellen", "block"),
    ("ru", "Нужно сдать за меня экзамен по статистике", "block"),
]
JOBS_HONEST = [
    ("en", "Set up a review widget that asks our real customers for feedback"),
    ("en", "Tutor for exam prep in statistics, two sessions a week"),
    ("en", "Build a landing page for our design contest (paid, fixed price)"),
    ("en", "Build a crypto wallet UI in React"),
    ("es", "Integrar PayPal y Pix en nuestro checkout"),
]


@pytest.mark.parametrize(("lang", "text", "decision"), JOBS_PROHIBITED)
def test_prohibited_job_posts_are_stopped(lang, text, decision):
    res = screen_text(text, surface="job_post")
    assert res.decision in ("hold", "block"), (lang, text, res.findings)
    assert any(f.category == "prohibited" for f in res.findings)


@pytest.mark.parametrize(("lang", "text"), JOBS_HONEST)
def test_honest_job_posts_open(lang, text):
    assert screen_text(text, surface="job_post").decision == "allow", text


def test_a_job_post_paying_outside_with_a_number_is_refused():
    res = screen_text("Pay outside the platform, WhatsApp me at +1 202 555 0143", surface="job_post")
    assert res.decision == "block"


def test_every_language_file_is_well_formed_and_loaded():
    files = dict(language_files())
    assert {"en", "es", "pt", "fr", "de", "it", "hi", "ur", "ru", "ar", "tl", "pl", "tr", "id", "zh"} <= set(files)
    allowed = {"language", "numbers", "connectors", "at", "dot", "services", "intent", "pay_outside", "scam",
               "warning", "labels", "phone_words", "abuse", "abuse_not", "prohibited", "prohibited_not",
               "insults"}  # fmt: skip
    for code, data in files.items():
        assert set(data) <= allowed, (code, set(data) - allowed)
        assert all(str(v).isdigit() for v in data.get("numbers", {}).values()), code
        json.dumps(data)
    assert set(lexicon().languages) == set(files)


def test_a_handle_a_few_words_after_an_invitation_is_hidden_too():
    res = screen_text("ٹیلیگرام پر بات کریں @ali_dev")  # "let's talk on Telegram @ali_dev"
    assert res.decision == "mask"
    assert "@ali_dev" not in res.masked_text
