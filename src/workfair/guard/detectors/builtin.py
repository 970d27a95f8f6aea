"""Imports the built-in detector modules so they register themselves (order = report order)."""

from workfair.guard.detectors import abuse, contact, job_content, lexicon, payment, rails, scam, spam  # noqa: F401
from workfair.guard.detectors import learned  # noqa: F401  (last: the learned layer beside the rules)
