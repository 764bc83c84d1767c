"""The settings command: show or change a setting."""

from __future__ import annotations

from core.cli.common import CommandError
from core.i18n import _

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("settings", _("show or change a setting"), _settings)
    p.add_argument("key", nargs="?")
    p.add_argument("value", nargs="?")


def _settings(db, args):
    from core.book.settings import SETTINGS, get_setting, set_setting

    user_settings = {k: s for k, s in SETTINGS.items() if not k.startswith("ui/")}
    if args.key is None:
        values = {k: get_setting(db, k) for k in user_settings}
        return values, lambda v: "\n".join(f"{k} = {value}" for k, value in v.items())
    if args.key not in user_settings:
        raise CommandError(_("unknown setting {key!r}; one of: {keys}").format(
            key=args.key, keys=", ".join(user_settings)))
    if args.value is not None:
        set_setting(db, args.key, args.value)
    value = get_setting(db, args.key)
    return {args.key: value}, lambda v: f"{args.key} = {value}"
