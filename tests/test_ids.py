from core.store.ids import HlcStamp, HybridLogicalClock, new_id


def test_new_ids_are_uuid7_and_sort_by_creation():
    ids = [new_id() for _ in range(50)]
    assert all(i[14] == "7" for i in ids)
    assert len(set(ids)) == 50


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
