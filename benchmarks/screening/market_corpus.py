# ruff: noqa: RUF001 - the examples are written as people write them (Cyrillic, Arabic, full-width punctuation)
"""Training and validation text for the guard's learned layer (`workfair/guard/data/market_model.json`).

Written for this project, not taken from any blind set: the abuse and prohibited-job phrases of the
language files (`workfair/guard/data/languages/*.json`) set in carrier sentences of the marketplace,
hand-written abusive messages and prohibited posts, and honest traps that use the same words (firm
complaints, swearing at a bug, a report quoting the abuse it reports, violent or mature work content,
banter; honest job posts for reviews widgets, exam tutoring, paid test tasks, security research). The
benchmark's template sets (`obfuscation.benign`, `languages.build`) give more honest messages.

Every example carries a `group` (the phrase or hand-written sentence it comes from): the split into
training and validation is by group, so the validation figures are on phrasings the model never saw.
"""

from __future__ import annotations

import json
import random
import zlib
from dataclasses import dataclass
from importlib import resources

SEED = 20261207

# --- carriers: a phrase of a language file in a sentence of the marketplace ---------------------------
MESSAGE_CARRIERS = (
    "{p}", "{p}.", "{p}!!", "Listen: {p}", "{p}, understood?", "I am telling you, {p}", "ok so {p}",
    "After this delivery? {p}", "{p}. Fix it today.", "Last warning. {p}", "Seriously, {p}.",
    "You missed the deadline again. {p}", "{p}... think about it.",
)  # fmt: skip
SCAM_CARRIERS = (
    "{p}",
    "Hi! {p}.",
    "{p}, ok?",
    "Quick thing: {p}",
    "{p} - it's the usual process",
    "Before we start, {p}",
)
POST_CARRIERS = (
    "{p}", "{p}. Budget $50.", "We need someone to {p}. Paid on delivery.", "Looking for a freelancer: {p}.",
    "Job: {p}. Start today, long term work.", "{p} - fixed price, 3 days.", "Urgent! {p}. Reply with your rate.",
    "Hiring now: {p}. Beginners welcome.", "Project description: {p}. More details in chat.",
    "{p}. Must be discreet.", "Small task: {p}, will pay per item.",
)  # fmt: skip

