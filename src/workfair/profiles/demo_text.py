"""The words of the demo profiles: company names, freelancer overviews, portfolios, employers
(plain data for `workfair.profiles.demo`).
"""

from __future__ import annotations

COMPANY_WORDS: tuple[tuple[str, ...], tuple[str, ...]] = (
    (
        "Northwind",
        "Bluebell",
        "Cedar",
        "Harbour",
        "Lumen",
        "Juniper",
        "Kestrel",
        "Meridian",
        "Oakridge",
        "Pinecone",
        "Quarry",
        "Riverside",
        "Saltmarsh",
        "Tamarind",
        "Willow",
        "Amber",
        "Brightwater",
        "Copperleaf",
    ),
    (
        "Studio",
        "Labs",
        "& Co.",
        "Works",
        "Collective",
        "Trading",
        "Health",
        "Foods",
        "Digital",
        "Partners",
        "Goods",
        "Bikes",
    ),
)

OVERVIEW_OPENINGS: tuple[str, ...] = (
    "I am a {title_lower} with {years} years of experience, mostly with small and mid-sized companies.",
    "For {years} years I have worked as a {title_lower}, first in-house and now independently.",
    "{title} based in {city}, working with clients in many time zones.",
)

OVERVIEW_MIDDLES: tuple[str, ...] = (
    "My core skills are {skills}. I like projects where I can own a piece of work from start to finish.",
    "I work mainly with {skills}, and I am careful about documentation and handover.",
    "Clients hire me for {skills}, and they come back because I communicate clearly and meet deadlines.",
)

OVERVIEW_CLOSINGS: tuple[str, ...] = (
    "I answer messages within a working day.",
    "I prefer clear milestones and regular short updates.",
    "Available for new projects from next month, part-time or full-time.",
    "I am happy to start with a small paid trial task.",
)

PORTFOLIO_ITEMS: tuple[tuple[str, str], ...] = (
    ("Booking flow for a clinic", "Redesigned and rebuilt the appointment booking; no-shows dropped by a third."),
    ("Shop relaunch", "Moved a small online shop to a new platform with all orders and customers intact."),
    ("Quarterly report", "Research, writing and charts for a 40-page report for a non-profit."),
    ("Brand refresh", "New logo, colours and templates for a regional food producer."),
    ("Internal dashboard", "A live view of orders and stock for a warehouse team of twenty."),
    ("Training videos", "A series of eight short tutorials with subtitles in three languages."),
    ("Cloud migration", "Moved three services to managed hosting with automated backups and monitoring."),
)

EMPLOYERS: tuple[str, ...] = (
    "Harbour Logistics",
    "Cedar Health",
    "Lumen Software",
    "Riverside Media",
    "Kestrel Consulting",
    "Amber Retail Group",
    "Meridian Bank",
    "Pinecone Games",
)
