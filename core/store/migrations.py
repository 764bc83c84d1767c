"""The schema, as named, append-only migrations (applied by sqlite-utils ``Migrations``).

Never edit a migration that has shipped: add a new one below it. Every synced
table carries the same bookkeeping columns: a UUIDv7 ``id``, ``created_at``,
``modified`` (the HLC stamp of the last change) and ``deleted_at`` (a
tombstone: rows are never removed, so a delete can sync like any edit).
"""

from __future__ import annotations

import json
import re

from core.store.derived import ARABIC_SEARCH_ENTRIES, NAME_SPELLINGS, mark_stale
from core.store.field_clocks import fold_field_clocks
from core.store.ids import new_id
from core.store.migration_set import MigrationSet

MIGRATIONS = MigrationSet("fairmate")

# A backslash escape in a vCard value (Apple writes http\://…).
_VCARD_ESCAPE = re.compile(r"\\(.)")

# Tables whose rows sync; the change log refers to them by name.
SYNCED_TABLES = (
    "companies", "contacts", "events", "meetings", "interactions",
    "commitments", "follow_ups", "stage_history", "phrase_favourites", "merges", "distinct_contacts",
)

# Logged like the rest (so Undo works) but the user's own, not the team's: never pushed to a server.
PERSONAL_TABLES = ("phrase_favourites",)

_BOOKKEEPING = """
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted_at TEXT
"""


@MIGRATIONS(name="0001_initial_schema")
def initial_schema(db):
    """People, companies, events, meetings, the activity logs and the change log."""
    db.executescript(f"""
    CREATE TABLE device (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);

    CREATE TABLE companies ({_BOOKKEEPING},
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        native_name TEXT,
        country TEXT,
        city TEXT,
        website TEXT,
        industry TEXT,
        notes TEXT
    );

    CREATE INDEX companies_name_key ON companies(name_key) WHERE deleted_at IS NULL;

    CREATE TABLE events ({_BOOKKEEPING},
        name TEXT NOT NULL,
        city TEXT,
        country TEXT,
        venue TEXT,
        time_zone TEXT,
        starts_on TEXT,
        ends_on TEXT
    );

    CREATE TABLE contacts ({_BOOKKEEPING},
        display_name TEXT NOT NULL,
        given_name TEXT,
        family_name TEXT,
        native_name TEXT,
        native_reading TEXT,
        romanized_name TEXT,
        form_of_address TEXT,
        job_title TEXT,
        company_id TEXT REFERENCES companies(id),
        emails TEXT NOT NULL DEFAULT '[]',
        phones TEXT NOT NULL DEFAULT '[]',
        country TEXT,
        city TEXT,
        languages TEXT NOT NULL DEFAULT '[]',
        time_zone TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        notes TEXT,
        photo BLOB,
        stage TEXT NOT NULL DEFAULT 'met',
        met_event_id TEXT REFERENCES events(id),
        met_booth TEXT,
        met_on TEXT,
        introduced_by_contact_id TEXT REFERENCES contacts(id),
        introduced_by_org TEXT,
        trust_path TEXT NOT NULL DEFAULT 'direct'
            CHECK (trust_path IN ('direct', 'intermediary')),
        consent_given_at TEXT,
        consent_method TEXT,
        consent_note TEXT,
        sort_key TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX contacts_sort ON contacts(sort_key) WHERE deleted_at IS NULL;
    CREATE INDEX contacts_company ON contacts(company_id);

    CREATE TABLE meetings ({_BOOKKEEPING},
        contact_id TEXT NOT NULL REFERENCES contacts(id),
        event_id TEXT REFERENCES events(id),
        starts_at TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL DEFAULT 30,
        place TEXT,
        agenda TEXT
    );
    CREATE INDEX meetings_start ON meetings(starts_at);
    CREATE INDEX meetings_contact ON meetings(contact_id);

    CREATE TABLE interactions ({_BOOKKEEPING},
        contact_id TEXT NOT NULL REFERENCES contacts(id),
        kind TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        place TEXT,
        summary TEXT NOT NULL
    );
    CREATE INDEX interactions_contact ON interactions(contact_id, occurred_at);

    CREATE TABLE commitments ({_BOOKKEEPING},
        contact_id TEXT NOT NULL REFERENCES contacts(id),
        description TEXT NOT NULL,
        owed_by TEXT NOT NULL CHECK (owed_by IN ('us', 'them')),
        owner TEXT,
        due_on TEXT,
        done_at TEXT
    );
    CREATE INDEX commitments_contact ON commitments(contact_id);
    CREATE INDEX commitments_due ON commitments(due_on) WHERE done_at IS NULL;

    CREATE TABLE follow_ups ({_BOOKKEEPING},
        contact_id TEXT NOT NULL REFERENCES contacts(id),
        due_at TEXT NOT NULL,
        reason TEXT,
        done_at TEXT
    );
    CREATE INDEX follow_ups_contact ON follow_ups(contact_id);
    CREATE INDEX follow_ups_due ON follow_ups(due_at) WHERE done_at IS NULL;

    CREATE TABLE stage_history ({_BOOKKEEPING},
        contact_id TEXT NOT NULL REFERENCES contacts(id),
        stage TEXT NOT NULL,
        previous_stage TEXT,
        changed_at TEXT NOT NULL,
        note TEXT
    );
    CREATE INDEX stage_history_contact ON stage_history(contact_id, changed_at);

    -- One row per write of one row, in the same transaction as the write:
    -- ``fields`` is a JSON object of every field that changed, each stamped
    -- with the row's ``hlc`` (which carries the node id). A field's change is
    -- identified across devices by (hlc, table_name, row_id, field).
    CREATE TABLE changes (
        seq INTEGER PRIMARY KEY,
        hlc TEXT NOT NULL,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        fields TEXT NOT NULL,
        pushed_at TEXT
    );
    CREATE INDEX changes_hlc ON changes(hlc);
    """)


