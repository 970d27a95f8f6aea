"""Identity verification: documents and selfies (safe image intake, automatic checks), the workflow up to
the moderator's review, and the Stripe Identity vendor."""
