"""The demo conversations (plain data for `workfair.messaging.demo` and the steps that talk)."""

from __future__ import annotations

# A conversation about a proposal: the client starts; turns alternate client, freelancer, ...
INTERVIEW_TURNS: tuple[tuple[str, ...], ...] = (
    (
        "Thanks for your proposal, {freelancer}. Could you tell me more about how you would approach this?",
        "Thank you for asking, {client}. I would start with a short review of what exists, then agree on a "
        "first milestone we can both check within a week.",
        "That sounds sensible. How do you usually keep clients updated during the work?",
        "A short written update twice a week, and a demo at the end of each milestone. Questions are welcome "
        "any time here.",
        "Great. I will prepare an offer today.",
    ),
    (
        "Hello {freelancer}, your proposal stood out. Have you worked with a {business} before?",
        "Not exactly, but I worked with two very similar teams last year, so the problems are familiar.",
        "Good to know. What would you need from us in the first week?",
        "Access to what you have today, one person who can answer questions, and an hour for a kick-off call.",
    ),
    (
        "Hi {freelancer}, thanks for applying. Is your estimate for the whole scope described in the post?",
        "Yes, for everything in the post. If the scope grows, I would tell you before doing extra work.",
        "Perfect. And when could you start?",
        "I can start on Monday.",
        "Let me discuss it with my team and get back to you tomorrow.",
    ),
    (
        "Hello {freelancer}. Could you share an example of similar work in this conversation?",
        "Of course. The closest example is in my portfolio: a project with the same kind of deadline and team size.",
        "I had a look, nice work. One more question: how do you handle feedback rounds?",
        "I collect feedback in one list per round, confirm what I will change, and then deliver it in one go.",
    ),
)

# A conversation on a running contract: the client starts.
CONTRACT_TURNS: tuple[tuple[str, ...], ...] = (
    (
        "Welcome aboard, {freelancer}! The brief is in the contract description. Let me know if anything is unclear.",
        "Thanks, {client}! Everything is clear. I will send the first update on Thursday.",
        "Here is the first update: the groundwork is done and I have a couple of questions about the details.",
        "Thanks for the update. I answered your questions in the shared document.",
    ),
    (
        "Hi {freelancer}, glad to be working together. What do you need from me to get going?",
        "Just the access we discussed and the list of priorities. I will take it from there.",
        "Done, you should have everything now.",
        "Got it, thank you. Starting today.",
        "Quick check-in: how is it going?",
        "Good progress. The first part is ready for you to review.",
    ),
    (
        "Hello {freelancer}, the contract has started. Shall we do a short kick-off call this week?",
        "Yes, Wednesday afternoon works for me. I will prepare a short plan to go through.",
        "Wednesday it is. Looking forward to it.",
    ),
)