@MIGRATIONS(name="0002_contact_search_index")
def contact_search_index(db):
    """The FTS5 index behind search as you type."""
    # rowid of the index = rowid of contacts. Folding and romanization happen
    # in Python (core.book.search) because SQLite knows neither pinyin nor kana.
    # Marks (M*) count as letters: Thai vowels and Devanagari matras are part
    # of the word, not separators.
    db.executescript("""
    CREATE VIRTUAL TABLE contact_search USING fts5(
        names, details,
        tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'",
        prefix = '1 2 3'
    );
    """)


@MIGRATIONS(name="0003_phrase_favourites")
def phrase_favourites(db):
    """The phrases a user starred, by language and catalog key (keys are never renamed)."""
    # Not unique: two devices may star the same phrase before they sync; reads
    # count a phrase once and removing it tombstones every live row.
    db.executescript(f"""
    CREATE TABLE phrase_favourites ({_BOOKKEEPING},
        language TEXT NOT NULL,
        phrase_key TEXT NOT NULL
    );
    CREATE INDEX phrase_favourites_phrase ON phrase_favourites(language, phrase_key)
        WHERE deleted_at IS NULL;
    """)


@MIGRATIONS(name="0004_contact_exchange")
def contact_exchange(db):
    """What a contact needs to keep an imported vCard without loss."""
    # addresses and urls are JSON lists like emails and phones; extras holds
    # the vCard properties Fairmate has no field for (name, group, params,
    # value), so an export re-emits them.
    db.executescript("""
    ALTER TABLE contacts ADD COLUMN addresses TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE contacts ADD COLUMN urls TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE contacts ADD COLUMN geo TEXT;
    ALTER TABLE contacts ADD COLUMN birthday TEXT;
    ALTER TABLE contacts ADD COLUMN extras TEXT NOT NULL DEFAULT '[]';
    """)


