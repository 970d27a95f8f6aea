# ruff: noqa: E501 - the form letters are one line each, as people paste them
"""A generated, labelled set of cover letters (seeded, reproducible), for the template detector.

Jobs: 40 posts from the topics below (title + a description built from its specifics). People:
- honest freelancers write a specific letter for each job they answer: 4 to 6 sentences drawn
  from 30 sentence frames filled with the job's own specifics (so two letters of one person share
  phrasing, as real letters do, but talk about different things);
- short-letter freelancers write one or two specific sentences;
- template senders pick one of 12 form letters and send it to 3 to 6 jobs, each time with a light
  edit (greeting, a few synonyms, the job's title in an opening line) or a heavy edit (sentences
  dropped and shuffled, a fifth of the words swapped for synonyms, one job-specific sentence added);
- copiers take another account's letter (specific or form) and send it with a light edit.

Labels: a letter is a template when the same person sent a version of it before (the second and
later sendings), or a copy of another account's earlier letter. A form letter's first sending is
not (nothing to compare it with yet) unless another account sent the same form letter before (then
it is a copy); neither is any specific or short letter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

TOPICS: list[tuple[str, list[str]]] = [
    ("Upgrade a Django 3.2 app to Django 5", ["django", "celery", "postgresql", "deprecations", "test suite"]),
    ("Shopify store speed on mobile", ["shopify", "lighthouse", "dawn theme", "liquid", "lazy loading"]),
    ("Logo for an organic bakery", ["logo", "bakery", "colour palette", "kraft bags", "brand guide"]),
    ("React Native app for dog walkers", ["react native", "maps", "push notifications", "expo", "bookings"]),
    ("Translate a cookbook from French to English", ["french", "recipes", "measurements", "glossary", "proofreading"]),
    ("Bookkeeping for a small cafe in Xero", ["xero", "bank reconciliation", "vat", "payroll", "receipts"]),
    (
        "Podcast editing for a weekly history show",
        ["audition", "noise reduction", "intro music", "show notes", "loudness"],
    ),
    ("Kubernetes migration from Heroku", ["kubernetes", "helm", "heroku", "postgres", "autoscaling"]),
    ("SEO audit for a travel blog", ["seo", "core web vitals", "backlinks", "keywords", "search console"]),
    ("Excel dashboard for a sales team", ["excel", "pivot tables", "power query", "charts", "forecast"]),
    ("Wedding video highlights", ["premiere", "colour grading", "drone footage", "music licensing", "highlights"]),
    ("Python scraper for real estate listings", ["scrapy", "proxies", "listings", "csv export", "rate limits"]),
    ("Children's book illustrations", ["watercolour", "characters", "storyboard", "print ready", "spreads"]),
    ("WordPress membership site", ["wordpress", "memberpress", "stripe", "woocommerce", "user roles"]),
    ("Data pipeline in Airflow and BigQuery", ["airflow", "bigquery", "dbt", "scheduling", "data quality"]),
    ("Customer support in Zendesk, nights", ["zendesk", "macros", "night shift", "refunds", "tickets"]),
    ("Pitch deck for a fintech seed round", ["pitch deck", "investors", "market size", "fintech", "financial model"]),
    ("Unity mobile puzzle game", ["unity", "c#", "level design", "ads sdk", "puzzles"]),
    ("Legal review of a SaaS contract", ["saas agreement", "liability cap", "gdpr", "indemnity", "termination"]),
    (
        "Amazon product photos for ceramics",
        ["product photography", "white background", "ceramics", "lighting", "amazon"],
    ),
    ("Rust CLI tool for log parsing", ["rust", "clap", "regex", "performance", "log files"]),
    ("Email newsletter copy for a yoga studio", ["newsletter", "mailchimp", "yoga", "subject lines", "open rates"]),
    ("Figma redesign of a banking app", ["figma", "design system", "accessibility", "onboarding", "prototypes"]),
    ("Machine learning churn model", ["churn", "xgboost", "feature engineering", "auc", "cohorts"]),
    ("Voice over for an explainer video", ["voice over", "american accent", "script", "studio microphone", "timing"]),
    ("Fix iOS crash on launch", ["swift", "crash logs", "xcode", "core data", "testflight"]),
    ("Virtual assistant for a real estate agent", ["calendar", "crm", "listings", "email triage", "follow ups"]),
    ("3D render of a kitchen interior", ["blender", "kitchen", "materials", "lighting", "photorealistic"]),
    ("Go microservice for payments", ["golang", "grpc", "idempotency", "stripe", "postgres"]),
    (
        "Google Ads for a dental clinic",
        ["google ads", "dental", "conversion tracking", "landing page", "cost per lead"],
    ),
    (
        "Technical writing for an API reference",
        ["openapi", "api reference", "code samples", "authentication", "errors"],
    ),
    ("Salesforce CPQ setup", ["salesforce", "cpq", "price rules", "quotes", "approvals"]),
    ("Mobile game soundtrack", ["soundtrack", "loops", "fmod", "orchestral", "sound effects"]),
    ("Penetration test of a web app", ["penetration test", "owasp", "burp suite", "authentication", "report"]),
    ("Resume and LinkedIn rewrite for a nurse", ["resume", "linkedin", "nursing", "achievements", "ats"]),
    ("Vue dashboard for IoT sensors", ["vue", "websockets", "charts", "sensors", "mqtt"]),
    ("Etsy listing descriptions for jewellery", ["etsy", "jewellery", "listings", "keywords", "silver"]),
    ("Tax return for a US freelancer abroad", ["tax return", "feie", "form 2555", "self employment", "irs"]),
    ("Animated logo intro for YouTube", ["after effects", "animation", "logo", "youtube", "sound design"]),
    ("Data entry from scanned invoices", ["data entry", "invoices", "accuracy", "spreadsheet", "ocr"]),
]

FRAMES = [
    "I have worked with {a} for {n} years, most recently on a project much like yours.",
    "For your {t} I would start with the {a} and then move on to the {b}.",
    "The part about {a} caught my eye: I did exactly that for a client last spring.",
    "My plan: first a short call about the {b}, then a first version of the {a} within {n} days.",
    "One question before I start: how do you handle the {c} today?",
    "I noticed you mention {c}; I would keep that in mind from the first day.",
    "Last year I delivered a {a} project where the {b} was the hardest part.",
    "I can show you two examples of {a} work in my portfolio.",
    "The {c} is where these jobs usually go wrong, so I would test it early.",
    "I would keep you updated twice a week on the {b} and the {a}.",
    "Your budget fits a careful job on the {a}; the {b} may need a second pass.",
    "I am comfortable with {b} and {c}, and I have shipped both under deadlines.",
    "If the {a} is ready by Friday, the {c} can follow the week after.",
    "I read your post twice: the {t} needs someone who knows {b} well.",
    "A similar {a} job I did cut the time spent on {c} by half.",
    "I would rather ask about the {c} now than guess later.",
    "My last three clients hired me for {a} and kept me for {b}.",
    "I will write down what I change in the {b} so your team can follow it.",
    "To be honest, {c} is newer to me than {a}, but I learn fast and test carefully.",
    "For the {b} I use a checklist I built over {n} projects.",
    "Please tell me which {a} tools you already pay for.",
    "I live in a time zone close to yours, so the {c} questions get quick answers.",
    "I would split the {t} into three milestones: {a}, {b}, and {c}.",
    "The {a} you describe reminds me of a job for a bakery chain, which went well.",
    "A fixed price works for me if the {c} stays as described.",
    "I can start on Monday with the {a} audit.",
    "Your mention of {b} tells me you care about quality, and so do I.",
    "I have a template for {c} reports that clients found useful.",
    "Before quoting the {b}, I would like to see the current {a}.",
    "I am happy to do a small paid test on the {c} first.",
]

FORMS = [
    "Hello, I am a highly skilled professional with over ten years of experience. I have completed hundreds of projects successfully and my clients always leave five star reviews. I can start right away and I guarantee top quality work delivered on time and within your budget. Please message me so we can discuss the details. Looking forward to working with you.",
    "Dear Sir or Madam, I have carefully read your job description and I am confident that I am the best candidate for this position. I have all the skills required and I always deliver excellent results. My rates are competitive and I am available full time. Kindly check my profile and contact me for further discussion. Best regards.",
    "Hi! I am very interested in your project. I am an expert in this field with many satisfied customers worldwide. Quality and communication are my top priorities. I will deliver fast and offer unlimited revisions until you are completely happy. Let's chat and get started today!",
    "Greetings, I hope you are doing well. I went through your requirements and I can do this job perfectly. I have done similar work many times before and I know exactly what you need. I am honest, hardworking and available around the clock. Hire me and you will not regret it. Thank you for your time.",
    "Hello there, my name is Alex and I am a professional freelancer. I specialise in delivering high quality results for clients all over the world. Your project is exactly what I do best. I offer fast turnaround, clear communication and a satisfaction guarantee. Send me a message and I will reply within minutes.",
    "Good day, I would love to help you with this project. With my strong background and attention to detail I am sure I can exceed your expectations. I have a proven track record of success and I always meet deadlines. I am available to start immediately. Waiting for your positive response.",
    "Hi, thanks for posting this job. I am a top rated freelancer with a hundred percent job success score. I have the right experience and skills to complete your task quickly and accurately. My work is always original and professional. Please consider my proposal, I am ready to begin now.",
    "Dear client, I am writing to express my interest in your project. I believe my experience makes me a perfect fit. I am a fast learner, detail oriented and committed to client satisfaction. I will work closely with you to make sure everything is done right. I look forward to hearing from you soon.",
    "Hey, I can do this for you. I have done this kind of job more than fifty times and every client was happy. I work fast, I am cheap and I am online every day. Just send me the details and I will start. You will get the best result on this platform.",
    "Hello, I am excited to apply for your job. As an experienced and dedicated professional I deliver outstanding work that meets all requirements. I value long term relationships and I am always available for updates and changes. Feel free to review my portfolio. Thank you and have a great day.",
    "Hi, I have read your post and I fully understand what you need. I have the expertise and tools to do it right the first time. I provide daily updates, meet every deadline and keep my prices fair. Many happy clients can confirm my quality. Let us discuss your project in chat.",
    "Dear hiring manager, I am a passionate and reliable freelancer ready to take on your project. I combine creativity with technical skill and I always go the extra mile. Your satisfaction is my priority and I will not stop until the work is perfect. Please contact me to get started.",
]

GREETINGS = ["Hello,", "Hi,", "Hi there,", "Dear client,", "Good day,", "Greetings,", "Hey,"]
SYNONYMS = {
    "experience": "expertise",
    "projects": "jobs",
    "quality": "standard",
    "deliver": "provide",
    "professional": "specialist",
    "excellent": "great",
    "fast": "quick",
    "available": "free",
    "happy": "satisfied",
    "work": "job",
    "skills": "abilities",
    "clients": "customers",
    "perfect": "ideal",
    "start": "begin",
    "project": "task",
    "contact": "message",
    "always": "constantly",
}


@dataclass(frozen=True, slots=True)
class Letter:
    index: int
    author: int
    job: int
    text: str
    kind: str  # specific, short, template_first, template_light, template_heavy, copy
    is_template: bool


def job_post(topic: tuple[str, list[str]]) -> tuple[str, str]:
    title, terms = topic
    description = (
        f"We need help with {terms[0]} and {terms[1]}. Experience with {terms[2]} matters; "
        f"{terms[3]} is part of the job and we expect care with {terms[4]}. Please tell us how you would do it."
    )
    return title, description


def specific(rng: random.Random, topic: tuple[str, list[str]], sentences: int) -> str:
    title, terms = topic
    a, b, c = rng.sample(terms, 3)
    frames = rng.sample(FRAMES, sentences)
    return " ".join(f.format(a=a, b=b, c=c, t=title.lower(), n=rng.randint(2, 9)) for f in frames)


def _synonyms(rng: random.Random, text: str, share: float) -> str:
    out = []
    for word in text.split(" "):
        bare = word.strip(".,!").lower()
        if bare in SYNONYMS and rng.random() < share:
            word = word.replace(bare, SYNONYMS[bare])
        out.append(word)
    return " ".join(out)


def light_edit(rng: random.Random, text: str, title: str) -> str:
    first, _, rest = text.partition(" ")
    text = (rng.choice(GREETINGS) + " " + rest) if first.endswith(",") or first.endswith("!") else text
    text = _synonyms(rng, text, 0.3)
    if rng.random() < 0.6:
        text = f"Regarding your post “{title}”: " + text
    return text


def heavy_edit(rng: random.Random, text: str, topic: tuple[str, list[str]]) -> str:
    sentences = [s.strip() for s in text.replace("!", ".").split(".") if s.strip()]
    drop = rng.sample(range(len(sentences)), k=min(2, len(sentences) - 3)) if len(sentences) > 4 else []
    kept = [s for i, s in enumerate(sentences) if i not in drop]
    head, tail = kept[:1], kept[1:]
    rng.shuffle(tail)
    title, terms = topic
    extra = f"I also know {rng.choice(terms)} well, which your {title.lower()} needs"
    body = head + tail
    body.insert(rng.randint(1, len(body)), extra)
    return _synonyms(rng, ". ".join(body) + ".", 0.6)


def generate(
    seed: int = 17, honest: int = 60, short: int = 20, senders: int = 30, copiers: int = 25
) -> tuple[list[tuple[str, str]], list[Letter]]:
    """(job posts, letters in sending order)."""
    rng = random.Random(seed)
    posts = [job_post(t) for t in TOPICS]
    letters: list[Letter] = []
    author = 0

    def add(author_id: int, job: int, text: str, kind: str, is_template: bool) -> None:
        letters.append(Letter(len(letters), author_id, job, text, kind, is_template))

    plan: list[tuple[int, int, str, str, bool]] = []
    for _ in range(honest):
        author += 1
        for job in rng.sample(range(len(TOPICS)), rng.randint(3, 6)):
            plan.append((author, job, specific(rng, TOPICS[job], rng.randint(4, 6)), "specific", False))
    for _ in range(short):
        author += 1
        for job in rng.sample(range(len(TOPICS)), rng.randint(2, 4)):
            plan.append((author, job, specific(rng, TOPICS[job], rng.randint(1, 2)), "short", False))
    rng.shuffle(plan)
    for item in plan:
        add(*item)
    used_forms: set[str] = set()
    for _ in range(senders):
        author += 1
        form = rng.choice(FORMS)
        shared = form in used_forms  # another account sent this form letter before: a copy
        used_forms.add(form)
        heavy = rng.random() < 0.5
        jobs = rng.sample(range(len(TOPICS)), rng.randint(3, 6))
        for n, job in enumerate(jobs):
            title = TOPICS[job][0]
            if n == 0:
                add(author, job, light_edit(rng, form, title), "template_first", shared)
            elif heavy:
                add(author, job, heavy_edit(rng, form, TOPICS[job]), "template_heavy", True)
            else:
                add(author, job, light_edit(rng, form, title), "template_light", True)
    for _ in range(copiers):
        author += 1
        source = rng.choice([x for x in letters if x.kind in ("specific", "template_first")])
        job = source.job if rng.random() < 0.5 else rng.randrange(len(TOPICS))
        add(author, job, light_edit(rng, source.text, TOPICS[job][0]), "copy", True)
    return posts, letters
