import os
import threading
import time
import uuid

import pytest

from core.store.ids import HlcStamp, HybridLogicalClock, new_id


def test_new_ids_are_uuid7_and_sort_by_creation():
    ids = [new_id() for _ in range(50)]
    assert all(i[14] == "7" for i in ids)
    assert len(set(ids)) == 50


def test_new_ids_are_well_formed_unique_and_ordered_across_many_batches_of_random_bytes():
    before = time.time_ns() // 1_000_000
    ids = [new_id() for _ in range(5000)]  # the random bytes are drawn 400 ids at a time
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for text in ids[::97]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text  # lowercase, 8-4-4-4-12
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    # Each id's millisecond follows the one before (as uuid6.uuid7 does): a burst runs ahead of the clock.
    stamps = [int(text.replace("-", "")[:12], 16) for text in ids]
    assert stamps[0] >= before and all(b > a for a, b in zip(stamps, stamps[1:]))
    # The random part changes from id to id (no pool handed out twice).
    assert len({text[15:] for text in ids}) == len(ids)


def test_new_ids_of_threads_writing_at_once_are_unique():
    found = []

    def draw():
        found.extend([new_id() for _ in range(2000)])

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(found)) == len(found) == 8000


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_a_forked_process_does_not_reuse_its_parents_random_bytes():
    new_id()  # the parent holds random bytes for the next ids
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(writer, new_id().encode())
        os._exit(0)
    os.waitpid(child, 0)
    childs = os.read(reader, 64).decode()
    os.close(reader)
    os.close(writer)
    assert childs[15:] != new_id()[15:]


def test_clock_never_goes_backwards_when_wall_time_does():
    times = iter([1000, 1000, 900, 2000])
    clock = HybridLogicalClock("node-a", wall_clock=lambda: next(times))
    stamps = [clock.tick() for _ in range(4)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 4
    assert HlcStamp.decode(stamps[2]) == HlcStamp(1000, 2, "node-a")


def test_clock_moves_past_an_observed_remote_stamp():
    clock = HybridLogicalClock("a", wall_clock=lambda: 10)
    clock.observe(HlcStamp(500, 3, "b").encode())
    assert HlcStamp.decode(clock.tick()) == HlcStamp(500, 4, "a")


def test_counter_overflow_borrows_a_millisecond_and_keeps_order():
    clock = HybridLogicalClock("a", wall_clock=lambda: 10)
    clock.observe(HlcStamp(10, 99_999, "b").encode())
    after = clock.tick()
    assert HlcStamp.decode(after) == HlcStamp(11, 0, "a")
    assert after > HlcStamp(10, 99_999, "b").encode()
