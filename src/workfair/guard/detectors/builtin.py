"""Imports the built-in detector modules so they register themselves (order = report order)."""

from workfair.guard.detectors import (  # noqa: F401
    abuse,
    contact,
    job_content,
    learned,
    lexicon,
    payment,
    rails,
    scam,
    spam,
)
