"""Identifiers and clocks that make local writes ready for sync.

Row ids are UUIDv7 made on this device, so two laptops never collide and
ids sort by creation time. Every change is stamped with a hybrid logical
clock (HLC): wall time in milliseconds plus a counter, with the node id as
the tie-break, so "last writer wins" is well defined across devices whose
clocks disagree.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone


def new_id() -> str:
    """Return a new UUIDv7 as a lowercase string, e.g. ``'01a2…'``."""
    # Imported at the first write: uuid6 pulls in importlib.metadata and email (~15 ms of start-up).
    import uuid6

    return str(uuid6.uuid7())


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