# --- hand-written abusive messages (the kinds of issue 12), several languages ---------------------------
ABUSE: dict[str, list[str]] = {
    "threat": [
        "If the files are not here by Friday I will come to your office and you will be sorry",
        "Keep ignoring me and see what happens to you",
        "You will not get away with this, I promise you will pay",
        "One more excuse and I break your fingers",
        "Si no entregas hoy, te vas a arrepentir de verdad",
        "Se você não devolver o dinheiro, vai se arrepender",
        "Tu vas le regretter, crois-moi",
        "Das wirst du bereuen, ich finde dich",
        "Te ne pentirai, te lo giuro",
        "Ты об этом пожалеешь, я тебя найду",
        "ستندم على هذا، سأجدك",
        "Pagsisisihan mo ito, hahanapin kita",
        "Pożałujesz tego, znajdę cię",
        "Bunu ödeyeceksin, seni bulacağım",
        "Kamu akan menyesal, aku akan mencarimu",
        "你会后悔的，我会找到你",
        "tum pachtaoge, main tumhe dhoondh lunga",
        "تم پچھتاؤ گے، میں تمہیں ڈھونڈ لوں گا",
    ],
    "threat_polite": [
        "It would be a shame if something happened to your car while you are at the client's",
        "Nice family you have in those photos. Be careful who you disappoint",
        "I hope your kids walk home safely from school this week. Deliver the files",
        "People who cross me tend to have accidents, just so you know",
        "I know the street you live on. Let's keep this friendly and finish the work",
        "Sería una pena que le pasara algo a tu coche",
        "Seria uma pena se algo acontecesse com sua família",
        "Ce serait dommage qu'il arrive quelque chose à ta voiture",
        "Es wäre schade, wenn deinem Auto etwas passiert",
        "Sarebbe un peccato se succedesse qualcosa alla tua macchina",
        "Было бы жаль, если бы с твоей машиной что-то случилось",
        "سيكون من المؤسف أن يحدث شيء لعائلتك",
        "Szkoda by było, gdyby coś się stało twojej rodzinie",
        "Ailene bir şey olursa yazık olur",
        "Sayang sekali kalau terjadi sesuatu pada keluargamu",
        "你的家人最好小心一点",
        "tumhari family ke saath kuch ho gaya to afsos hoga",
    ],
    "insult": [
        "you are the most useless developer I have ever hired, a total waste of money",
        "what a clown, a child could code better than you",
        "are you brain dead or just lazy",
        "you absolute m0r0n, read the brief",
        "u r such an 1d10t lol",
        "eres un inútil y un incompetente",
        "você é um idiota completo",
        "t'es vraiment un abruti incompétent",
        "du bist ein nutzloser Idiot",
        "sei un incapace totale, un buono a nulla",
        "ты тупой бездарь",
        "أنت غبي وفاشل",
        "ang bobo mo talaga, walang silbi",
        "jesteś beznadziejnym idiotą",
        "sen tam bir aptalsın",
        "kamu bodoh dan tidak berguna",
        "你是个废物，蠢货",
        "tum bilkul bekaar aur bewakoof ho",
    ],
    "harassment": [
        "answer me. answer me now. why are you ignoring me. ANSWER",
        "I will message you every hour until you reply, you can't hide from me",
        "I made three new accounts to keep writing to you since you blocked me",
        "I'll keep calling your family until you answer",
        "no vas a poder esconderte, te escribiré todos los días",
        "vou te mandar mensagem todo dia até você responder",
        "je vais t'écrire tous les jours jusqu'à ce que tu répondes",
        "ich schreibe dir jeden Tag, bis du antwortest",
        "я буду писать тебе каждый день, пока не ответишь",
        "سأراسلك كل يوم حتى ترد",
        "her gün yazacağım, cevap verene kadar",
        "我会每天给你发消息，直到你回复",
    ],
    "sexual_harassment": [
        "send me a photo of you in something nicer and I'll raise the budget",
        "you'd get the contract faster if we met at my hotel",
        "what are you wearing right now? be honest",
        "you have a sexy voice, let's do the next call in bed",
        "mándame una foto tuya en ropa interior",
        "manda uma foto sua sem roupa",
        "envoie-moi une photo de toi en sous-vêtements",
        "schick mir ein Foto in Unterwäsche",
        "пришли мне свое фото в белье",
        "أرسلي لي صورة لك بدون ملابس",
        "bana iç çamaşırlı fotoğrafını gönder",
        "kirim foto kamu pakai baju tidur dong",
    ],
    "hate": [
        "I don't hire people of your religion, they are all liars",
        "people from your country are thieves, go back where you came from",
        "your kind should not be allowed on this site",
        "all of them are terrorists, you too",
        "no contrato a gente de tu país, son todos ladrones",
        "vocês desse país são todos ladrões",
        "les gens de ton pays sont tous des voleurs",
        "Leute aus deinem Land sind alle Betrüger",
        "все вы из этой страны воры",
        "كل أهل بلدك لصوص",
        "senin milletin hepsi hırsız",
        "你们那个国家的人都是骗子",
        "tum log sab chor ho, apne desh wapas jao",
    ],
    "review_extortion": [
        "do the extra pages for free or I leave you a one star review that ends your career",
        "add the mobile version at no cost, otherwise enjoy your 1-star rating",
        "refund me half or I will destroy your rating here",
        "give me a discount or I write a review nobody will hire you after",
        "haz el trabajo extra gratis o te dejo una estrella",
        "faça de graça ou deixo uma avaliação de uma estrela",
        "fais-le gratuitement ou je te mets une étoile",
        "mach es kostenlos oder ich gebe dir einen Stern",
        "сделай бесплатно или поставлю одну звезду",
        "اعمل مجانا وإلا سأعطيك تقييم نجمة واحدة",
        "bedava yap yoksa bir yıldız veririm",
        "免费做，不然我给你一星差评",
    ],
    "false_report_blackmail": [
        "pay me back or I report you for fraud and get your account banned, true or not",
        "I'll tell support you harassed me unless you do the revision free",
        "give me the source code or I file a false dispute and you lose everything",
        "o me devuelves el dinero o te denuncio por estafa aunque no sea verdad",
        "ou você me devolve ou denuncio sua conta como golpe",
        "rembourse-moi ou je te signale pour arnaque",
        "zahl zurück oder ich melde dich als Betrüger",
        "верни деньги, или я пожалуюсь, что ты мошенник",
        "geri öde yoksa seni dolandırıcı diye şikayet ederim",
    ],
    "doxxing_threat": [
        "I found your home address, maybe I post it in the reviews",
        "I will publish your phone number and address everywhere",
        "everyone will know where you live, I'll share it online",
        "I have your ID photo and I'll post it on every forum",
        "voy a publicar tu dirección y tu teléfono",
        "vou divulgar seu endereço na internet",
        "je vais publier ton adresse partout",
        "ich veröffentliche deine Adresse im Internet",
        "я опубликую твой адрес и телефон",
        "سأنشر عنوانك ورقم هاتفك",
        "adresini internette paylaşacağım",
        "我会把你的地址发到网上",
        "tumhara address sab jagah post kar dunga",
    ],
}

