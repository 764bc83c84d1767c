"""The sync protocol's constants and error codes, shared by the client and the server.

docs/sync-protocol.md is the human version. Nothing here talks to a network
or a database: the server (``core.server``) and the client engine
(``core.sync.engine``) both read these names, so they cannot drift apart.
"""

from __future__ import annotations

from core.store.migrations import PERSONAL_TABLES

# The protocol this version speaks, and the oldest one it still accepts.
PROTOCOL = 1
MIN_PROTOCOL = 1

# Endpoints, relative to the server's base URL.
PING = "ping"
PAIR = "pair"
HELLO = "hello"
PUSH = "push"
PULL = "pull"

# Limits of one request.
MAX_PUSH_CHANGES = 1000
MAX_PULL_CHANGES = 1000
MAX_BODY_BYTES = 8 * 1024 * 1024
PULL_PAGE_BYTES = 4 * 1024 * 1024
# Pages the client asks for.
PUSH_PAGE = 500
PULL_PAGE = 500

# Tables of a book that never travel: the device's own state and bookkeeping, and its
# personal tables. A push naming one is refused (a newer version's new tables are not).
NEVER_SYNCED_TABLES = frozenset({
    "device", "settings", "changes", "operations", "field_clocks", "conflicts", "pending_fields",
    "unknown_fields", "held_changes", "element_clocks", "duplicate_keys", "contact_search",
    "_sqlite_migrations", "sqlite_master", *PERSONAL_TABLES})

# A stamp more than this ahead of the server's clock is refused (clock_ahead).
MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000
# A client stores a clock offset when the server's clock differs by more than this.
CLOCK_OFFSET_THRESHOLD_MS = 60 * 1000
# How long a pairing code stays valid.
PAIRING_CODE_TTL_S = 10 * 60

# Error codes (the "error" of an error answer), with their HTTP status.
BAD_REQUEST = "bad_request"          # 400: not JSON, missing keys
BAD_CHANGE = "bad_change"            # 400: a change not in the wire form
UNAUTHORIZED = "unauthorized"        # 401: no, unknown or revoked token
BAD_CODE = "bad_code"                # 403: wrong, used or expired pairing code
NODE_TAKEN = "node_taken"            # 409: the node is paired already (a copied book)
CLOCK_AHEAD = "clock_ahead"          # 409: a stamp too far in the server's future
EPOCH_CHANGED = "epoch_changed"      # 409: the server was restored from a backup
TOO_LARGE = "too_large"              # 413: a batch over the limits
UPDATE_REQUIRED = "update_required"  # 426: the client's protocol is too old

STATUS = {
    BAD_REQUEST: 400, BAD_CHANGE: 400, UNAUTHORIZED: 401, BAD_CODE: 403,
    NODE_TAKEN: 409, CLOCK_AHEAD: 409, EPOCH_CHANGED: 409, TOO_LARGE: 413,
    UPDATE_REQUIRED: 426,
}
