"""Side-by-side benchmark of the conversation guard's screening (run: python -m benchmarks.screening)."""
