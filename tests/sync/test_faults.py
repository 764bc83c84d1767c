"""Faults: lost answers, a client killed mid-pull, a server restored from a backup, skewed clocks, old versions.

Each ends with the books converged, nothing acknowledged lost and (where a
process died) ``PRAGMA integrity_check`` ok. The server is the real app.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from core.book.contacts import add_contact, get_contact, update_contact
from core.store.db import install_clock, open_database
from core.sync import protocol
from core.sync.engine import connect, open_transport, sync_once
from core.sync.state import count_waiting_changes, read_sync_state
from core.sync.transport import ServerTooOld, Unreachable, UpdateRequired

ROOT = Path(__file__).resolve().parents[2]
HOURS_3 = 3 * 60 * 60 * 1000


def paired(server, make_book, name):
    db = make_book(name)
    connect(db, server.url, server.invite(), name, server.transport)
    return db


def sync(server, db, wrap=None):
    transport = open_transport(db, server.transport)
    return sync_once(db, wrap(transport) if wrap else transport)


def data(db):
    return [row for row in db.conn.execute(
        "SELECT id, display_name, city, job_title, phones, deleted_at FROM contacts ORDER BY id")]


def server_change_ids(server):
    rows = server.store.pull_changes(server.team.team_id, 0, None, 1000)[0]
    return [row.seq for row in rows], {__import__("json").loads(row.text)["change_id"] for row in rows}


def book_change_ids(db):
    return {r[0] for r in db.conn.execute(
        "SELECT change_id FROM changes WHERE table_name NOT IN ('phrase_favourites')")}


class Wrapper:
    """A transport that passes calls through, except those a test overrides."""

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_push_answer_lost_after_the_server_committed_is_resent_idempotently(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    for i in range(3):
        add_contact(anna, display_name=f"Contact {i}")

    class LosesPushAnswers(Wrapper):
        def push(self, body):
            self.inner.push(body)  # the server stores the batch...
            raise Unreachable(detail="connection reset")  # ...and the answer never arrives

    with pytest.raises(Unreachable):
        sync(team_server, anna, LosesPushAnswers)
    waiting = count_waiting_changes(anna)
    assert waiting > 0  # not acknowledged, so still waiting
    seqs_before, ids_before = server_change_ids(team_server)
    assert len(seqs_before) == waiting
    result = sync(team_server, anna)
    assert result.pushed == waiting and count_waiting_changes(anna) == 0
    seqs_after, ids_after = server_change_ids(team_server)
    assert seqs_after == seqs_before == list(range(1, waiting + 1))  # the first seqs kept, no copies
    # The acknowledged seqs are the server's first ones.
    assert sorted(r[0] for r in anna.conn.execute("SELECT server_seq FROM changes")) == seqs_before
    sync(team_server, ben)
    assert data(ben) == data(anna)


def test_replayed_pull_pages_change_nothing(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    for i in range(4):
        add_contact(anna, display_name=f"Contact {i}")
    sync(team_server, anna)

    class ReplaysPages(Wrapper):
        """Every page comes twice: the second time after the cursor moved past it."""

        last = None

        def pull(self, body):
            if self.last is not None:
                answer, self.last = self.last, None
                return answer
            self.last = answer = self.inner.pull({**body, "limit": 3})
            return answer

    result = sync(team_server, ben, ReplaysPages)
    assert result.pulled == result.head and not result.count_mismatch
    assert data(ben) == data(anna)
    before = data(ben)
    # Pull everything again from 0: applied twice, nothing changes.
    from core.sync.state import write_sync_keys
    write_sync_keys(ben, {"sync_cursor": 0, "sync_cursor_change_id": None})
    result = sync(team_server, ben)
    assert data(ben) == before and result.changes.is_empty()


_KILLED_SYNC = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    import core.book.contacts
    import core.sync.engine as engine
    from core.store.db import open_database
    from core.sync import protocol
    from core.sync.transport import HttpTransport

    protocol.PULL_PAGE = 20
    real_apply = engine.apply_remote_changes
    calls = []

    def apply_then_die(db, changes, **kwargs):
        calls.append(1)
        result = real_apply(db, changes, **kwargs)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGKILL)  # inside the third page's transaction, before its commit
        return result

    engine.apply_remote_changes = apply_then_die
    db = open_database({book!r})
    engine.sync_once(db, engine.open_transport(db, lambda url, token: HttpTransport(url, token)))
""")


