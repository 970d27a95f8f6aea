"""The words of the demo proposals: cover letters (plain data for `workfair.proposals.demo`)."""

from __future__ import annotations

COVER_OPENINGS: tuple[str, ...] = (
    "Hello, I read your post carefully and this is work I enjoy.",
    "Hi, thank you for the clear description of the project.",
    "Hello, I have done very similar work for two clients this year.",
    "Hi there, your project caught my eye because it is close to what I do every day.",
    "Hello, I would like to help with this.",
)

COVER_BODIES: tuple[str, ...] = (
    "I have {years} years of experience with {skill_a} and {skill_b}, and I would start by agreeing on the "
    "scope in a short call, then deliver in small steps you can review.",
    "Most of my recent work used {skill_a}; I would first look at what you have today, list the risks, "
    "and propose a plan with a first milestone you can check within a week.",
    "My approach: understand the goal, build the smallest useful version with {skill_a}, then improve it "
    "with your feedback. I also work a lot with {skill_b}.",
    "I focus on {skill_a} and {skill_b}. I write down decisions as I go so you are never left guessing "
    "what was done and why.",
)

COVER_CLOSINGS: tuple[str, ...] = (
    "I can start this week and I am available about {hours} hours a week.",
    "Happy to answer any questions here before you decide.",
    "I would be glad to show examples of similar work in a conversation.",
    "I keep my estimates honest; if something turns out bigger than expected, you hear it from me first.",
)
