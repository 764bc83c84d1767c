"""Identifiers and clocks that make local writes ready for sync.

Row ids are UUIDv7 made on this device, so two laptops never collide and
ids sort by creation time. Every change is stamped with a hybrid logical
clock (HLC): wall time in milliseconds plus a counter, with the node id as
the tie-break, so "last writer wins" is well defined across devices whose
clocks disagree.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone

# UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, the version (7), 12 random bits, the variant
# (0b10), 62 random bits.
_RANDOM_BITS = (0xFFF << 64) | ((1 << 62) - 1)
_VERSION_AND_VARIANT = (7 << 76) | (0b10 << 62)
# Random bytes drawn at a time (10 an id): one os.urandom call for 400 ids, not one each.
_POOL_BYTES = 4000
_id_lock = threading.Lock()
_id_state = {"last_ms": 0, "pool": b"", "at": 0}


def new_id() -> str:
    """Return a new UUIDv7 as a lowercase string, e.g. ``'01a2…'``.

    Each id's millisecond is later than the one before it in this process (as
    ``uuid6.uuid7`` does: a burst of ids runs ahead of the clock), so ids sort by
    creation. Made here rather than by uuid6: a demo contact needs seven ids and
    ``str(uuid6.uuid7())`` cost 17 µs of them each (issue 15).
    """
    state = _id_state
    with _id_lock:  # two threads never share a millisecond or random bytes
        ms = time.time_ns() // 1_000_000
        if ms <= state["last_ms"]:
            ms = state["last_ms"] + 1
        state["last_ms"] = ms
        at = state["at"]
        if at >= len(state["pool"]):
            state["pool"], at = os.urandom(_POOL_BYTES), 0
        state["at"] = at + 10
        random = int.from_bytes(state["pool"][at:at + 10], "big")
    value = (ms & 0xFFFF_FFFF_FFFF) << 80 | (random & _RANDOM_BITS) | _VERSION_AND_VARIANT
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _forget_random_pool() -> None:
    # A forked child must not hand out its parent's random bytes again.
    _id_state["pool"], _id_state["at"] = b"", 0


os.register_at_fork(after_in_child=_forget_random_pool)


def to_utc_text(moment: datetime) -> str:
    """An aware datetime as the stored form: UTC ISO 8601, whole seconds."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def utc_now() -> str:
    """The current UTC time as ISO 8601 with seconds, e.g. ``2026-11-23T14:05:00+00:00``."""
    return to_utc_text(datetime.now(timezone.utc))


MAX_COUNTER = 99_999  # five digits in the encoded stamp


@dataclass(frozen=True, order=True)
class HlcStamp:
    """One reading of a hybrid logical clock; orders by (wall, counter, node)."""

    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        """Fixed-width text that sorts in the same order as the stamp."""
        return f"{self.wall_ms:013d}-{self.counter:05d}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> "HlcStamp":
        wall, counter, node = text.split("-", 2)
        return cls(int(wall), int(counter), node)


class HybridLogicalClock:
    """A per-device HLC; ``tick`` for local events, ``observe`` for remote ones."""

    def __init__(self, node: str, wall_clock=None):
        self.node = node
        self._wall_clock = wall_clock or (lambda: int(time.time() * 1000))
        self._last = HlcStamp(0, 0, node)

    def wall_ms(self) -> int:
        """This device's wall clock in milliseconds (the clock's own time source)."""
        return self._wall_clock()

    def observe(self, encoded: str | None) -> None:
        """Move the clock past a stamp seen elsewhere (a remote change or the log)."""
        if not encoded:
            return
        seen = HlcStamp.decode(encoded)
        if (seen.wall_ms, seen.counter) > (self._last.wall_ms, self._last.counter):
            self._last = HlcStamp(seen.wall_ms, seen.counter, self.node)

    def tick(self) -> str:
        """Return a stamp later than every stamp this clock has issued or seen."""
        now = self._wall_clock()
        if now > self._last.wall_ms:
            self._last = HlcStamp(now, 0, self.node)
        elif self._last.counter >= MAX_COUNTER:
            # The counter's digits are full: borrow a millisecond rather than
            # write a stamp that would sort before its predecessor.
            self._last = HlcStamp(self._last.wall_ms + 1, 0, self.node)
        else:
            self._last = HlcStamp(self._last.wall_ms, self._last.counter + 1, self.node)
        return self._last.encode()
