"""The team sync server (`fairmate serve`): an ASGI app over a SQLite or PostgreSQL store (docs/sync-protocol.md)."""
