"""Sync commands: pair with a team server, sync, see the state, forget the server; conflicts and resolve.

A failure is one line and an exit status of its own (below), so a script can
tell "offline, try later" from "this device was revoked".
"""

from __future__ import annotations

import socket

from core.cli.common import CommandError, row_field_label
from core.i18n import _, ngettext

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).

# Exit statuses (1: any other error, 2: usage).
EXIT_UNREACHABLE = 10
EXIT_UNAUTHORIZED = 11
EXIT_UPDATE = 12
EXIT_PAIRING = 13
EXIT_INSECURE = 14
EXIT_SYNC = 15
EXIT_NOT_CONNECTED = 16


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("connect", _("pair this book with a team's sync server"), _connect)
    p.add_argument("url", metavar="URL", help=_("the server's address (https://…)"))
    p.add_argument("--code", required=True, help=_("the pairing code from the server's admin"))
    p.add_argument("--name", help=_("this device's name on the server (default: the computer's name)"))
    p.add_argument("--allow-plain-http", action="store_true",
                   help=_("allow http:// to another computer (only on a network you trust)"))
    p.add_argument("--yes", action="store_true",
                   help=_("share the contacts this book holds from another team with this one"))
    p = add("sync", _("send this book's changes to the team server and receive the team's"), _sync)
    p.add_argument("--status", action="store_true", help=_("only show the sync state (no network)"))
    add("disconnect", _("forget the sync server and this device's token (changes stay in the book)"), _disconnect)
    add("conflicts", _("list values that lost to a concurrent edit on another device"), _conflicts)
    p = add("resolve", _("choose the value of a field in conflict (the choice syncs)"), _resolve)
    p.add_argument("contact", metavar="CONTACT", help=_("the contact's id"))
    p.add_argument("field", metavar="FIELD", nargs="?", help=_("the field, e.g. city or phones"))
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--keep", choices=("mine", "theirs"), help=_("keep this device's value or the other one"))
    choice.add_argument("--restore", action="store_true",
                        help=_("bring back a contact deleted while another device edited it"))


def _failure(exc) -> CommandError:
    """A sync error as the command's one line and exit status."""
    from core.sync import transport as t
    from core.sync.credentials import BookCopied, CredentialError
    from core.sync.engine import NotConnected

    statuses = ((BookCopied, EXIT_PAIRING), (t.Unreachable, EXIT_UNREACHABLE), (t.ServerFailed, EXIT_UNREACHABLE),
                (t.Unauthorized, EXIT_UNAUTHORIZED), (t.UpdateRequired, EXIT_UPDATE), (t.ServerTooOld, EXIT_UPDATE),
                (t.BadCode, EXIT_PAIRING), (t.NodeTaken, EXIT_PAIRING), (t.PlainHttpRefused, EXIT_INSECURE),
                (NotConnected, EXIT_NOT_CONNECTED), (CredentialError, 1))
    status = next((code for kind, code in statuses if isinstance(exc, kind)), EXIT_SYNC)
    if isinstance(exc, t.PlainHttpRefused):
        # The transport's sentence serves the app too; here the way out is an option: name it.
        return CommandError(_("refusing to sync over plain http:// with another computer: use https://, or "
                              "--allow-plain-http if you trust the network"), exit_code=status)
    return CommandError(str(exc), exit_code=status)


def _factory(allow_plain_http: bool):
    from core.sync.transport import HttpTransport

    return lambda url, token: HttpTransport(url, token, allow_plain_http=allow_plain_http)