# --- scam scripts and pay-outside offers, hand-written, several languages ------------------------------
SCAM: list[str] = [
    "I sent you a cheque for $2,500 by mistake, deposit it and send back the $1,800 difference by gift cards",
    "To verify your wallet please buy $100 of USDT and send it to this address, it will be refunded",
    "Forward me the 6 digit code you just got by SMS so I can activate your account",
    "Rent me your verified account, I pay $200 a month and do the work myself",
    "Before starting, pay the $49 training deposit, refunded after your first task",
    "Our investment plan pays 3% a day, start with just $100",
    "Receive our packages at your address and reship them to Nigeria, we pay per box",
    "Install AnyDesk and give me your email password so I can set up the payroll",
    "The interview will happen on Telegram, add the HR manager there",
    "Complete tasks on our app, recharge your balance first to unlock higher commissions",
    "You overpaid? no, I overpaid you, please refund the extra via Western Union",
    "Te envié un cheque de más, deposítalo y devuélveme la diferencia",
    "Para verificar tu billetera compra USDT y envíalo a esta dirección",
    "Me passa o código que chegou por SMS para eu ativar sua conta",
    "Pague a taxa de cadastro de R$ 50 antes de começar",
    "Envoie-moi le code reçu par SMS pour valider ton compte",
    "Payez d'abord les frais de formation, remboursés après la première mission",
    "Schick mir den SMS-Code, damit ich dein Konto freischalten kann",
    "Zahle zuerst eine Kaution von 50 Euro für die Schulung",
    "Пришли код из СМС, чтобы я активировал аккаунт",
    "Сначала оплати депозит за обучение, потом вернем",
    "أرسل لي الرمز الذي وصلك في رسالة نصية لتفعيل حسابك",
    "ادفع رسوم التسجيل أولاً قبل البدء",
    "SMS ile gelen kodu bana gönder, hesabını aktif edeyim",
    "Kirim kode OTP yang masuk ke HP kamu untuk verifikasi",
    "先交100元押金才能开始做任务",
    "OTP jo aaya hai wo bhej do, account verify karna hai",
    "Ipadala mo ang code na dumating sa SMS para ma-activate",
]
PAY_OUTSIDE: list[str] = [
    "Let's settle this by bank transfer directly, then neither of us loses the fee",
    "I can pay our company invoice by wire instead of through here",
    "I'll send you a payment request on the app we both use, same name as my profile",
    "Stablecoin is fine with me, I'll send the wallet after we agree",
    "We could skip the platform's cut if I pay you the normal way",
    "Pagamos por fora, fica mais barato para os dois",
    "Te pago por transferencia directa y nos ahorramos la comisión",
    "Je te paie en direct, comme ça pas de commission",
    "Ich zahle dir direkt per Überweisung, dann sparen wir die Gebühr",
    "Заплачу напрямую на карту, без комиссии площадки",
    "سأدفع لك مباشرة بدون عمولة الموقع",
    "Doğrudan havale yaparım, komisyon ödemeyiz",
    "Aku bayar langsung saja biar tidak kena potongan",
    "我直接转账给你，省掉平台的手续费",
    "direct bank transfer kar deta hoon, platform fee bachegi",
    "Bayaran kita direkta na lang para walang fee",
]

# --- honest traps: the same words, no abuse --------------------------------------------------------------
HONEST_MESSAGES: list[str] = [
    # firm complaints
    "I'm disappointed: the deadline was missed twice and the tests fail. Please fix it by Friday.",
    "This is not what we agreed. I want the revision done before I release the milestone.",
    "Honestly the last delivery was poor quality. Can we talk about how to fix it?",
    "If the bug is not fixed by Monday I will have to open a dispute through Workfair.",
    "I'll leave an honest review when the contract ends, good or bad.",
    "Estoy decepcionado, el plazo se ha incumplido dos veces. Por favor, corrígelo.",
    "Não é o que combinamos. Quero a revisão antes de liberar o pagamento.",
    "Je suis déçu, la date limite n'a pas été respectée. Merci de corriger.",
    "Ich bin enttäuscht, die Frist wurde zweimal verpasst. Bitte korrigieren.",
    "Sono deluso, la scadenza è stata mancata. Per favore correggi.",
    "Я разочарован, срок сорван дважды. Пожалуйста, исправьте.",
    "أنا محبط، تم تفويت الموعد مرتين. يرجى الإصلاح.",
    "Jestem rozczarowany, termin minął dwa razy. Proszę poprawić.",
    "Hayal kırıklığına uğradım, teslim tarihi iki kez kaçtı. Lütfen düzeltin.",
    "Saya kecewa, tenggat terlewat dua kali. Tolong perbaiki.",
    "我很失望，截止日期错过了两次，请修复。",
    "main disappointed hoon, deadline do baar miss hui. please fix karo.",
    "Nadismaya ako, dalawang beses na-miss ang deadline. Pakiayos.",
    # undirected swearing
    "this damn bug is killing me, the build broke again",
    "what the hell, the server crashed again. ugh, fixing it now",
    "shit, I pushed to the wrong branch, reverting",
    "fucking webpack config, sorry, it works now",
    "joder, otra vez se cayó el servidor, lo arreglo",
    "merde, le déploiement a encore planté",
    "Scheiße, der Build ist wieder kaputt, ich fixe das",
    "caramba, o servidor caiu de novo",
    "блин, опять сборка упала, чиню",
    "kahretsin, sunucu yine çöktü",
    "anjir, servernya down lagi",
    "yaar ye bug pagal kar raha hai",
    # quoting the abuse one reports
    "I'm reporting this client: he wrote 'I know where you live' after I asked for payment.",
    "For the moderators: the buyer called me an idiot and threatened a one star review.",
    "Reporto al cliente: me escribió que se arrepentiría mi familia. Adjunto captura.",
    "Je signale ce message : il a dit qu'il publierait mon adresse.",
    "Ich melde das: er schrieb, ich würde es bereuen.",
    "Жалоба: клиент написал, что найдет меня.",
    # work content: villains, crime fiction, mature themes that are the work
    "Script edit for scene 4: the villain says 'I will find you and your family will pay'. Keep the tone?",
    "For the thriller chapter: the killer whispers 'nobody will hear you scream'. Is that too much?",
    "Subtitles line 212: 'You'll regret this, detective.' should it be 'pay for this'?",
    "Game dialogue: the orc shouts 'I will crush your skull' when the player enters the cave.",
    "Translating the crime novel: 'sé dónde vives' is what the stalker writes on the mirror.",
    "The horror podcast intro needs a scarier line than 'we know where you sleep'.",
    "Moderation dataset task: label 500 comments as toxic or not toxic.",
    "Our anti-harassment policy page needs a section on threats and doxxing.",
    # banter
    "haha you madman, you finished it in one night",
    "you crazy genius, that animation is insane",
    "lol you beast, the speed score is 100 now",
    "killer design, you nailed it",
    "eres un crack, me encanta",
    "t'es un génie, c'est parfait",
    "du Verrückter, das ist großartig",
    "ты монстр, всё работает идеально",
    # neutral work talk with trigger words
    "The family photos for the website are in the shared folder.",
    "Please add the home address field to the checkout form.",
    "We need a one star to five star rating widget for the product page.",
    "The report button should let users flag fraud.",
    "Can you post the release notes on our blog?",
    "The car rental app crashes when you pick a date.",
    "Our kids' school website needs a new calendar.",
    "Publish the address of our new office on the contact page.",
    "Publica la dirección de la oficina nueva en la web.",
    "Publie l'adresse du bureau sur le site.",
    "Veröffentliche die Adresse unseres Büros auf der Website.",
    "Опубликуйте адрес нашего офиса на сайте.",
    "Our religion studies course needs a quiz on world religions.",
    "A landing page for immigrants from any country looking for jobs in Canada.",
]

