"""The words around a demo job post's need: its opening and closing lines (plain data for
`workfair.jobs.demo`; each category's titles and needs are in `workfair.skills.demo_text`).
"""

from __future__ import annotations

JOB_INTROS: tuple[str, ...] = (
    "We are a {size} {business} based in {city}.",
    "Our {business} in {city} has grown faster than our tools.",
    "We run a {size} {business} with customers in {city} and far beyond.",
    "I own a {business} in {city} and I am looking for help with a focused project.",
    "We are a {size} {business} and this is our first project on Workfair.",
)

JOB_CLOSINGS: tuple[str, ...] = (
    "In your proposal, tell us about a similar project and how you would approach this one.",
    "Please describe how you would split the work and what you would need from us to start.",
    "Tell us which part of this you find hardest and how you would handle it.",
    "A short, specific proposal is better than a long generic one. We read every one.",
    "We answer every proposal within a few days, including the ones we do not take forward.",
)
