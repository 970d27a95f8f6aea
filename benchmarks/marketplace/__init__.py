"""Marketplace-core benchmarks: job search, sending a message, reading a conversation page."""
