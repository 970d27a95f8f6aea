"""Imports the built-in detector modules so they register themselves (order = report order)."""

from workfair.guard.detectors import abuse, contact, job_content, lexicon, payment, rails, scam, spam  # noqa: F401

# isort: split
# the learned layer last: its whole-text findings are reported after the rules'
from workfair.guard.detectors import learned  # noqa: F401
