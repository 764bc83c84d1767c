"""Fairmate's entry point: the GUI when no command is given, the command line otherwise.

``fairmate`` starts the app; ``fairmate [--db PATH] COMMAND …`` runs a core job
headless (see ``fairmate --help``). The GUI is imported only when needed, so
commands start fast and run on machines without a display.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run Fairmate with *argv* (default: the process arguments); return the exit code."""
    from core.cli import parse_arguments, run_command

    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        from ui.app import run_gui

        return run_gui(args.db)
    try:
        return run_command(args)
    except BrokenPipeError:
        # Output piped into `head` and cut short: not an error worth a traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
