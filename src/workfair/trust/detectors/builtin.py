"""Imports the built-in detector modules so they register themselves (order = report order)."""

from workfair.trust.detectors import abuse, contact, payment, scam, spam  # noqa: F401