@MIGRATIONS(name="0005_contact_merges")
def contact_merges(db):
    """Duplicates: the derived key index, merge records (for undo) and pairs judged distinct."""
    # duplicate_keys is derived from contacts (core.book.duplicate_index), like the
    # search index: never synced, rebuilt by each device.
    db.executescript(f"""
    CREATE TABLE duplicate_keys (
        contact_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        company_key TEXT
    );

    -- One merge of two contacts: the survivor keeps both histories, the other
    -- is tombstoned. The JSON columns hold what undo needs: the survivor's
    -- changed fields before and after, the ids of the rows moved per table
    -- (and of contacts whose introducer was repointed), rows the merge added.
    CREATE TABLE merges ({_BOOKKEEPING},
        survivor_id TEXT NOT NULL REFERENCES contacts(id),
        merged_id TEXT NOT NULL REFERENCES contacts(id),
        merged_at TEXT NOT NULL,
        choices TEXT NOT NULL DEFAULT '{{}}',
        survivor_before TEXT NOT NULL DEFAULT '{{}}',
        survivor_after TEXT NOT NULL DEFAULT '{{}}',
        moved_rows TEXT NOT NULL DEFAULT '{{}}',
        added_rows TEXT NOT NULL DEFAULT '{{}}',
        kept_values TEXT NOT NULL DEFAULT '{{}}',
        undone_at TEXT
    );
    CREATE INDEX merges_survivor ON merges(survivor_id);
    CREATE INDEX merges_merged ON merges(merged_id);

    -- Two contacts the user said are different people: no longer offered as duplicates.
    CREATE TABLE distinct_contacts ({_BOOKKEEPING},
        contact_id TEXT NOT NULL REFERENCES contacts(id),
        other_id TEXT NOT NULL REFERENCES contacts(id)
    );
    CREATE INDEX distinct_contacts_pair ON distinct_contacts(contact_id, other_id);

    -- A merge repoints the introductions made by the merged contact.
    CREATE INDEX contacts_introduced_by ON contacts(introduced_by_contact_id)
        WHERE introduced_by_contact_id IS NOT NULL;
    """)
    # The keys are derived by the book (core.book.duplicate_index), which fills them
    # before they are first read: the store never imports the layers above it. A new,
    # empty book's keys are already complete (a rebuild would cost its first import).
    if db.conn.execute("SELECT 1 FROM contacts LIMIT 1").fetchone():
        mark_stale(db, "duplicate_keys")
    db.executescript("""
    CREATE INDEX duplicate_keys_lookup ON duplicate_keys(kind, key, contact_id);
    CREATE INDEX duplicate_keys_contact ON duplicate_keys(contact_id);
    """)


@MIGRATIONS(name="0006_operations_and_replaced_values")
def operations_and_replaced_values(db):
    """The change log also keeps what each write replaced, and which operation made it (for undo)."""
    # old_fields: JSON of the replaced values of the fields in ``fields``
    # (NULL for a new row). op_id: the local operation (NULL for changes that
    # arrived from another device). Operations are this device's own history
    # for undo: never synced; an undo is itself an operation whose changes sync.
    db.executescript("""
    ALTER TABLE changes ADD COLUMN old_fields TEXT;
    ALTER TABLE changes ADD COLUMN op_id TEXT;
    CREATE INDEX changes_op ON changes(op_id) WHERE op_id IS NOT NULL;

    CREATE TABLE operations (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        origin TEXT NOT NULL,
        created_at TEXT NOT NULL,
        undoes TEXT,
        undone_by TEXT
    );
    """)