def _connect(db, args):
    from core.sync.credentials import CredentialError
    from core.sync.engine import connect
    from core.sync.identity import SharingNotConfirmed
    from core.sync.transport import SyncError, Unreachable, check_server_url

    name = (args.name or socket.gethostname() or "Fairmate").strip()
    try:
        url = check_server_url(args.url, allow_plain_http=args.allow_plain_http)
        connection = connect(db, url, args.code.strip(), name, _factory(args.allow_plain_http),
                             allow_plain_http=args.allow_plain_http, share_contacts=args.yes)
    except SharingNotConfirmed as exc:
        # Nothing was sent and the code is still unused: the same command with --yes goes on.
        raise CommandError(_("Not connected: {reason}. To share, run the same command with --yes.").format(
            reason=exc), exit_code=EXIT_PAIRING) from None
    except Unreachable as exc:
        failure = _failure(exc)
        if "certificate" in str(exc):
            raise failure from None
        # Not paired yet, so nothing waits to be "sent later": say where nobody answered.
        raise CommandError(_("no Fairmate sync server answers at {url}; check the address and the "
                             "network").format(url=args.url), exit_code=failure.exit_code) from None
    except (SyncError, CredentialError) as exc:
        raise _failure(exc) from None
    record = {"url": connection.url, "team_id": connection.team_id, "team": connection.team_name,
              "device_id": connection.device_id, "token_kept_in": connection.token_store,
              "new_node": connection.new_node, "same_device": connection.reused}

    def render(r):
        lines = [_("Connected to team {team} at {url}.").format(team=r["team"] or r["team_id"], url=r["url"])]
        if r["new_node"]:
            lines.append(_("This book was a copy of a paired one: it got a device id of its own."))
        elif r["same_device"]:
            lines.append(_("This book was paired with this team before: it is the same device again, "
                           "and only what the server lacks is sent."))
        lines.append(_("Run fairmate sync to send and receive changes."))
        return "\n".join(lines)

    return record, render


def _status_record(db) -> dict:
    from core.store.receive import list_conflicts
    from core.sync.state import count_waiting_changes, read_sync_state

    state = read_sync_state(db)
    return {"connected": state.connected, "url": state.url, "team": state.team_name, "team_id": state.team_id,
            "device_id": state.device_id, "last_sync_at": state.last_sync_at,
            "waiting": count_waiting_changes(db), "conflicts": len(list_conflicts(db)),
            "clock_offset_ms": state.clock_offset_ms}


def _utc_text(stored: str) -> str:
    """A stored UTC time as the other commands write it: ``2026-12-08 00:14 UTC``."""
    from datetime import datetime, timezone

    return datetime.fromisoformat(stored).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _render_status(r) -> str:
    if not r["connected"]:
        lines = [_("Not connected to a sync server.")]
    else:
        lines = [_("Server: {url}").format(url=r["url"]), _("Team: {team}").format(team=r["team"] or r["team_id"]),
                 _("Last sync: {when}").format(when=_utc_text(r["last_sync_at"]) if r["last_sync_at"] else _("never"))]
    lines.append(_("Changes waiting to be sent: {count}").format(count=r["waiting"]))
    lines.append(_("Conflicts to look at: {count}").format(count=r["conflicts"]))
    return "\n".join(lines)


def _sync(db, args):
    from core.sync.credentials import CredentialError
    from core.sync.engine import open_transport, sync_once
    from core.sync.state import read_sync_state
    from core.sync.transport import SyncError

    if args.status:
        return _status_record(db), _render_status
    try:
        transport = open_transport(db, _factory(read_sync_state(db).allow_plain_http))
        try:
            result = sync_once(db, transport)
        finally:
            transport.close()
    except (SyncError, CredentialError) as exc:
        raise _failure(exc) from None
    record = {"pushed": result.pushed, "pulled": result.pulled, "received": result.received,
              "conflicts": result.conflicts,
              "restamped": result.restamped, "refused": result.refused, "server_restored": result.restored_server,
              "count_mismatch": result.count_mismatch}

    def render(r):
        # Received: what the team sent that this book lacked (not its own changes, echoed back).
        lines = [ngettext("Sent {sent} change, received {received}.", "Sent {sent} changes, received {received}.",
                          r["pushed"]).format(sent=r["pushed"], received=r["received"])]
        if r["server_restored"]:
            lines.append(_("The server had been restored from a backup: this book's changes were sent again."))
        if r["restamped"]:
            lines.append(ngettext("This device's clock was wrong: {count} change got the team's time.",
                                  "This device's clock was wrong: {count} changes got the team's time.",
                                  r["restamped"]).format(count=r["restamped"]))
        if r["refused"]:
            lines.append(ngettext(
                "The server refused {count} change stamped with another device's id (made in a copy of its "
                "book?); it stays in this book.",
                "The server refused {count} changes stamped with another device's id (made in a copy of its "
                "book?); they stay in this book.", r["refused"]).format(count=r["refused"]))
        if r["count_mismatch"]:
            lines.append(_("The server's count still differs from this book's; sync again later."))
        if r["conflicts"]:
            lines.append(ngettext("{count} conflict to look at: fairmate conflicts",
                                  "{count} conflicts to look at: fairmate conflicts",
                                  r["conflicts"]).format(count=r["conflicts"]))
        return "\n".join(lines)

    return record, render