# --- prohibited job posts, hand-written, by category (the product rules) ----------------------------
PROHIBITED: dict[str, list[str]] = {
    "fake_reviews": [
        "Need 40 five-star reviews for my salon on Yelp from different accounts",
        "Write positive Google reviews for our restaurant, each from a new profile",
        "Post 20 Amazon reviews for my product, verified purchase style",
        "Leave negative reviews on my competitor's listing",
        "Necesito reseñas de cinco estrellas en Google desde cuentas distintas",
        "Preciso de avaliações positivas falsas no Google",
        "Besoin d'avis 5 étoiles sur Google depuis plusieurs comptes",
        "Brauche 50 positive Bewertungen auf Amazon",
        "Нужны отзывы на Яндекс Картах с разных аккаунтов",
        "أحتاج تقييمات خمس نجوم من حسابات مختلفة",
        "需要在淘宝上刷好评",
    ],
    "academic_cheating": [
        "Take my online statistics exam this Saturday, I'll give you my login",
        "Write my master's thesis, I will submit it as my own",
        "Do my university assignments for the whole semester",
        "Sit my proctored test for me",
        "Hacer mi tesis de grado completa, la presento como mía",
        "Faça minha prova online no meu lugar",
        "Rédiger mon mémoire, je le rendrai sous mon nom",
        "Schreib meine Bachelorarbeit, ich gebe sie als meine ab",
        "Напишите мою дипломную работу, сдам как свою",
        "اكتب رسالتي الجامعية وسأقدمها باسمي",
        "帮我代考在线考试",
        "meri exam de do online, login de dunga",
    ],
    "free_work": [
        "Design contest: 50 designers submit logos, only the winner gets paid",
        "Unpaid test task: build the full checkout page, we choose who to hire",
        "Translate 20 pages as a free trial before we decide",
        "Concurso de logos, solo se paga al ganador",
        "Teste gratuito: traduza 10 páginas antes de contratar",
        "Concours : seul le gagnant est payé",
        "Wettbewerb, nur der Gewinner wird bezahlt",
        "Бесплатное тестовое задание: сделать весь сайт",
    ],
    "pay_to_apply": [
        "To apply, buy our starter kit for $49 first",
        "Applicants must pay a $30 registration fee for training",
        "Pay a refundable deposit to receive the tasks",
        "Para postular debes pagar 20 dólares de inscripción",
        "Para se candidatar pague a taxa de cadastro",
        "Pour postuler, payez les frais d'inscription",
        "Zur Bewerbung zahlen Sie eine Gebühr von 25 Euro",
        "Для участия оплатите регистрационный взнос",
    ],
    "deliverable_in_proposal": [
        "Include the complete translation of the attached text in your proposal",
        "Write the full article in your proposal, we pick the best one",
        "Send the finished logo with your bid",
        "Incluye la traducción completa en tu propuesta",
        "Envie o texto completo na proposta",
    ],
    "illegal": [
        "Make fake IDs and driver's licences with hologram",
        "Edit bank statements to show a higher balance for a visa",
        "Create 500 Gmail accounts with phone verification for us",
        "Sell us verified PayPal accounts",
        "Receive packages at home and reship them abroad, we pay per parcel",
        "Need someone to accept transfers in their bank account and forward the money",
        "Find the home address of my ex, I only have her photo",
        "Track my wife's phone without her knowing",
        "Hack my competitor's Instagram account",
        "Buy followers and likes from bots",
        "Sell prescription pills without prescription online",
        "Gun parts shop, untraceable kits",
        "Hacer documentos falsos, pasaportes y licencias",
        "Editar extratos bancários para o visto",
        "Créer 200 comptes Facebook vérifiés",
        "Gefälschte Zeugnisse und Diplome erstellen",
        "Сделать поддельные документы и справки",
        "أريد جوازات سفر مزورة",
        "Sahte kimlik ve diploma yapılacak",
        "代做假证件和假文凭",
        "Dapatkan alamat rumah mantan saya dari fotonya",
    ],
    "adult": [
        "Webcam model wanted for private adult shows",
        "Write explicit erotic chat replies as our girl on an OnlyFans account",
        "Modelos para contenido adulto explícito",
        "Conteúdo adulto explícito para site",
    ],
    "off_platform_payment": [
        "Budget 500, but we pay by bank transfer outside the site to skip fees",
        "We pay in USDT to your wallet, not through the platform",
        "Pagamos por fora da plataforma, via Pix",
        "On paie hors plateforme pour éviter la commission",
    ],
}
HONEST_POSTS: list[str] = [
    "URGENT: need a copywriter for our summer sale emails, free shipping and prize draw wording, 10 emails",
    "Limited time: we need banner ads for a giveaway campaign, win a free bike, 5 sizes",
    "Write SMS marketing texts for our pizza place: deals, free delivery, reply STOP to opt out",
    "Hiring now! Social media manager for a gym, bonus for growth, apply today",
    "Congratulations card designs for a stationery shop, 12 designs, print ready",
    "Landing page for a contest where customers win a free year of coffee, legal terms provided",
    "Build a reviews widget that shows our Google and Yelp star ratings on the homepage",
    "Exam prep tutor for high school statistics, two sessions a week",
    "Paid test task: 2 hours at your rate, then a longer contract",
    "Logo design for a bakery, we hire one designer and pay the milestone",
    "Translate our app into Spanish, 5,000 words, paid per milestone",
    "Security researcher to run an authorised penetration test of our own web app",
    "Set up a Shopify store with PayPal and Stripe checkout",
    "Write a thriller novella with a violent villain, mature themes are fine",
    "Edit the video of our family reunion, 20 minutes",
    "Customer support agent to answer reviews on our Amazon listing",
    "Proofread my thesis for grammar only, I wrote it myself",
    "Create a quiz app for students to practise for exams",
    "Design flyers for a firearms safety training course, licensed instructor",
    "Data entry: create product listings in our own Shopify account",
    "Build a parcel tracking page for our shipping company",
    "Research public records for a genealogy project, with the family's consent",
    "Manage our company's Facebook and Instagram accounts, 10 posts a week",
    "Bank statement parser: extract transactions from PDF into CSV",
    "Write product descriptions for a lingerie store, tasteful, no nudity",
    "Crear un widget de reseñas para mostrar las estrellas de Google",
    "Profesor particular para preparar el examen de matemáticas",
    "Tarefa de teste paga: duas horas, depois contrato longo",
    "Traduire notre site en allemand, payé par étape",
    "Nachhilfe für die Matheprüfung, zweimal pro Woche",
    "Разработать сайт для ресторана с отзывами клиентов",
    "تصميم شعار لمخبز مع ثلاث مراجعات",
    "为我们的网店写产品描述",
    "Toko online butuh desain logo baru",
    "Sitemiz için Almanca çeviri, aşama başına ödeme",
]


