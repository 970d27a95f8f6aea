"""The identity graph: normalised, keyed-hash identifiers, linked accounts and the ban-evasion check."""
