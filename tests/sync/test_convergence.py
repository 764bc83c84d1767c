"""Convergence: 2–5 books and the real server, random work and random faults, then everyone syncs.

A hypothesis state machine. Books add, edit, delete, restore and merge
contacts, edit phone lists and log interactions; they sync whole or are cut
off after a few requests (a partial push or pull), lose the answer to a
request the server did carry out, replay pages they had already applied,
and have their clocks jump three hours either way. At the end every book
syncs until nothing moves, and then every book holds the same data and the
same conflicts, and every change the server acknowledged is in every book.

``FAIRMATE_SYNC_EXAMPLES`` raises the number of examples (the release run
documented in docs/sync-protocol.md uses 2,000).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from core.book.activity import log_interaction
from core.book.contacts import add_contact, delete_contact, update_contact
from core.book.merging import merge_contacts
from core.store.db import install_clock, open_database, write_transaction
from core.store.receive import list_conflicts
from core.sync import credentials, state
from core.sync.engine import connect, open_transport, sync_once
from core.sync.resolve import restore_deleted_row
from core.sync.transport import SyncError, Unreachable
from tests.receive_books import dump_data
from tests.sync.conftest import TeamServer

EXAMPLES = int(os.environ.get("FAIRMATE_SYNC_EXAMPLES", "200"))
HOURS_3 = 3 * 3600 * 1000
NAMES = ["Zhang Wei", "Anna Müller", "佐藤 花子", "Kim Min-jun", "Ольга Петрова", "محمد علي"]
CITIES = ["Osaka", "Berlin", "Shenzhen", "São Paulo", None]


class CutTransport:
    """A transport that stops answering after *requests* requests; the last one may be carried out unanswered."""

    def __init__(self, inner, requests: int, lose_answer: bool):
        self.inner, self.left, self.lose_answer = inner, requests, lose_answer

    def __getattr__(self, name):
        call = getattr(self.inner, name)

        def counted(body):
            if self.left <= 0:
                raise Unreachable(detail="cut off by the test")
            self.left -= 1
            if self.left == 0 and self.lose_answer:
                call(body)  # the server did it; the answer is lost on the way back
                raise Unreachable(detail="answer lost by the test")
            return call(body)
        return counted


def _contacts(db, *, alive: bool | None = None) -> list[str]:
    sql = "SELECT id FROM contacts"
    if alive is not None:
        sql += " WHERE deleted_at IS NULL" if alive else " WHERE deleted_at IS NOT NULL"
    return [row[0] for row in db.conn.execute(sql + " ORDER BY id")]


def _team_data(db) -> list:
    """The team's data in a book: everything ``dump_data`` compares (personal tables are not the team's)."""
    return [(name, rows) for name, rows in dump_data(db) if name != "phrase_favourites"]


class SyncMachine(RuleBasedStateMachine):
    """Books and one server; rules are what users and networks do."""

    @initialize(count=st.integers(2, 5))
    def start(self, count):
        self.folder = Path(tempfile.mkdtemp(prefix="fairmate-sync-"))
        os.environ[credentials.KEYRING_ENV] = "file"
        (self.folder / "server").mkdir()
        self.server = TeamServer(self.folder / "server")
        self.books = []
        self.skew = []
        for index in range(count):
            folder = self.folder / f"book{index}"
            folder.mkdir()
            db = open_database(folder / "fairmate.db")
            connect(db, self.server.url, self.server.invite(), f"laptop {index}", self.server.transport)
            self.books.append(db)
            self.skew.append(0)

    def teardown(self):
        for db in getattr(self, "books", []):
            db.close()
        if hasattr(self, "server"):
            self.server.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _book(self, index):
        return self.books[index % len(self.books)]

    def _pick(self, db, index, *, alive=True):
        ids = _contacts(db, alive=alive)
        return ids[index % len(ids)] if ids else None

    # What users do ---------------------------------------------------------------------------

    @rule(book=st.integers(0, 4), name=st.sampled_from(NAMES), city=st.sampled_from(CITIES))
    def add(self, book, name, city):
        add_contact(self._book(book), display_name=name, city=city)

    @rule(book=st.integers(0, 4), pick=st.integers(0, 20),
          field=st.sampled_from(["city", "job_title", "notes", "display_name"]), value=st.sampled_from(NAMES))
    def edit(self, book, pick, field, value):
        db = self._book(book)
        contact = self._pick(db, pick)
        if contact:
            update_contact(db, contact, **{field: value})

    @rule(book=st.integers(0, 4), pick=st.integers(0, 20), number=st.integers(0, 5), drop=st.booleans())
    def edit_phones(self, book, pick, number, drop):
        db = self._book(book)
        contact = self._pick(db, pick)
        if not contact:
            return
        phones = json.loads(db.conn.execute("SELECT phones FROM contacts WHERE id = ?", (contact,)).fetchone()[0])
        if drop and phones:
            phones.pop(number % len(phones))
        else:
            phones.append({"value": f"+49 30 1234567{number}", "label": "work"})
        update_contact(db, contact, phones=phones)

    @rule(book=st.integers(0, 4), pick=st.integers(0, 20))
    def delete(self, book, pick):
        db = self._book(book)
        contact = self._pick(db, pick)
        if contact:
            delete_contact(db, contact)

    @rule(book=st.integers(0, 4), pick=st.integers(0, 20))
    def restore(self, book, pick):
        db = self._book(book)
        contact = self._pick(db, pick, alive=False)
        if contact:
            restore_deleted_row(db, "contacts", contact)

    @rule(book=st.integers(0, 4), first=st.integers(0, 20), second=st.integers(0, 20))
    def merge(self, book, first, second):
        db = self._book(book)
        survivor, merged = self._pick(db, first), self._pick(db, second)
        if survivor and merged and survivor != merged:
            merge_contacts(db, survivor, merged)

    @rule(book=st.integers(0, 4), pick=st.integers(0, 20))
    def note(self, book, pick):
        db = self._book(book)
        contact = self._pick(db, pick, alive=None)
        if contact and db.conn.execute("SELECT deleted_at FROM contacts WHERE id = ?", (contact,)).fetchone()[0] is None:
            log_interaction(db, contact, kind="note", summary="Talked at the booth",
                            occurred_at="2026-12-07T10:00:00+00:00")

    # What networks and clocks do -------------------------------------------------------------------

    @rule(book=st.integers(0, 4))
    def sync(self, book):
        db = self._book(book)
        sync_once(db, open_transport(db, self.server.transport))

    @rule(book=st.integers(0, 4), requests=st.integers(1, 6), lose_answer=st.booleans())
    def sync_cut_off(self, book, requests, lose_answer):
        db = self._book(book)
        transport = CutTransport(open_transport(db, self.server.transport), requests, lose_answer)
        try:
            sync_once(db, transport)
        except SyncError:
            pass

    @rule(book=st.integers(0, 4), back=st.integers(1, 30))
    def replay_pages(self, book, back):
        """The cursor goes back (a page answered twice, a proxy's retry): the next pull replays pages."""
        db = self._book(book)
        current = state.read_sync_state(db)
        cursor = max(0, current.cursor - back)
        row = db.conn.execute("SELECT change_id FROM changes WHERE server_seq = ?", (cursor,)).fetchone()
        with write_transaction(db):
            state.write_sync_keys(db, {state.CURSOR: cursor, state.CURSOR_CHANGE_ID: row[0] if row else None})

    @rule(book=st.integers(0, 4), jump=st.sampled_from([-HOURS_3, HOURS_3, 0]))
    def clock_jumps(self, book, jump):
        index = book % len(self.books)
        self.skew[index] = jump
        install_clock(self.books[index], wall_clock=lambda: int(time.time() * 1000) + jump)

    # The proof ---------------------------------------------------------------------------------

    @invariant()
    def no_book_is_damaged(self):
        for db in getattr(self, "books", []):
            assert db.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"

    def check_convergence(self):
        """Everyone syncs until nothing moves; then every book is the same, with every acknowledged change."""
        for _ in range(6):
            moved = 0
            for db in self.books:
                result = sync_once(db, open_transport(db, self.server.transport))
                moved += result.pushed
            if not moved:
                break
        else:
            raise AssertionError("the books never stopped sending changes")
        for db in self.books:  # a last pull: what the last pushes sent
            sync_once(db, open_transport(db, self.server.transport))
        first = _team_data(self.books[0])
        for db in self.books[1:]:
            assert _team_data(db) == first
        conflicts = [list_conflicts(db) for db in self.books]
        assert all(c == conflicts[0] for c in conflicts)
        held = self.server.store.team_head(self.server.team.team_id)[0]
        for db in self.books:
            assert db.conn.execute("SELECT count(*) FROM changes WHERE server_seq IS NOT NULL").fetchone()[0] == held
            assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            # Merges ended in one outcome: no history left on a contact merged away.
            for table in ("interactions", "commitments", "follow_ups", "meetings", "stage_history"):
                assert db.conn.execute(
                    f"SELECT count(*) FROM {table} WHERE contact_id IN (SELECT merged_id FROM merges "
                    "WHERE undone_at IS NULL AND deleted_at IS NULL)").fetchone()[0] == 0


class ConvergingMachine(SyncMachine):
    """The machine whose teardown checks convergence (hypothesis runs teardown after every example)."""

    def teardown(self):
        try:
            if hasattr(self, "books"):
                self.check_convergence()
        finally:
            super().teardown()


ConvergingMachine.TestCase.settings = settings(
    max_examples=EXAMPLES, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_books_converge_whatever_happens = ConvergingMachine.TestCase
# Hundreds of examples take a minute or two; the documented long run much longer.
test_books_converge_whatever_happens.pytestmark = [pytest.mark.timeout(max(300, EXAMPLES * 3))]