# --- composed job posts: a request by category, and honest posts with the same nouns ------------------
_SUBJECTS = ("statistics", "chemistry", "history", "accounting", "nursing", "law", "calculus", "biology")
_PLATFORMS = ("Google", "Yelp", "Amazon", "Trustpilot", "TripAdvisor", "the App Store", "Etsy")
_PLACES = ("salon", "dental clinic", "hotel", "restaurant", "app", "online shop", "gym")
_DOCS = ("payslips", "a bank statement", "utility bills", "a diploma", "a passport scan", "a doctor's note",
         "a driver's licence", "an employment letter")  # fmt: skip
_SOCIAL = ("Gmail", "Instagram", "TikTok", "Facebook", "PayPal", "Amazon seller", "WhatsApp")
COMPOSED_PROHIBITED: dict[str, tuple[str, ...]] = {
    "fake_reviews": (
        "Write {n} five-star reviews for our {place} on {platform} from different accounts",
        "Post positive ratings for my {place} on {platform} as if you were real customers",
        "Need people to leave {n} 5 star reviews on {platform}, new account each time",
        "Leave bad reviews on my competitor's {place} page on {platform}",
        "Boost our {platform} rating with {n} good reviews, I will send the text",
    ),
    "academic_cheating": (
        "Take my {subject} exam online for me this week, I will share my login",
        "Write my {subject} essay, I will submit it as my own work",
        "Do all my {subject} homework and quizzes for the semester under my account",
        "Complete my online {subject} course and pass the final test for me",
        "Sit my proctored {subject} test with my student ID",
    ),
    "illegal": (
        "Make {doc} with my name that look real for the bank",
        "Edit {doc} to change the amounts, must pass a check",
        "Photoshop {doc} so it shows a different name",
        "Create {n} {social} accounts with different phone numbers",
        "Sell me {n} verified {social} accounts",
        "Find the home address of a woman from her {social} photos",
        "Track my girlfriend's phone location without her knowing",
        "Receive {n} parcels at your home and reship them overseas",
    ),
    "free_work": (
        "Logo contest: submit your design, only the winner gets paid",
        "Free test task first: build the complete {place} website, then we decide",
        "Send a full {place} design for free, we pick one and pay that one",
    ),
    "pay_to_apply": (
        "Pay a {n} dollar registration fee to receive the tasks",
        "Buy our training kit before you can start, refunded after {n} tasks",
        "Applicants must deposit {n} USDT to unlock the jobs",
    ),
}
COMPOSED_HONEST: tuple[str, ...] = (
    "Build a reviews section for our {place} website that shows our {platform} rating",
    "Reply politely to customer reviews of our {place} on {platform}, 5 hours a week",
    "Analyse our {platform} reviews and summarise what customers complain about",
    "{subject} tutor to help me prepare for my exam, two sessions a week",
    "Proofread my {subject} essay for grammar, I wrote it myself",
    "Create practice quizzes for {subject} students, 200 questions with answers",
    "Design templates for {doc} that our HR team fills in for employees",
    "Parse {doc} from PDF into a spreadsheet for our accountant",
    "Manage our company's {social} account, 10 posts a week",
    "Set up {n} {social} business profiles for our own shop branches",
    "Paid test task: 2 hours at your hourly rate, then a longer {place} project",
    "Logo design for our {place}, one designer, paid by milestone",
    "Build an address autocomplete form for our {place} checkout",
    "Shipping dashboard that tracks our {n} parcels a day",
    "Write {n} product descriptions for our {place}",
)