def _disconnect(db, args):
    from core.sync.credentials import CredentialError
    from core.sync.engine import disconnect
    from core.sync.state import count_waiting_changes

    try:
        forgot = disconnect(db)
    except CredentialError as exc:
        raise _failure(exc) from None
    record = {"disconnected": forgot, "waiting": count_waiting_changes(db)}

    def render(r):
        if not r["disconnected"]:
            return _("Not connected to a sync server.")
        return _("Disconnected. Every change stays in this book ({count} not sent).").format(count=r["waiting"])

    return record, render


def _value_text(db, conflict: dict, value) -> str:
    from core.sync.resolve import describe_conflict_value

    return describe_conflict_value(db, conflict, value)


def _by_text(by: dict) -> str:
    who = (_("this device") if by["this_device"] else by.get("device")
           or _("device {node}").format(node=by["node"]))
    return _("{who} at {when}").format(who=who, when=(by["at"] or "").replace("T", " ").replace("+00:00", " UTC"))


def _conflicts(db, args):
    from core.sync.resolve import list_sync_conflicts

    conflicts = list_sync_conflicts(db)
    record = [{**c, "current_text": _value_text(db, c, c["current"]), "other_text": _value_text(db, c, c["other"])}
              for c in conflicts]

    def render(rows):
        if not rows:
            return _("No conflicts.")
        lines = []
        for row in rows:
            # The field as resolve takes it; a delete is settled with --restore instead.
            field = "" if row["field"] == "deleted_at" else f" ({row['field']})"
            lines.append(f"{row['row_id']}  {row['name']} — {row['label']}{field}")
            lines.append("  " + _("kept:  {value}  ({by})").format(value=row["current_text"],
                                                                  by=_by_text(row["current_by"])))
            lines.append("  " + _("other: {value}  ({by})").format(value=row["other_text"],
                                                                  by=_by_text(row["other_by"])))
        return "\n".join(lines)

    return record, render


def _resolve(db, args):
    from core.sync.resolve import ResolveError, resolve_conflict, restore_deleted_row

    if args.restore:
        if not restore_deleted_row(db, "contacts", args.contact):
            raise CommandError(_("contact {id} is not deleted").format(id=args.contact))
        record = {"contact": args.contact, "restored": True}
        return record, lambda r: _("Restored contact {id}.").format(id=r["contact"])
    if not args.field:
        raise CommandError(_("name the field to resolve, e.g. fairmate resolve CONTACT city --keep mine"))
    field = args.field.strip().lstrip("-").replace("-", "_")
    try:
        outcome = resolve_conflict(db, "contacts", args.contact, field, args.keep)
    except ResolveError as exc:
        raise CommandError(str(exc)) from None
    record = {"contact": args.contact, **outcome,
              "value_text": _value_text(db, {"table": "contacts", "field": field}, outcome["value"])}
    # The value itself is named: with three devices, "the other one" could be either of two.
    return record, lambda r: _("Kept {value} for {field} ({keep}).").format(
        value=r["value_text"], field=row_field_label("contacts", r["field"]),
        keep=_("this device's value") if args.keep == "mine" else _("the other device's value"))