@MIGRATIONS(name="0007_receive_changes")
def receive_changes(db):
    """What receiving other devices' changes needs: change ids, per-field clocks, conflicts, held values."""
    # change_id: unique across devices (UUIDv7), so a change applied twice is
    # recognised. base_clocks: JSON {field: the field's clock on the writing
    # device just before this write}; a receiver learns from it which writes
    # the writer had already seen (those are not conflicts).
    # field_clocks: the stamp of the write whose value a field holds (hlc) and
    # the newest stamp any write of it had seen (seen_hlc); looked up by key.
    # conflicts: values that lost to a concurrent write (JSON as in the log).
    # pending_fields: winning values that cannot be written yet (their row
    # lacks required fields, or a referenced row has not arrived).
    # unknown_fields: values for tables or columns this version does not know,
    # kept (last writer wins) so a newer version can apply them.
    # held_changes: changes stamped too far in this device's future, applied
    # once the wall clock has caught up (core.store.receive).
    db.executescript("""
    ALTER TABLE changes ADD COLUMN change_id TEXT;
    ALTER TABLE changes ADD COLUMN base_clocks TEXT;

    CREATE TABLE field_clocks (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        hlc TEXT NOT NULL,
        seen_hlc TEXT,
        PRIMARY KEY (table_name, row_id, field)
    ) WITHOUT ROWID;

    CREATE TABLE conflicts (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        losing_hlc TEXT NOT NULL,
        losing_value TEXT,
        winning_hlc TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id, field, losing_hlc)
    ) WITHOUT ROWID;

    CREATE TABLE pending_fields (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT,
        hlc TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id, field)
    ) WITHOUT ROWID;

    CREATE TABLE unknown_fields (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT,
        hlc TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id, field)
    ) WITHOUT ROWID;

    CREATE TABLE held_changes (
        change_id TEXT PRIMARY KEY,
        hlc TEXT NOT NULL,
        change TEXT NOT NULL
    ) WITHOUT ROWID;
    """)

    # Replay the existing log once: each write gets an id and the clocks it
    # overwrote; each field ends with the clock of its last write.
    clocks: dict[tuple, list] = {}
    updates = []
    for seq, hlc, table, row_id, fields in db.execute(
            "SELECT seq, hlc, table_name, row_id, fields FROM changes ORDER BY seq").fetchall():
        base = {}
        for name in json.loads(fields):
            clock = clocks.get((table, row_id, name))
            if clock is not None:
                base[name] = clock[0]
                clock[1] = clock[0] if clock[1] is None else max(clock[1], clock[0])
                clock[0] = max(clock[0], hlc)
            else:
                clocks[(table, row_id, name)] = [hlc, None]
        updates.append((new_id(), json.dumps(base, separators=(",", ":")) if base else None, seq))
    db.conn.executemany("UPDATE changes SET change_id = ?, base_clocks = ? WHERE seq = ?", updates)
    db.conn.executemany(
        "INSERT INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES (?, ?, ?, ?, ?)",
        [(*key, hlc, seen) for key, (hlc, seen) in clocks.items()])
    db.execute("CREATE UNIQUE INDEX changes_change_id ON changes(change_id)")


@MIGRATIONS(name="0008_social_profiles")
def social_profiles(db):
    """Social profiles become a field of their own, out of the vCard properties kept in ``extras``."""
    db.executescript("ALTER TABLE contacts ADD COLUMN social_profiles TEXT NOT NULL DEFAULT '[]';")
    # Every device makes the same move from the same data, so it is not logged for sync.
    rows = db.conn.execute(
        "SELECT id, extras FROM contacts WHERE extras LIKE '%SOCIALPROFILE%'").fetchall()
    for contact_id, extras_text in rows:
        extras = json.loads(extras_text or "[]")
        kept, profiles = [], []
        for extra in extras:
            if (extra.get("name") or "").upper() in ("X-SOCIALPROFILE", "SOCIALPROFILE"):
                params = {key.upper(): value for key, value in (extra.get("params") or {}).items()}
                service = (params.get("SERVICE-TYPE") or params.get("TYPE") or [""])
                service = service[0] if isinstance(service, list) and service else service
                value = _VCARD_ESCAPE.sub(lambda m: m.group(1), (extra.get("value") or "").strip())
                if value:
                    profiles.append({"value": value, "label": str(service or "").lower()})
            else:
                kept.append(extra)
        db.conn.execute("UPDATE contacts SET extras = ?, social_profiles = ? WHERE id = ?",
                        (json.dumps(kept, ensure_ascii=False), json.dumps(profiles, ensure_ascii=False),
                         contact_id))


