"""The demo-data command: fill a database with realistic international sample data."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

from core.book.validation import check_range
from core.cli.common import CommandError
from core.i18n import _

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("demo-data", _("fill the database with realistic international sample data"), _demo)
    p.add_argument("--contacts", type=int, default=200)
    p.add_argument("--seed", type=int, default=7)


def _demo(db, args):
    from core.demo.generate import generate_demo_data

    if args.contacts < 1:
        raise CommandError(_("--contacts must be at least 1"))
    check_range(args.contacts, "contacts")
    started = datetime.now(timezone.utc)

    def progress(done, total):
        if not args.json and sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    counts = generate_demo_data(db, args.contacts, seed=args.seed, progress=progress)
    counts["seconds"] = round((datetime.now(timezone.utc) - started).total_seconds(), 2)
    return counts, lambda c: _("Added demo data: {summary}").format(
        summary=", ".join(f"{k} {v}" for k, v in c.items()))