def test_a_client_killed_while_applying_pages_converges_after_restart(loopback_server, make_book):
    server = loopback_server
    anna = make_book("anna")
    connect(anna, server.url, server.invite(), "anna", lambda url, token: _http(url, token))
    for i in range(70):
        add_contact(anna, display_name=f"Contact {i}", city="Osaka")
    sync_once(anna, open_transport(anna, _http))
    ben = make_book("ben")
    connect(ben, server.url, server.invite(), "ben", _http)
    ben_path = ben.path
    ben.close()
    script = _KILLED_SYNC.format(root=str(ROOT), book=str(ben_path))
    env = {**os.environ, "FAIRMATE_SYNC_KEYRING": "file"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    ben = open_database(ben_path)
    try:
        assert ben.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        cursor = read_sync_state(ben).cursor
        assert cursor == 40  # two pages committed, the third rolled back with its cursor
        applied = ben.conn.execute("SELECT count(*) FROM changes WHERE server_seq IS NOT NULL").fetchone()[0]
        assert applied == cursor
        result = sync_once(ben, open_transport(ben, _http))
        assert not result.count_mismatch
        assert data(ben) == data(anna)
        assert book_change_ids(ben) >= book_change_ids(anna)
        assert ben.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        ben.close()


def _http(url, token):
    from core.sync.transport import HttpTransport

    return HttpTransport(url, token)


@pytest.mark.parametrize("new_epoch", [True, False], ids=["new-epoch", "same-epoch"])
def test_a_server_restored_from_an_older_backup_gets_everything_again(team_server, make_book, tmp_path,
                                                                      new_epoch):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    first = add_contact(anna, display_name="Before the backup")
    sync(team_server, anna)
    sync(team_server, ben)
    team_server.back_up(tmp_path / "backup.db")
    # After the backup: anna and ben both push more; anna holds ben's new change too.
    later = add_contact(anna, display_name="After the backup", city="Lyon")
    ben_later = add_contact(ben, display_name="Ben's, after the backup")
    sync(team_server, anna)
    sync(team_server, ben)
    sync(team_server, anna)
    everything = book_change_ids(anna)
    ben.close()  # ben's laptop is gone: only anna can give the server ben's change back
    team_server.restore(tmp_path / "backup.db")
    if new_epoch:
        team_server.store.new_epoch()
    result = sync(team_server, anna)
    assert result.restored_server and not result.count_mismatch
    assert count_waiting_changes(anna) == 0
    assert server_change_ids(team_server)[1] == everything  # nothing acknowledged was lost
    carl = paired(team_server, make_book, "carl")
    sync(team_server, carl)
    assert data(carl) == data(anna)
    assert {get_contact(carl, cid)["display_name"] for cid in (first, later, ben_later)} == {
        "Before the backup", "After the backup", "Ben's, after the backup"}


def test_clocks_three_hours_ahead_and_behind_converge(team_server, make_book):
    real = lambda: int(time.time() * 1000)  # noqa: E731
    ahead, behind = make_book("ahead"), make_book("behind")
    install_clock(ahead, wall_clock=lambda: real() + HOURS_3)
    install_clock(behind, wall_clock=lambda: real() - HOURS_3)
    for db, name in ((ahead, "ahead"), (behind, "behind")):
        connect(db, team_server.url, team_server.invite(), name, team_server.transport)
    contact = add_contact(ahead, display_name="Li Wei", city="Shanghai")  # stamped three hours early
    result = sync(team_server, ahead)
    assert result.restamped > 0 and result.clock_offset_changed and count_waiting_changes(ahead) == 0
    assert abs(read_sync_state(ahead).clock_offset_ms + HOURS_3) < 60_000
    sync(team_server, behind)
    assert abs(read_sync_state(behind).clock_offset_ms - HOURS_3) < 60_000
    # With the offsets, the later edit wins wherever it was made.
    update_contact(ahead, contact, city="Beijing")
    time.sleep(0.3)  # more than the offsets can be off (half a request each)
    update_contact(behind, contact, city="Shenzhen")
    for db in (ahead, behind, ahead):
        sync(team_server, db)
    assert data(ahead) == data(behind)
    assert get_contact(ahead, contact)["city"] == "Shenzhen"
    # Every stamp the server holds is near its time.
    now = real()
    stamps = [int(r[0][:13]) for r in ahead.conn.execute("SELECT hlc FROM changes")]
    assert all(abs(stamp - now) < 10 * 60_000 for stamp in stamps)
    # A book reopened keeps its offset.
    reopened = open_database(ahead.path)
    try:
        install_clock(reopened, wall_clock=lambda: real() + HOURS_3)
        assert abs(reopened.clock.wall_ms() - real()) < 60_000
    finally:
        reopened.close()


def test_an_old_client_is_told_to_update_and_keeps_its_changes(team_server, make_book):
    anna = paired(team_server, make_book, "anna")
    add_contact(anna, display_name="Waiting")
    waiting = count_waiting_changes(anna)

    class OldClient(Wrapper):
        def hello(self, body):
            return self.inner.hello({**body, "protocol": protocol.MIN_PROTOCOL - 1})

    with pytest.raises(UpdateRequired) as caught:
        sync(team_server, anna, OldClient)
    assert "update Fairmate" in str(caught.value)
    assert count_waiting_changes(anna) == waiting


def test_an_old_server_is_named_as_such_and_nothing_is_sent(team_server, make_book):
    anna = paired(team_server, make_book, "anna")
    add_contact(anna, display_name="Waiting")
    waiting = count_waiting_changes(anna)

    class OldServer(Wrapper):
        def hello(self, body):
            return {**self.inner.hello(body), "protocol": protocol.MIN_PROTOCOL - 1}

        def push(self, body):
            pytest.fail("nothing is pushed to a server too old")

    with pytest.raises(ServerTooOld) as caught:
        sync(team_server, anna, OldServer)
    assert "older than this app" in str(caught.value)
    assert count_waiting_changes(anna) == waiting


def test_a_page_that_lost_changes_is_caught_by_the_count_and_pulled_again(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    for i in range(5):
        add_contact(anna, display_name=f"Contact {i}")
    sync(team_server, anna)

    class DropsTheFirstEntries(Wrapper):
        """The first page arrives without its first two changes (a broken proxy, a server bug)."""

        dropped = False

        def pull(self, body):
            answer = self.inner.pull(body)
            if not self.dropped and answer["changes"]:
                self.dropped = True
                return {**answer, "changes": answer["changes"][2:]}
            return answer

    result = sync(team_server, ben, DropsTheFirstEntries)
    assert not result.count_mismatch
    assert data(ben) == data(anna)
    assert book_change_ids(ben) == book_change_ids(anna)


def test_a_restored_server_that_grew_past_the_cursor_is_caught_by_the_cursor_change_id(team_server, make_book,
                                                                                       tmp_path):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    add_contact(anna, display_name="Before the backup")
    sync(team_server, anna)
    team_server.back_up(tmp_path / "backup.db")
    add_contact(anna, display_name="Lost by the restore")
    sync(team_server, anna)
    team_server.restore(tmp_path / "backup.db")
    # Ben pushes more than the server lost: its head passes anna's cursor, with other changes there.
    for i in range(10):
        add_contact(ben, display_name=f"Ben's {i}")
    sync(team_server, ben)
    assert state_head(team_server) > read_sync_state(anna).cursor
    result = sync(team_server, anna)
    assert result.restored_server and not result.count_mismatch
    sync(team_server, ben)
    assert data(anna) == data(ben)
    assert "Lost by the restore" in {row[1] for row in data(ben)}


def state_head(server):
    return server.store.team_head(server.team.team_id)[0]


def test_clock_ahead_on_push_corrects_the_offset_itself(team_server, make_book):
    """hello's clock reading was off (a proxy's cache, a server clock step): the push's refusal still fixes it."""
    real = lambda: int(time.time() * 1000)  # noqa: E731
    ahead = make_book("ahead")
    install_clock(ahead, wall_clock=lambda: real() + HOURS_3)
    connect(ahead, team_server.url, team_server.invite(), "ahead", team_server.transport)
    add_contact(ahead, display_name="Early")

    class HelloSaysOurTime(Wrapper):
        def hello(self, body):
            return {**self.inner.hello(body), "server_time_ms": body["time_ms"]}

    result = sync(team_server, ahead, HelloSaysOurTime)
    assert result.restamped > 0 and result.clock_offset_changed and count_waiting_changes(ahead) == 0
    assert abs(read_sync_state(ahead).clock_offset_ms + HOURS_3) < 60_000


def test_a_team_whose_server_clock_ran_a_year_ahead_still_syncs_and_converges(team_server, make_book):
    """The server's clock set a year ahead, stamps taken from it, then corrected: nobody gets stuck."""
    year = 365 * 24 * 3600 * 1000
    team_server.clock_offset_ms = year
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    contact = add_contact(anna, display_name="Li Wei", city="Shanghai")
    sync(team_server, anna)  # hello gives anna the server's (wrong) time: her stamps run a year ahead
    update_contact(anna, contact, city="Osaka")
    sync(team_server, anna)
    sync(team_server, ben)
    team_server.clock_offset_ms = 0  # the admin fixes the server's clock
    update_contact(ben, contact, city="Kyoto")
    sync(team_server, ben)  # ben's clock follows the team's newest stamp: accepted, not clock_ahead
    assert count_waiting_changes(ben) == 0
    update_contact(anna, contact, city="Tokyo")
    sync(team_server, anna)
    carol = paired(team_server, make_book, "carol")  # a new laptop with a right clock
    for db in (carol, ben, anna, carol, ben):
        sync(team_server, db)
    assert data(anna) == data(ben) == data(carol)
    assert get_contact(carol, contact)["city"] == "Tokyo"
    assert carol.conn.execute("SELECT count(*) FROM held_changes").fetchone()[0] == 0


def test_a_hello_answer_without_its_numbers_is_a_sync_error_not_a_crash(team_server, make_book):
    anna = paired(team_server, make_book, "anna")

    class BrokenHello:
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def hello(self, body):
            return {**self.inner.hello(body), "server_time_ms": None}

    with pytest.raises(Unreachable):
        sync(team_server, anna, wrap=BrokenHello)
