"""Sync with a team server: the protocol, the client engine, credentials (docs/sync-protocol.md)."""
