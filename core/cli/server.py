"""The team sync server's commands: ``fairmate serve`` and ``fairmate server …`` (teams, invites, devices).

These commands use no contact book: their handlers get ``db=None`` (see
``needs_book`` in core/cli/main.py) and open the server's own store, one
SQLite file (``--db``, by default fairmate-server.db in the data folder) or a
PostgreSQL database (``--postgres DSN``).
"""

from __future__ import annotations

import copy

import argparse
import ipaddress
import socket
import sqlite3
import ssl
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from core.cli.common import CommandError
from core.i18n import _

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).

_LOOPBACK_NAMES = ("localhost",)


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("serve", _("run the team sync server (SQLite by default, or PostgreSQL)"), _serve)
    _describe_server_db(p)
    p.add_argument("--postgres", metavar="DSN", default=argparse.SUPPRESS,
                   help=_("keep the server's data in PostgreSQL (e.g. 'dbname=fairmate user=fairmate')"))
    p.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)"))
    p.add_argument("--port", type=int, default=8765, help=_("port to listen on (default 8765)"))
    p.add_argument("--ssl-certfile", metavar="FILE", help=_("TLS certificate (PEM) for HTTPS"))
    p.add_argument("--ssl-keyfile", metavar="FILE", help=_("TLS private key (PEM) for HTTPS"))
    p.add_argument("--allow-plain-http", action="store_true",
                   help=_("listen on a non-loopback address without TLS (behind a reverse proxy that adds it)"))
    p.set_defaults(needs_book=False)

    p = add("server", _("manage the team sync server: teams, invitations, devices"), None)
    _describe_server_db(p)
    p.add_argument("--postgres", metavar="DSN", default=argparse.SUPPRESS,
                   help=_("the server keeps its data in PostgreSQL"))
    p.set_defaults(needs_book=False)
    actions = p.add_subparsers(dest="server_action", metavar="ACTION", required=True)

    def action(name, help_text, handler):
        parser = actions.add_parser(name, help=help_text, description=help_text)
        parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                            help=_("server database file (default: fairmate-server.db in your data folder)"))
        parser.add_argument("--postgres", metavar="DSN", default=argparse.SUPPRESS,
                            help=_("the server keeps its data in PostgreSQL"))
        parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                            help=_("print machine-readable JSON"))
        parser.set_defaults(handler=handler)
        return parser

    action("add-team", _("add a team (one shared book)"), _add_team).add_argument("name", metavar="NAME")
    p = action("invite", _("make a one-time pairing code for a device of TEAM"), _invite)
    p.add_argument("team", metavar="TEAM")
    p.add_argument("--url", help=_("the server's address as devices reach it: also print the invitation as a "
                                   "link the app reads from a QR code"))
    p.add_argument("--qr", metavar="FILE", help=_("write that invitation as a QR code image (.png or .svg); "
                                                  "needs --url"))
    action("devices", _("list the devices paired with TEAM"), _devices).add_argument("team", metavar="TEAM")
    action("revoke", _("revoke a device: its token stops working at once"), _revoke).add_argument(
        "device", metavar="DEVICE")
    action("new-epoch", _("give the server a new epoch after restoring a backup "
                          "(every device sends its changes again)"), _new_epoch)


def _describe_server_db(parser) -> None:
    # --db and --create come from the common options, where they are about the contact book; here
    # they are about the server's file. The option objects are shared by every command's parser:
    # replaced here, not changed.
    own_help = {"--db": _("server database file (default: fairmate-server.db in your data folder)"),
                "--create": _("not needed: serve and server add-team create the server database when there is none")}
    for index, option in enumerate(parser._actions):
        name = next((text for text in option.option_strings if text in own_help), None)
        if name:
            own = copy.copy(option)
            own.help = own_help[name]
            parser._actions[index] = own
            for text in option.option_strings:
                parser._option_string_actions[text] = own
            for group in parser._action_groups:
                group._group_actions[:] = [own if action is option else action for action in group._group_actions]