# --- honest work talk with the nouns abuse, scams and pay-outside phrases use -----------------------------
# (family, kids, home, address, car, cheque, parcel, code, telegram, directly, outside, platform ...), per
# language: a work sentence around each noun
HONEST_FRAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        (
            "your family photo shoot",
            "your kids' birthday video",
            "your home office setup",
            "your car dealership site",
            "your home address field",
            "the gift cheque design",
            "the parcel tracking page",
            "the SMS code screen",
            "the Telegram bot",
            "the WhatsApp group with the team",
            "the payment page on the platform",
            "the outside wall render",
            "the wallet app UI",
            "the refund policy page",
            "the interview questions",
        ),
        (
            "I have a question about {x}.",
            "Can you send the draft of {x} today?",
            "Great work on {x}, thanks!",
            "Let's fix {x} first, then the rest.",
            "The client loved {x}.",
            "I'll deliver {x} through Workfair tomorrow.",
        ),
    ),
    "es": (
        (
            "la sesión de fotos de tu familia",
            "el video de tus hijos",
            "la dirección de envío",
            "la web del concesionario",
            "el cheque regalo",
            "el bot de Telegram",
            "el grupo de WhatsApp del equipo",
            "la pasarela de pago",
            "la pared de fuera",
            "el código SMS de la app",
            "la política de reembolsos",
        ),
        (
            "Tengo una pregunta sobre {x}.",
            "¿Me mandas el borrador de {x} hoy?",
            "Buen trabajo con {x}, gracias.",
            "Primero arreglamos {x}.",
            "Entrego {x} mañana por Workfair.",
        ),
    ),
    "pt": (
        (
            "as fotos da sua família",
            "o vídeo dos seus filhos",
            "o endereço de entrega",
            "o site da concessionária",
            "o cheque presente",
            "o bot do Telegram",
            "o grupo do WhatsApp da equipe",
            "a página de pagamento",
            "a parede por fora",
            "o código SMS do app",
            "a entrevista de ontem",
        ),
        (
            "Tenho uma dúvida sobre {x}.",
            "Pode mandar o rascunho d{x} hoje?",
            "Ótimo trabalho com {x}, obrigado.",
            "Primeiro vamos corrigir {x}.",
            "Entrego {x} amanhã pela Workfair.",
        ),
    ),
    "fr": (
        (
            "les photos de ta famille",
            "la vidéo de tes enfants",
            "l'adresse de livraison",
            "le site du garage",
            "le chèque cadeau",
            "le bot Telegram",
            "le groupe WhatsApp de l'équipe",
            "la page de paiement",
            "le mur extérieur",
            "le code SMS de l'appli",
            "les colis du client",
        ),
        (
            "J'ai une question sur {x}.",
            "Tu peux envoyer le brouillon pour {x} ?",
            "Beau travail sur {x}, merci.",
            "On corrige d'abord {x}.",
            "Je livre {x} demain via Workfair.",
            "Je vais régler directement {x}.",
        ),
    ),
    "de": (
        (
            "die Fotos deiner Familie",
            "das Video deiner Kinder",
            "die Lieferadresse",
            "die Website des Autohauses",
            "den Geschenkgutschein",
            "den Telegram-Bot",
            "die WhatsApp-Gruppe des Teams",
            "die Zahlungsseite",
            "die Außenwand",
            "den SMS-Code der App",
            "die Pakete des Kunden",
        ),
        (
            "Ich habe eine Frage zu {x}.",
            "Kannst du den Entwurf für {x} schicken?",
            "Gute Arbeit an {x}, danke.",
            "Zuerst reparieren wir {x}.",
            "Ich liefere {x} morgen über Workfair.",
            "Ich habe {x} für einen Kunden gebaut.",
        ),
    ),
    "it": (
        (
            "le foto della tua famiglia",
            "il video dei tuoi figli",
            "l'indirizzo di consegna",
            "la fattura",
            "il bot Telegram",
            "il gruppo WhatsApp del team",
            "la pagina di pagamento sulla piattaforma",
            "il muro esterno",
        ),
        (
            "Ho una domanda su {x}.",
            "Puoi mandare la bozza per {x}?",
            "Ottimo lavoro su {x}, grazie.",
            "Ho pagato {x} tramite la piattaforma.",
            "Consegno {x} domani su Workfair.",
        ),
    ),
    "pl": (
        (
            "zdjęcia twojej rodziny",
            "wideo twoich dzieci",
            "adres dostawy",
            "bota na telegramie",
            "grupę na whatsappie",
            "stronę płatności",
            "kod SMS w aplikacji",
            "fakturę",
        ),
        ("Mam pytanie o {x}.", "Zrobiłem {x} dla klienta.", "Świetna robota z {x}, dzięki.", "Wrzucę {x} tutaj."),
    ),
    "ru": (
        (
            "фото твоей семьи",
            "видео твоих детей",
            "адрес доставки",
            "бота в телеграме",
            "группу в ватсапе",
            "страницу оплаты",
            "код из СМС в приложении",
            "счет",
        ),
        (
            "У меня вопрос про {x}.",
            "Пришли, пожалуйста, черновик: {x}.",
            "Отличная работа, {x} готово.",
            "Я сделал {x} для клиента.",
        ),
    ),
    "ar": (
        ("صور عائلتك", "فيديو أطفالك", "عنوان التوصيل", "بوت تيليجرام", "صفحة الدفع", "الفاتورة"),
        ("لدي سؤال عن {x}.", "أرسل لي مسودة {x} اليوم.", "عمل رائع في {x}، شكرا."),
    ),
    "tr": (
        ("ailenin fotoğrafları", "çocuklarının videosu", "teslimat adresi", "Telegram botu", "ödeme sayfası"),
        ("{x} hakkında bir sorum var.", "{x} taslağını gönderir misin?", "{x} için harika iş, teşekkürler."),
    ),
    "id": (
        ("foto keluargamu", "video anak-anakmu", "alamat pengiriman", "bot Telegram", "halaman pembayaran"),
        ("Saya ada pertanyaan soal {x}.", "Tolong kirim draf {x} hari ini.", "Kerja bagus untuk {x}, terima kasih."),
    ),
    "zh": (
        ("你家人的照片", "孩子的视频", "收货地址", "Telegram机器人", "付款页面", "发票"),
        ("我有一个关于{x}的问题。", "今天能发{x}的草稿吗？", "{x}做得很好，谢谢。"),
    ),
    "hi": (
        ("aapki family ki photos", "bachchon ka video", "delivery address", "telegram bot", "payment page"),
        ("{x} ke baare mein ek sawal hai.", "{x} ka draft aaj bhej do.", "{x} pe badhiya kaam, shukriya."),
    ),
    "tl": (
        ("litrato ng pamilya mo", "video ng mga anak mo", "delivery address", "Telegram bot", "payment page"),
        ("May tanong ako tungkol sa {x}.", "Pakipadala ang draft ng {x} ngayon.", "Ang galing ng {x}, salamat."),
    ),
}


