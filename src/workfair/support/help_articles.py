"""The help centre's starting articles: written for this marketplace, from its rules
(docs/rules.md). `workfair seed` loads them (support/demo.py); an operator edits them in the console.

Each entry: (category, title, summary, Markdown body)."""

from __future__ import annotations

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("Payments and fees", "Escrow, fees, withdrawals and when money becomes available."),
    ("Contracts and disputes", "Offers, milestones, hourly weeks, ending a contract and disputes."),
    ("Verification", "Phone and identity verification and the badges they give."),
    ("Rules and safety", "What you may share before a contract, reports, warnings and appeals."),
    ("Your account", "Signing in, two-factor authentication and getting help."),
)

ARTICLES: tuple[tuple[str, str, str, str], ...] = (
    (
        "Payments and fees",
        "What fees does Workfair charge?",
        "Clients pay a 5 % marketplace fee on what they fund; freelancers pay 10 % when money is released.",
        """Workfair charges two fees, each on one side of a payment:

| Who | Fee | When |
|---|---|---|
| Client | 5 % marketplace fee | when you fund a milestone into escrow |
| Freelancer | 10 % service fee | when escrow is released to you |

**Examples.** A client funds a milestone of 200.00: the card is charged 210.00 (200.00 + 10.00 fee).
When the milestone is approved, the freelancer receives 180.00 (200.00 minus 20.00 service fee).

If escrow is refunded to the client, the marketplace fee is refunded in proportion. Your full history
of charges, fees and payouts is on the **Money** page, and you can download it as CSV.""",
    ),
    (
        "Payments and fees",
        "How does escrow protect a fixed-price contract?",
        "Each milestone is funded into escrow before work starts and released when the client approves it.",
        """On a fixed-price contract every milestone is **funded into escrow before work starts** (at least
5.00). The money leaves the client's card but is held by Workfair, not paid to the freelancer yet.

1. The client funds the milestone.
2. The freelancer works and **submits** it.
3. The client **approves** (the money is released), or **asks for changes**.
4. If the client does nothing, the milestone is **released automatically 14 days** after submission.

So the freelancer knows the money exists before working, and the client pays only for work
submitted. If the client ends a contract with money still in escrow, the freelancer has 7 days to
dispute; otherwise it is refunded.""",
    ),
    (
        "Payments and fees",
        "When can I withdraw my earnings?",
        "Released money is held 5 days, then you can withdraw 10.00 or more to a verified bank account.",
        """Money released from escrow first shows as **pending** for **5 days**, then becomes **available**.

To withdraw:
- add and verify a bank account on the **Money** page;
- withdraw at least **10.00**;
- your **first withdrawal is held 3 days** before it is sent, as a safety check.

An account under a **restriction** cannot withdraw until the restriction ends (see *Warnings,
restrictions and bans*). Hourly earnings become available 10 days after the work week closes.""",
    ),
    (
        "Payments and fees",
        "Why do I need a verified payment method to hire?",
        "A client needs a verified card before making an offer; it also shows the Payment verified badge.",
        """Before a client can **make an offer**, Workfair needs a **verified payment method**. Add a card under
**Payment methods** in your account menu and confirm it.

A verified card:
- lets you make offers and fund milestones;
- shows **Payment verified** on your job posts, so freelancers know you can pay;
- is required for **hourly protection** of the freelancers you hire.

A **chargeback** on a card freezes what is still in escrow from that charge and opens a case for
the trust team.""",
    ),
    (
        "Contracts and disputes",
        "How do hourly contracts and the work week work?",
        "Weeks run Monday to Sunday UTC; edit until Monday 12:00, clients may dispute until Friday.",
        """Hourly work is counted in **work weeks from Monday 00:00 to Sunday 23:59 UTC**.

- The freelancer tracks time in **10-minute segments** with the desktop tracker; each has a
  screenshot, an activity level and a memo.
- The freelancer can edit or delete last week's segments until **Monday 12:00 UTC**; then the week
  locks and the client is invoiced.
- The client can **dispute hours until Friday 23:59 UTC**.
- Money becomes available to the freelancer **10 days** after the week closes.

Hours over the client's **weekly limit** are not billed. **Hourly protection** pays eligible hours
even if the client does not: tracked (not manual) time, with screenshot and memo, by a verified
freelancer for a client with a verified payment method, both in good standing.""",
    ),
    (
        "Contracts and disputes",
        "How do I open a dispute?",
        "Disputes on fixed-price escrow go to mediation (up to 30 days), then optional arbitration.",
        """**Fixed price.** If you cannot agree about a milestone, open a dispute from the contract page.
A mediator works with both of you for **up to 30 days**. If mediation fails, either side can ask for
**arbitration**, which costs a percentage of the amount with a small minimum, so small disputes stay
worth it. If a client ends a contract with money in escrow, the freelancer has **7 days** to dispute
before it is refunded.

**Hourly.** A client who disagrees with billed hours disputes them in the review window (until
Friday 23:59 UTC). The contract is paused, the freelancer has **3 days** to answer, and staff decide
segment by segment.

Keep all communication on Workfair: it is the evidence mediators read.""",
    ),
    (
        "Contracts and disputes",
        "How do reviews (feedback) work?",
        "Both sides have 14 days after a contract ends; reviews stay hidden until both have written.",
        """After a contract **with money paid** ends, the client and the freelancer each have **14 days** to
leave feedback.

Reviews are **double-blind**: neither side sees the other's review until **both have written** or the
14 days are over. Nothing tells you whether the other side has written yet, so nobody can retaliate.

You can answer a review of you once it is public. Your **Job Success Score** is computed from the
outcomes of your contracts.""",
    ),
    (
        "Verification",
        "How do I verify my phone number?",
        "Enter your number, then the 5-digit code sent by text or voice call; VoIP numbers are not accepted.",
        """Go to **Settings → Phone** and enter your mobile number.

- You receive a **5-digit code** by text message, or by **voice call** if you choose.
- The code expires quickly and you have a limited number of attempts and resends.
- **VoIP and virtual numbers are refused**, and **one number can verify only one account**.

Didn't get the code? Check the number and its country code, wait a minute, then ask for a voice call
instead.""",
    ),
    (
        "Verification",
        "How do I get the Identity verified badge?",
        "Upload an ID document and a selfie, then take a short live video check.",
        """The **Identity verified** badge tells clients and freelancers you are who you say you are.

1. Open **Settings → Identity verification**.
2. Upload a photo of your **ID document** (passport, ID card or driving licence) and a **selfie**.
3. Book and take a short **live video check** with our team.

Your documents are **encrypted at rest**, every staff read is logged, and images are deleted after
the check. One person may have one account: a second account of the same person is refused.""",
    ),
    (
        "Rules and safety",
        "Why was my message blocked for contact details?",
        "Before a contract starts, phone numbers, e-mails, handles, links and payment details are not allowed.",
        """Until a contract starts, you may not share anything that lets someone **reach or pay you outside
Workfair**:

- phone numbers and e-mail addresses;
- messenger and social handles (WhatsApp, Telegram, Skype, Discord, Instagram, …);
- links to outside profiles, sites with contact forms, meeting or calendar links;
- payment details (IBAN, card numbers, PayPal, crypto wallets) and offers to pay outside the platform.

Spelling digits out, adding spaces, writing "at" and "dot" or splitting details over several messages
counts too. You see a warning **while you type**. **After a contract starts**, sharing contact details
is allowed. Why: off-platform payments lose escrow, hourly protection and dispute help, and are the
most common route for scams.""",
    ),
    (
        "Rules and safety",
        "How do I appeal a decision about my account or content?",
        "Appeal from the decision's page within 6 months; a different person decides.",
        """Every decision about your account or content comes with a **statement of reasons**: the rule, the
evidence, whether it was automated, and how to appeal.

To appeal, open **Trust → Decisions**, choose the decision and press **Appeal**. Explain why it is
wrong and add anything that helps.

- Appeals are open for **6 months**.
- A **different person** than the one who decided first looks at it.
- If you win, the effects are reversed and the same rule cannot strike again for the same evidence.""",
    ),
    (
        "Rules and safety",
        "Warnings, restrictions and bans: what do they mean?",
        "Notice, warning, temporary restriction, suspension, ban; strikes expire after 90 days.",
        """Workfair enforces its rules on a ladder: **notice → warning → temporary restriction → suspension →
permanent ban**.

- Each rule broken adds **strikes**, which expire (by default after **90 days**).
- An automatic decision moves an account **at most one rung**; anything further is decided by a
  person.
- A **restricted** account may finish its current contracts but cannot bid, post jobs, start
  contracts or withdraw.

See your standing under **Trust → Standing**. You can appeal any decision.""",
    ),
    (
        "Rules and safety",
        "How do I report a job, profile or message?",
        "Use Report on the item; the trust team reviews it and you are told the outcome.",
        """Anyone can report anything. Use **Report** on a job post, profile, proposal, review or message,
choose the reason and add details.

Report especially: requests to pay or talk outside Workfair, fake reviews, academic cheating, unpaid
"test" work, pay-to-apply, harassment or threats. Reports go to the trust team's queue; job posts are
reviewed within 30 minutes, day and night.""",
    ),
    (
        "Your account",
        "How do I contact support?",
        "Search the help centre, then open a ticket: a person answers within 4 hours, day and night.",
        """1. **Search the help centre** first: many answers are here.
2. Still stuck? Open a **support ticket** (**Contact support** on the help centre, or **Support
   tickets** in your account menu). Choose a category, describe the problem, attach a screenshot if
   it helps.
3. A person answers **within 4 hours**, around the clock. You get the answer by e-mail and on the
   ticket page, and you can **reply to the e-mail** to answer back.

Close the ticket when your question is settled; replying opens it again.""",
    ),
    (
        "Your account",
        "How do I turn on two-factor authentication?",
        "Add an authenticator app under Settings; staff accounts must use it.",
        """Go to **Settings → Two-factor authentication**, scan the QR code with an authenticator app and
enter the 6-digit code it shows. From then on you sign in with your password and a code.

Save the **recovery codes** somewhere safe: they let you in if you lose your phone. API tokens made
from a signed-in session need the code too, and all tokens end when your password changes.""",
    ),
)

CANNED_REPLIES: tuple[tuple[str, str], ...] = (
    (
        "Thanks, looking into it",
        "Thank you for writing to us. I am looking into this now and will come back to you with an answer shortly.",
    ),
    (
        "Withdrawal timing",
        "Released money is held 5 days before it becomes available, and a first withdrawal is held 3 more days "
        "as a safety check. You can see each amount and its date on your Money page.",
    ),
    (
        "Contact details rule",
        "Before a contract starts, contact and payment details cannot be shared on Workfair: this keeps escrow, "
        "hourly protection and dispute help on your side. Once the contract starts you can share them freely.",
    ),
)
