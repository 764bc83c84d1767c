"""Search results on a demo book: the first page is the best by bm25, or past the cap by name."""

import pytest

from core.book import search
from core.demo.generate import generate_demo_data

# Latin prefixes, pinyin, words and native scripts, as bench/search.py types them.
QUERIES = ["z", "zh", "zha", "zhang", "m", "mu", "mull", "kim", "k", "wang fang", "li na",
           "张", "王芳", "김", "田中", "たなか", "محمد", "สม", "Иван", "राहुल", "Müll", "ta", "tana"]
CAP = 40


@pytest.fixture(scope="module")
def demo_book():
    from core.store.db import open_database

    db = open_database(memory=True)
    generate_demo_data(db, 400, seed=11)
    yield db
    db.close()


def expected_page(db, query, limit):
    """The first page as the rule says, from plain SQL over every match."""
    match = search.build_match_query(query)
    scored = db.conn.execute("SELECT rowid, bm25(contact_search, 10.0, 1.0) FROM contact_search "
                             "WHERE contact_search MATCH ?", (match,)).fetchall()
    if len(scored) <= CAP:
        return sorted(scored, key=lambda row: row[1]), len(scored)
    in_names = {r[0] for r in db.conn.execute("SELECT rowid FROM contact_search WHERE contact_search "
                                              "MATCH ?", (f"names : ({match})",))}
    return sorted(in_names), CAP + 1


@pytest.mark.parametrize("query", QUERIES)
def test_first_page_is_ranked_by_bm25_or_past_the_cap_by_name(demo_book, monkeypatch, query):
    monkeypatch.setattr(search, "RANKED_MATCHES_MAX", CAP)
    limit = 10
    rowids, total = search.search_contact_page(demo_book, query, limit)
    expected, expected_total = expected_page(demo_book, query, limit)
    assert total == expected_total
    if total <= CAP:
        scores = dict(expected)
        assert [scores[r] for r in rowids] == [score for _, score in expected[:limit]]
    else:
        # Whoever matches by name, listed by name (the first *limit* matches FTS5 gives).
        assert set(rowids) <= set(expected) and len(rowids) == min(limit, len(expected))
        keys = [demo_book.conn.execute("SELECT sort_key FROM contacts WHERE rowid = ?", (r,)).fetchone()[0]
                for r in rowids]
        assert keys == sorted(keys)
