"""The `workfair` command.

workfair run [--port N]     migrate, seed demo data the first time, serve on 127.0.0.1 (dev)
workfair serve [--port N]   serve with worker processes (production; run `migrate` first; docs/deploy.md)
workfair worker             a Celery worker (needs CELERY_BROKER_URL or REDIS_URL)
workfair seed               build the demo marketplace
workfair demo-code          the demo staff account's current two-factor code
workfair screen             screen JSON Lines from standard input (see docs/rules.md)
workfair backup ARCHIVE     the database and the private files into one archive (docs/operations.md)
workfair restore ARCHIVE    load an archive into an empty database and check every row and file
workfair <django command>   any manage.py command (migrate, createsuperuser, ...)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _manage(*argv: str) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["workfair", *argv])


def cmd_run(args: argparse.Namespace) -> int:
    _setup_django()
    if os.environ.get("RUN_MAIN") == "true":
        # the development server's auto-reloading child: the parent has migrated, seeded and
        # printed the logins already
        _manage("runserver", f"127.0.0.1:{args.port}")
        return 0
    from django.conf import settings

    settings_var = settings.VAR_DIR
    settings_var.mkdir(parents=True, exist_ok=True)
    _manage("migrate", "--noinput", "-v", "0")
    from workfair.demo.marketplace import demo_exists

    if not demo_exists():
        print("Seeding demo data (first run only)...", flush=True)
        _manage("seed")
    from workfair.demo.marketplace import print_demo_logins

    print_demo_logins(port=args.port)
    runserver_args = ["runserver", f"127.0.0.1:{args.port}"]
    if args.noreload:
        runserver_args.append("--noreload")
    _manage(*runserver_args)
    return 0


def default_workers() -> int:
    """Worker processes when the operator names none: two per core (measured: docs/deploy.md)."""
    return max(2, 2 * (os.cpu_count() or 1))


def cmd_serve(args: argparse.Namespace) -> int:
    if args.workers < 1 or args.db_pool < 0:
        print("error: --workers must be at least 1 and --db-pool at least 0", file=sys.stderr)
        return 2
    # Each process holds at most --db-pool PostgreSQL connections (0: no pool, one per thread).
    os.environ["DB_POOL_MAX_SIZE"] = str(args.db_pool)
    _setup_django()  # settings errors surface here, once, before any process starts
    if args.server == "daphne":
        from daphne.cli import CommandLineInterface

        CommandLineInterface().run(["-b", args.host, "-p", str(args.port), "config.asgi:application"])
        return 0
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("worker_class", "uvicorn_worker.UvicornWorker")
            self.cfg.set("graceful_timeout", 20)
            self.cfg.set("timeout", 60)

        def load(self) -> Any:
            from config.asgi import application

            return application

    Server().run()
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup_django()
    from config.celery import app

    app.worker_main(["worker", "--loglevel=INFO", "--beat", *args.rest])
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    _setup_django()
    _manage("seed", *args.rest)
    return 0


def cmd_demo_code(args: argparse.Namespace) -> int:
    _setup_django()
    _manage("demo_code")
    return 0


def cmd_screen(args: argparse.Namespace) -> int:
    from workfair.guard.cli import run_screen

    return run_screen(sys.stdin, sys.stdout, _operator_policy())


def cmd_backup(args: argparse.Namespace) -> int:
    _setup_django()
    from workfair.ops.backup import BackupError, backup, summary

    try:
        manifest = backup(Path(args.archive))
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({"archive": str(args.archive), **summary(manifest)}))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _setup_django()
    from workfair.ops.backup import BackupError, restore, summary

    try:
        report = restore(Path(args.archive), force=args.force)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in report.differences:
        print(f"error: {problem}", file=sys.stderr)
    print(json.dumps({"archive": str(args.archive), "complete": report.ok, **summary(report.manifest)}))
    return 0 if report.ok else 1


def _operator_policy() -> Any:
    """The active policy of the configured database (the trust engine's), or None (the shipped
    default rules) when there is no database or it holds none: `workfair screen` then needs nothing."""
    try:
        _setup_django()
        from workfair.trust.interface import active_policy

        policy = active_policy()
    except Exception:  # no settings, no database, no tables: the shipped defaults
        return None
    return policy if policy.version else None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="workfair", description="The Workfair marketplace.")
    sub = parser.add_subparsers(dest="command")
    default_port = int(os.environ.get("PORT", "8000"))
    p_run = sub.add_parser("run", help="migrate, seed once, and serve on 127.0.0.1 (development)")
    p_run.add_argument("--port", type=int, default=default_port)
    p_run.add_argument("--noreload", action="store_true")
    p_run.set_defaults(func=cmd_run)
    p_serve = sub.add_parser("serve", help="serve with worker processes (production)")
    # Loopback unless the operator says otherwise (HOST or --host): a server that is reachable from
    # every network by default is one nobody chose to expose.
    p_serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    p_serve.add_argument("--port", type=int, default=default_port)
    p_serve.add_argument(
        "--workers",
        type=int,
        default=os.environ.get("WEB_CONCURRENCY") or str(default_workers()),
        help="worker processes (default: WEB_CONCURRENCY, else two per core)",
    )
    p_serve.add_argument(
        "--db-pool",
        type=int,
        default=os.environ.get("DB_POOL_MAX_SIZE") or "8",
        help="PostgreSQL connections per process (default 8; 0 turns the pool off)",
    )
    p_serve.add_argument(
        "--server",
        choices=("workers", "daphne"),
        default="workers",
        help="workers: gunicorn with uvicorn worker processes (default); daphne: one Daphne process",
    )
    p_serve.set_defaults(func=cmd_serve)
    p_worker = sub.add_parser("worker", help="run a Celery worker with the beat scheduler")
    p_worker.add_argument("rest", nargs=argparse.REMAINDER)
    p_worker.set_defaults(func=cmd_worker)
    p_seed = sub.add_parser("seed", help="build the demo marketplace")
    p_seed.add_argument("rest", nargs=argparse.REMAINDER)
    p_seed.set_defaults(func=cmd_seed)
    p_code = sub.add_parser("demo-code", help="the demo staff account's current two-factor code")
    p_code.set_defaults(func=cmd_demo_code)
    p_screen = sub.add_parser(
        "screen",
        help="screen JSON Lines from standard input",
        description="Screen texts for contact and payment details, scams, spam and abuse. Reads one JSON "
        'object per line from standard input, e.g. {"id": 1, "text": "call me on 555 0123", "surface": '
        '"message"}, and writes one line per input line: {"id", "decision", "findings", "masked_text"}, '
        'or {"id", "error"} for a line it cannot read. Surfaces: message, job_post, proposal, profile, '
        "review. No database needed.",
    )
    p_screen.set_defaults(func=cmd_screen)
    p_backup = sub.add_parser("backup", help="write the database and the private files to one archive")
    p_backup.add_argument("archive", help="the archive to write (a .tar.gz)")
    p_backup.set_defaults(func=cmd_backup)
    p_restore = sub.add_parser(
        "restore", help="load an archive into the configured (empty) database and check every row and file"
    )
    p_restore.add_argument("archive", help="an archive written by `workfair backup`")
    p_restore.add_argument("--force", action="store_true", help="replace what the database already holds")
    p_restore.set_defaults(func=cmd_restore)

    known = {"run", "serve", "worker", "seed", "demo-code", "screen", "backup", "restore", "-h", "--help"}
    if argv and argv[0] not in known:
        _setup_django()
        _manage(*argv)
        return 0
    if argv and argv[0] == "worker" and not {"-h", "--help"} & set(argv[1:]):
        # Everything after `worker` is Celery's (`--concurrency 4`, `-Q mail`): argparse's remainder
        # would refuse a first argument that looks like an option.
        return cmd_worker(argparse.Namespace(rest=argv[1:]))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
