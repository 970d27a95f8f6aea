"""The trust-and-safety engine. This package starts with the conversation guard's text screening
(`workfair.guard.screening.screen_text`), which needs neither Django settings nor a database."""
