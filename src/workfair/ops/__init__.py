"""Running Workfair as a service: health checks, Prometheus metrics, JSON logs, backups.

The operator's view of the whole (docs/operations.md). It stands on the top floor beside web and
console: it reads other apps' tables to count things, and writes nothing of theirs.
"""
