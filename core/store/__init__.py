"""The store: the database file, its migrations, ids and clocks, and the one write path every change goes through."""