@MIGRATIONS(name="0009_sync_state")
def sync_state(db):
    """What talking to a team's sync server needs: which changes the server holds, list elements' clocks."""
    # server_seq: the team sequence the server gave this change (pushed and
    # acknowledged, or pulled); NULL means the server may not have it yet, so
    # a push sends exactly the rows the partial index lists. A server restored
    # from a backup clears it, and everything is sent again (idempotent).
    # changes_row: one row's log (merging lists, deletes against edits, history).
    # element_clocks: per element of a list field (emails, phones, tags, ...),
    # the stamp of the newest write that added or removed it, whether it is
    # present, and its value then; a list is merged element by element from
    # these (core.store.elements), so two devices adding different numbers keep both.
    db.executescript("""
    ALTER TABLE changes ADD COLUMN server_seq INTEGER;
    CREATE INDEX changes_unsent ON changes(seq) WHERE server_seq IS NULL;
    CREATE INDEX changes_server_seq ON changes(server_seq) WHERE server_seq IS NOT NULL;
    CREATE INDEX changes_row ON changes(table_name, row_id);

    CREATE TABLE element_clocks (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        element_key TEXT NOT NULL,
        hlc TEXT NOT NULL,
        present INTEGER NOT NULL,
        value TEXT,
        PRIMARY KEY (table_name, row_id, field, element_key)
    ) WITHOUT ROWID;
    """)


@MIGRATIONS(name="0010_erasure")
def erasure(db):
    """Rows erased for good (GDPR Art. 17): their ids, so a late change of one is never applied."""
    # The row itself, its log values and every side table's entries are gone
    # (core.store.erasure); this id and the erasure's own change are all that is left.
    db.executescript("""
    CREATE TABLE erased_rows (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        erased_at TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id)
    ) WITHOUT ROWID;
    """)


@MIGRATIONS(name="0012_phrase_gender")
def phrase_gender(db):
    """Contacts get the grammatical gender phrases are said to them in (issue 14), unset for all."""
    db.executescript("ALTER TABLE contacts ADD COLUMN phrase_gender TEXT;")


@MIGRATIONS(name="0013_entry_time_zones")
def entry_time_zones(db):
    """Interactions and follow-ups keep the zone their time was typed in, as meetings do.

    Shown in that zone, named by its city (docs/time.md). Older rows have none:
    they show in home time, as before.
    """
    db.executescript("""
    ALTER TABLE interactions ADD COLUMN time_zone TEXT;
    ALTER TABLE follow_ups ADD COLUMN time_zone TEXT;
    """)


@MIGRATIONS(name="0014_implicit_field_clocks")
def implicit_field_clocks(db):
    """A row's field clocks are stored only once one differs from its creation's (issue 15).

    Most rows are never changed after they are created: their clocks are all
    the creating change's stamp, with nothing seen, and are implicit from now
    on (``core.store.field_clocks``). Stored ones equal to that are dropped.
    An older version would read a missing clock as "never written", so it must
    not write this book: the migration's name tells it so.
    """
    for table in SYNCED_TABLES:
        fold_field_clocks(db.conn, table)


@MIGRATIONS(name="0015_element_removals")
def element_removals(db):
    """List elements: a removal keeps what it had seen, so a concurrent change of the element wins over it.

    ``element_clocks`` kept each element's newest operation, so a removal newer
    than a change made elsewhere dropped that change unseen. Now an element's
    row keeps its newest addition or change, and a second row (key prefixed
    ``~``) the newest clock a removal of it had seen (core.store.elements).
    Emptied here: each list field's rows are rebuilt from the change log on its
    next write (``seed_elements``), the same rows a device receiving the log builds.
    """
    db.executescript("DELETE FROM element_clocks;")


