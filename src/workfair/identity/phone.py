"""Phone verification: numbers, codes by text or voice, one account per number."""
