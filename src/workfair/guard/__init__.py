"""The conversation guard: a pure library (no Django, no database) that reads a text and decides it.

    from workfair.guard.decisions import screen_text
    result = screen_text("call me on five five five 0123 4567", surface="message")
    result.decision, result.masked_text, result.findings

Rooms: `normalize` (the layers a text is read in), `detectors/` (text and signal detectors,
registered by name), `findings`, `screening` (text -> findings), `rules` (the rule language and the
shipped default rules), `decisions` (findings -> rules -> verdict), `masking`, `cli` (`workfair
screen`). The trust engine (`workfair.trust`) stands on it: it records signals, keeps versioned
policies in the database, and carries out what the verdicts say.
"""
