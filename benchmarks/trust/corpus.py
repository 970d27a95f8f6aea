"""Realistic actions for the trust-engine benchmark: messages, proposals and job posts.

Every text is different (a cache of earlier verdicts would not help), made with a fixed seed:

- messages: the screening benchmark's obfuscation set (hidden contact and payment details, with the
  earlier message as history where the detail is split over two) and its benign marketplace
  messages full of numbers, the demo marketplace's conversations, and a few scam and abuse lines;
- proposals: cover letters built like the demo marketplace's;
- job posts: title and description built like the demo marketplace's (about 500 characters).
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass
from typing import Any

from benchmarks.screening.obfuscation import build as obfuscation_set

SEED = 20260512


def _texts(app: str) -> Any:
    """The demo texts of `app` (each domain's demo_text module; in a baseline from before the demo
    was split, the one module of the web app), so a side-by-side run builds the same corpus."""
    try:
        return importlib.import_module(f"workfair.{app}.demo_text")
    except ImportError:
        return importlib.import_module("workfair.web.demo_text")


_EXTRA_MESSAGES = (
    "Add me on Telegram @fastpay_jobs and pay the 50 USD registration fee by gift card first",
    "You are a worthless idiot and I will make sure you regret this",
    "pay me outside the platform and we both save the fees",
    "We will send you a cheque, deposit it and buy the equipment from our approved vendor",
    "Send me your online banking login so I can transfer the bonus",
    "Let's talk on my phone +44 7700 900123 tomorrow",
)


@dataclass(frozen=True)
class Action:
    """One action to screen: its signal kind, surface, text and the sender's recent messages."""

    kind: str
    surface: str
    text: str
    history: tuple[str, ...] = ()


def _fill(template: str, rng: random.Random, **values: str) -> str:
    t = _texts("accounts")

    defaults = {
        "business": rng.choice(t.BUSINESSES),
        "city": rng.choice(t.PLACES)[0],
        "freelancer": rng.choice(t.FIRST_NAMES),
        "client": rng.choice(t.FIRST_NAMES),
        "size": rng.choice(t.SIZES),
        "years": str(rng.randint(2, 15)),
        "hours": str(rng.choice([10, 20, 30, 40])),
    }
    defaults.update(values)
    return template.format(**defaults)


def messages(rng: random.Random) -> list[Action]:
    t = _texts("messaging")

    positives, benign = obfuscation_set()
    out = [Action("message.sent", "message", c.messages[-1], tuple(c.messages[:-1])) for c in positives + benign]
    for turns in (*t.INTERVIEW_TURNS, *t.CONTRACT_TURNS):
        for k, turn in enumerate(turns):
            for _ in range(3):
                out.append(Action("message.sent", "message", _fill(turn, rng), tuple(turns[max(0, k - 2) : k])))
    out.extend(Action("message.sent", "message", text) for text in _EXTRA_MESSAGES)
    return out


def proposals(rng: random.Random, count: int = 300) -> list[Action]:
    t = _texts("proposals")
    CATEGORIES = _texts("skills").CATEGORIES

    out = []
    for _ in range(count):
        category = rng.choice(CATEGORIES)
        skill_a, skill_b = rng.sample(category.skills, k=2)
        letter = " ".join(
            (
                rng.choice(t.COVER_OPENINGS),
                _fill(rng.choice(t.COVER_BODIES), rng, skill_a=skill_a, skill_b=skill_b),
                _fill(rng.choice(t.COVER_CLOSINGS), rng),
            )
        )
        out.append(Action("proposal.sent", "proposal", letter))
    return out


def job_posts(rng: random.Random, count: int = 300) -> list[Action]:
    BUSINESSES = _texts("accounts").BUSINESSES
    t = _texts("jobs")
    CATEGORIES = _texts("skills").CATEGORIES

    out = []
    for _ in range(count):
        category = rng.choice(CATEGORIES)
        title_template, need_template = rng.choice(category.jobs)
        business = rng.choice(BUSINESSES)
        expectations = rng.sample(category.expectations, k=3)
        description = "\n\n".join(
            (
                _fill(rng.choice(t.JOB_INTROS), rng, business=business),
                _fill(need_template, rng, business=business),
                "What we expect:\n" + "\n".join(f"- {item[0].upper()}{item[1:]}." for item in expectations),
                f"The work should take {rng.choice(['less than a month', '1 to 3 months', '3 to 6 months'])}; "
                f"we would like to start {rng.choice(['as soon as possible', 'next week', 'next month'])}.",
                rng.choice(t.JOB_CLOSINGS),
            )
        )
        out.append(
            Action("job.submitted", "job_post", f"{_fill(title_template, rng, business=business)}\n\n{description}")
        )
    return out


def corpus(seed: int = SEED) -> dict[str, list[Action]]:
    """The actions by surface: "message", "proposal", "job_post"."""
    rng = random.Random(seed)
    return {"message": messages(rng), "proposal": proposals(rng), "job_post": job_posts(rng)}
