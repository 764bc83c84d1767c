"""Fairmate's entry point: the GUI when no command is given, the command line otherwise.

``fairmate`` starts the app; ``fairmate [--db PATH] COMMAND …`` runs a core job
headless (see ``fairmate --help``). The GUI is imported only when needed, so
commands start fast and run on machines without a display.
"""

from __future__ import annotations

import os
import sys


def _has_display() -> bool:
    # On Linux without X11 or Wayland, Qt would abort with a long plugin error.
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def main(argv: list[str] | None = None) -> int:
    """Run Fairmate with *argv* (default: the process arguments); return the exit code."""
    from core.cli.main import parse_arguments, run_command
    from core.i18n import install_language

    install_language(None)  # --help and usage errors in the language of the environment
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show a name (LANG=C, a Windows code page) gets it escaped
        # (\u5f20), not a UnicodeEncodeError.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        if not _has_display():
            print("fairmate: no display to open the app on; run it in a desktop session, "
                  "or use a command (fairmate --help)", file=sys.stderr)
            return 1
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