@MIGRATIONS(name="0016_duplicate_keys_by_rowid")
def duplicate_keys_by_rowid(db):
    """Duplicate keys name their contact by its rowid, not its 36-character id (issue 15).

    The keys are derived, never synced: rewritten here from the old table, in
    the lookup index's order. The contact's rowid is already the key of its
    search entry, so it is as stable as that.
    """
    db.executescript("""
    CREATE TABLE duplicate_keys_new (
        contact_rowid INTEGER NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        company_key TEXT
    );
    INSERT INTO duplicate_keys_new(contact_rowid, kind, key, company_key)
        SELECT c.rowid, k.kind, k.key, k.company_key FROM duplicate_keys k JOIN contacts c ON c.id = k.contact_id
        ORDER BY k.kind, k.key, c.rowid;
    DROP TABLE duplicate_keys;
    ALTER TABLE duplicate_keys_new RENAME TO duplicate_keys;
    CREATE INDEX duplicate_keys_lookup ON duplicate_keys(kind, key, contact_rowid);
    CREATE INDEX duplicate_keys_contact ON duplicate_keys(contact_rowid);
    """)


@MIGRATIONS(name="0017_operation_seq")
def operation_seq(db):
    """A change names its operation by the operation's ``seq``, not its 36-character id (issue 15).

    ``op_seq``: the local operation's seq; 0 for this device's writes in no
    kept operation (a sync's merges, an erasure's, an operation since dropped);
    NULL for a change received from another device. ``op_id`` stays, empty (an
    older version must not write this book: the migration's name tells it so).
    """
    db.executescript("""
    ALTER TABLE changes ADD COLUMN op_seq INTEGER;
    UPDATE changes SET op_seq = coalesce((SELECT o.seq FROM operations o WHERE o.id = changes.op_id), 0), op_id = NULL
        WHERE op_id IS NOT NULL;
    DROP INDEX changes_op;
    CREATE INDEX changes_op ON changes(op_seq) WHERE op_seq IS NOT NULL;
    """)


@MIGRATIONS(name="0018_name_spellings")
def name_spellings(db):
    """Hong Kong and Macao partners' Chinese names in Cantonese (Chan, not Chen); Arabic as typed.

    Arabic is searched and compared as keyboards type it (a bare alef for إ, no
    short vowels; العمري found by عمري too). Sort keys, search entries and
    duplicate keys are derived, never logged: the book layer redoes them
    (``core.book.contacts.refresh_name_spellings``) the next time the book is
    opened. Only a book holding such names has any to redo.
    """
    if db.conn.execute(f"SELECT 1 FROM contacts WHERE upper(country) IN ('HK', 'MO') UNION ALL "
                       f"{ARABIC_SEARCH_ENTRIES} LIMIT 1").fetchone():
        mark_stale(db, NAME_SPELLINGS)


@MIGRATIONS(name="0019_duplicate_key_hashes")
def duplicate_key_hashes(db):
    """Duplicate keys as 64-bit hashes of their text, clustered by (kind, hash, contact) (issue 15).

    The keys are derived, never synced: the table is made anew and filled by
    the book (``core.book.duplicate_index``) before it is next read. Readers
    check what a hash finds against the contacts' keys recomputed from their
    rows, so no key's text (nor its company's) is stored. 10k demo book: the
    table and its indexes 5.4 → 1.9 MB.
    """
    db.executescript("""
    DROP TABLE duplicate_keys;
    CREATE TABLE duplicate_keys (
        kind INTEGER NOT NULL,
        key_hash INTEGER NOT NULL,
        contact_rowid INTEGER NOT NULL,
        PRIMARY KEY (kind, key_hash, contact_rowid)
    ) WITHOUT ROWID;
    CREATE INDEX duplicate_keys_contact ON duplicate_keys(contact_rowid);
    """)
    if db.conn.execute("SELECT 1 FROM contacts WHERE deleted_at IS NULL LIMIT 1").fetchone():
        mark_stale(db, "duplicate_keys")


@MIGRATIONS(name="0020_changes_row_by_id")
def changes_row_by_id(db):
    """The log's index by row holds the row id alone, not the table's name before it (issue 15).

    Every reader that looks a row's changes up names its ``row_id`` (with its
    table: a UUIDv7 row id is unique in practice, and the table is then
    checked on the few rows found), and none searches by table alone. Same
    index name, same plans; 10k demo book: 2.7 → 2.2 MB.
    """
    db.executescript("""
    DROP INDEX changes_row;
    CREATE INDEX changes_row ON changes(row_id);
    """)