@contextmanager
def _store_errors():
    from core.server.storage import StoreError, UnknownDevice, UnknownTeam

    try:
        yield
    except UnknownTeam as exc:
        raise CommandError(_("no team {team}").format(team=exc.args[0])) from exc
    except UnknownDevice as exc:
        raise CommandError(_("no device with id {id}").format(id=exc.args[0])) from exc
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    except sqlite3.Error as exc:
        raise CommandError(_("the server database refused: {error}").format(error=exc)) from exc
    except Exception as exc:
        # psycopg is optional: its errors are recognised by their package, not imported.
        if type(exc).__module__.startswith("psycopg"):
            first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise CommandError(_("PostgreSQL refused: {error}").format(error=first_line)) from exc
        raise


def open_server_store(args, *, create: bool):
    """The store the command names (``--postgres`` or ``--db``), its schema made; ``CommandError`` otherwise.

    Without *create*, a SQLite file that does not exist is refused (a mistyped path).
    """
    postgres = getattr(args, "postgres", None)
    if postgres and args.db:
        raise CommandError(_("use either --db or --postgres, not both"))
    if postgres:
        try:
            from core.server.postgres_store import PostgresStore
        except ImportError as exc:
            raise CommandError(_("PostgreSQL support is not installed: pip install 'fairmate[postgres]'")) from exc
        store = PostgresStore(postgres)
    else:
        from core.server.sqlite_store import SqliteStore

        path = _sqlite_path(args)
        if not create and not path.exists():
            raise CommandError(_("no server database at {path}; add a team first (fairmate server add-team)")
                               .format(path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(_("cannot create the folder {folder}: {error}").format(
                folder=path.parent, error=exc.strerror or exc)) from exc
        store = SqliteStore(path)
    with _store_errors():
        store.create_schema()
    return store


def _sqlite_path(args) -> Path | None:
    """The server's SQLite file the command names (``--db`` or the default); None with ``--postgres``."""
    from core.server.sqlite_store import default_server_db_path

    if getattr(args, "postgres", None):
        return None
    return Path(args.db).expanduser() if args.db else default_server_db_path()


@contextmanager
def _opened(args, *, create: bool = False):
    store = open_server_store(args, create=create)
    try:
        with _store_errors():
            yield store
    finally:
        store.close()


def is_loopback(host: str) -> bool:
    """True when *host* is a loopback address or ``localhost`` (plain HTTP stays on this machine)."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _serve(db, args):
    if not is_loopback(args.host) and not args.ssl_certfile and not args.allow_plain_http:
        raise CommandError(_("refusing plain HTTP on {host}: tokens would cross the network readable; "
                             "pass --ssl-certfile and --ssl-keyfile, or --allow-plain-http behind a "
                             "reverse proxy that adds HTTPS").format(host=args.host))
    if args.ssl_keyfile and not args.ssl_certfile:
        raise CommandError(_("--ssl-keyfile needs --ssl-certfile"))
    for path in (args.ssl_certfile, args.ssl_keyfile):
        if path and not Path(path).is_file():
            raise CommandError(_("no such file: {path}").format(path=path))
    import uvicorn

    from core.server.app import create_app

    _check_port(args.host, args.port)
    store = open_server_store(args, create=True)
    try:
        config = uvicorn.Config(create_app(store), host=args.host, port=args.port, ssl_certfile=args.ssl_certfile,
                                ssl_keyfile=args.ssl_keyfile, server_header=False, log_level="info")
        try:
            config.load()  # reads the certificate now: a bad one is one line, not a traceback
        except (ssl.SSLError, OSError) as exc:
            raise CommandError(_("cannot use the certificate: {error}").format(error=exc)) from exc
        uvicorn.Server(config).run()
    finally:
        store.close()
    return {}, lambda _result: ""


def _check_port(host: str, port: int) -> None:
    # uvicorn reports a taken port after its start-up lines; one line before them is clearer.
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as exc:
        raise CommandError(_("cannot listen on {host}:{port}: {error}").format(
            host=host, port=port, error=exc.strerror or exc)) from exc


def _add_team(db, args):
    path = _sqlite_path(args)
    created = path is not None and not path.exists()
    with _opened(args, create=True) as store:
        team = store.add_team(args.name)
    result = {"team_id": team.team_id, "name": team.name, "created_database": str(path) if created else None}

    def render(r):
        text = _("Added team {name} ({id}). Invite a device: fairmate server invite {quoted}").format(
            name=r["name"], id=r["team_id"], quoted=_shell_word(r["name"]))
        # Without --db the file lands in the data folder: say where, once, so the admin can back it up.
        if r["created_database"]:
            text = _("Created the server database {path}").format(path=r["created_database"]) + "\n" + text
        return text

    return result, render


def _invite(db, args):
    from core.sync import protocol

    with _opened(args) as store:
        team = store.find_team(args.team)
        code = store.create_pairing_code(team)
    minutes = protocol.PAIRING_CODE_TTL_S // 60
    result = {"team": team.name, "code": code, "valid_minutes": minutes}
    if getattr(args, "qr", None) and not getattr(args, "url", None):
        raise CommandError(_("--qr needs --url, the server's address as devices reach it"))
    if getattr(args, "url", None):
        result["link"] = _invitation(args.url, code, getattr(args, "qr", None))

    def render(r):
        text = _("Pairing code for team {team}: {code}\nValid once, for {minutes} minutes.").format(
            team=r["team"], code=r["code"], minutes=r["valid_minutes"])
        if "link" in r:
            text += "\n" + _("Invitation (the app's Sync page reads it from a QR code): {link}").format(link=r["link"])
        return text

    return result, render


def _invitation(url: str, code: str, qr_path: str | None) -> str:
    """The invitation link; written as a QR code image to *qr_path* when given."""
    from core.sync.pairing_link import pairing_link
    from core.sync.transport import SyncError, check_server_url

    try:
        check_server_url(url, allow_plain_http=True)
    except SyncError as exc:
        raise CommandError(str(exc)) from None
    link = pairing_link(url, code)
    if qr_path:
        from core.exchange.qr import render_qr

        kind = "svg" if qr_path.lower().endswith(".svg") else "png"
        try:
            with open(qr_path, "wb") as handle:
                handle.write(render_qr(link, kind))
        except OSError as exc:
            raise CommandError(_("cannot write {path}: {error}").format(path=qr_path, error=exc.strerror)) from None
    return link


def _devices(db, args):
    with _opened(args) as store:
        devices = [device.to_json() for device in store.list_devices(store.find_team(args.team))]

    def render(rows):
        if not rows:
            return _("No devices yet: pair one with a code from fairmate server invite")
        lines = []
        for row in rows:
            line = _("{id}  {name}  (node {node}, paired {when})").format(
                id=row["device_id"], name=row["name"], node=row["node"], when=_utc_text(row["created_at"]))
            if row["revoked_at"] is not None:
                line += "  " + _("revoked {when}").format(when=_utc_text(row["revoked_at"]))
            lines.append(line)
        return "\n".join(lines)

    return devices, render


def _revoke(db, args):
    with _opened(args) as store:
        device = store.revoke_device(args.device)
    return device.to_json(), lambda r: _("Revoked {name} ({id}) of team {team}: its token no longer works.").format(
        name=r["name"], id=r["device_id"], team=r["team_name"])


def _new_epoch(db, args):
    with _opened(args) as store:
        epoch = store.new_epoch()
    return {"epoch": epoch}, lambda r: _(
        "New epoch {epoch}: at their next sync, devices send their changes again and pull from the start.").format(
        epoch=r["epoch"])


def _utc_text(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text)
