"""The log's index by row (migration 0020): keyed by row id alone, still used by every lookup of a row's changes."""

from core.book.contacts import add_contact, update_contact


def _plan(db, sql, params):
    return " ".join(row[-1] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_a_rows_changes_are_found_through_the_row_index(fresh_db):
    contact = add_contact(fresh_db, display_name="Anna Weber")
    update_contact(fresh_db, contact, city="Berlin")
    columns = [row[2] for row in fresh_db.conn.execute("PRAGMA index_info(changes_row)")]
    assert columns == ["row_id"]
    one = "SELECT hlc, fields FROM changes WHERE table_name = ? AND row_id = ?"
    many = "SELECT row_id, hlc, fields FROM changes WHERE table_name = ? AND row_id IN (?, ?) ORDER BY seq"
    assert "USING INDEX changes_row" in _plan(fresh_db, one, ("contacts", contact))
    assert "USING INDEX changes_row" in _plan(fresh_db, many, ("contacts", contact, "other"))
    assert len(fresh_db.conn.execute(one, ("contacts", contact)).fetchall()) == 2
    assert fresh_db.conn.execute(one, ("companies", contact)).fetchall() == []