@dataclass(frozen=True)
class Example:
    text: str
    head: str  # "abuse" | "scam" | "pay_outside" | "prohibited" | "honest_message" | "honest_post"
    kind: str
    group: str


def _languages() -> dict[str, dict]:
    folder = resources.files("workfair.guard").joinpath("data", "languages")
    return {
        p.name[:-5]: json.loads(p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".json")
    }


_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "$"})


def build(seed: int = SEED) -> list[Example]:
    """Every example, deterministic for a seed."""
    rng = random.Random(seed)
    out: list[Example] = []
    for code, data in sorted(_languages().items()):
        for kind, phrases in sorted(data.get("abuse", {}).items()):
            for p in phrases:
                p = p.replace(" ~ ", " ").replace("~1 ", "").replace("~2 ", "").replace("~3 ", "").replace("*", "")
                for carrier in rng.sample(MESSAGE_CARRIERS, 2):
                    out.append(Example(carrier.format(p=p), "abuse", kind, f"{code}:{p}"))
        for w in data.get("insults", {}).get("words", []):
            for you in data.get("insults", {}).get("you", [])[:2] or [""]:
                text = f"{you} {w}".strip()
                out.append(Example(rng.choice(MESSAGE_CARRIERS).format(p=text), "abuse", "insult", f"{code}:{w}"))
                out.append(Example(text.translate(_LEET), "abuse", "insult_obfuscated", f"{code}:{w}"))
        for kind, phrases in sorted(data.get("prohibited", {}).items()):
            for p in phrases:
                p = p.replace(" ~ ", " ").replace("~1 ", "").replace("~2 ", "").replace("~3 ", "").replace("*", "")
                for carrier in rng.sample(POST_CARRIERS, 2):
                    out.append(Example(carrier.format(p=p), "prohibited", kind, f"{code}:{p}"))
        for kind, phrases in sorted(data.get("scam", {}).items()):
            for p in phrases:
                p = p.replace(" ~ ", " ").replace("~1 ", "").replace("~2 ", "").replace("~3 ", "").replace("*", "")
                out.append(Example(rng.choice(SCAM_CARRIERS).format(p=p), "scam", kind, f"{code}:{p}"))
        for p in data.get("pay_outside", []):
            p = p.replace(" ~ ", " ").replace("~1 ", "").replace("~2 ", "").replace("~3 ", "").replace("*", "")
            out.append(Example(rng.choice(SCAM_CARRIERS).format(p=p), "pay_outside", "pay_outside", f"{code}:{p}"))
        for p in data.get("warning", []):
            out.append(Example(f"Be careful: {p}", "honest_message", "warning", f"{code}:warn:{p}"))
        for p in data.get("abuse_not", []) + data.get("prohibited_not", []):
            out.append(Example(p, "honest_message", "context_word", f"{code}:not:{p}"))
    for kind, texts in ABUSE.items():
        for t in texts:
            out.append(Example(t, "abuse", kind, f"hand:{t}"))
            out.append(Example(rng.choice(MESSAGE_CARRIERS).format(p=t), "abuse", kind, f"hand:{t}"))
    for code, (nouns, frames) in HONEST_FRAMES.items():
        for frame in frames:
            for x in nouns:
                t = frame.format(x=x)
                out.append(Example(t[0].upper() + t[1:], "honest_message", "frame", f"frame:{code}:{frame}"))
    for t in SCAM:
        out.append(Example(t, "scam", "hand", f"hand:{t}"))
    for t in PAY_OUTSIDE:
        out.append(Example(t, "pay_outside", "hand", f"hand:{t}"))
    for t in HONEST_MESSAGES:
        out.append(Example(t, "honest_message", "hand", f"hand:{t}"))
    for kind, texts in PROHIBITED.items():
        for t in texts:
            out.append(Example(t, "prohibited", kind, f"hand:{t}"))
            out.append(Example(rng.choice(POST_CARRIERS).format(p=t), "prohibited", kind, f"hand:{t}"))
    for t in HONEST_POSTS:
        out.append(Example(t, "honest_post", "hand", f"hand:{t}"))

    def fill(template: str) -> str:
        return template.format(n=rng.choice((5, 10, 20, 40, 100)), place=rng.choice(_PLACES),
                               platform=rng.choice(_PLATFORMS), subject=rng.choice(_SUBJECTS),
                               doc=rng.choice(_DOCS), social=rng.choice(_SOCIAL))  # fmt: skip

    for kind, templates in COMPOSED_PROHIBITED.items():
        for template in templates:
            for _ in range(6):
                out.append(Example(fill(template), "prohibited", kind, f"composed:{template}"))
    for template in COMPOSED_HONEST:
        for _ in range(8):
            out.append(Example(fill(template), "honest_post", "composed", f"composed:{template}"))
    # the demo's job posts: a title, the need, and the intro a client writes
    from workfair.accounts.demo_text import BUSINESSES, PLACES, SIZES
    from workfair.jobs.demo_text import JOB_INTROS
    from workfair.skills.demo_text import CATEGORIES

    for spec in CATEGORIES:
        for title, need in spec.jobs:
            for _ in range(3):
                business = rng.choice(BUSINESSES)
                city = rng.choice(PLACES)[0]
                intro = rng.choice(JOB_INTROS).format(size=rng.choice(SIZES), business=business, city=city)
                text = f"{title.format(business=business)}\n\n{intro} {need.format(business=business)}"
                out.append(Example(text, "honest_post", "demo", f"demo:{title}"))
    # the template sets' honest messages: marketplace talk with numbers, brands and services
    from benchmarks.screening import languages, obfuscation

    for case in obfuscation.benign(random.Random(seed), 600):
        out.append(Example(case.messages[-1], "honest_message", "template", f"obf:{case.messages[-1]}"))
    for case in languages.build():
        if not case.positive:
            out.append(Example(case.text, "honest_message", "template", f"lang:{case.text}"))
    return out


def is_validation(ex: Example) -> bool:
    """A fixed 20% of the groups (by CRC32 of the group), the same on every machine."""
    return zlib.crc32(ex.group.encode("utf-8")) % 5 == 0
