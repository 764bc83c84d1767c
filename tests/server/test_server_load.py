"""Load, bounded: 5 devices push 2,000 changes each at once through the app; everyone pulls all 10,000."""

from __future__ import annotations

import asyncio
import os
import time

import httpx

from core.server.app import create_app
from core.sync import protocol
from tests.server.wire_changes import NOW_MS, make_changes

# The documented long run: FAIRMATE_LOAD_DEVICES=20 FAIRMATE_LOAD_CHANGES=10000 (docs/sync-protocol.md).
DEVICES = int(os.environ.get("FAIRMATE_LOAD_DEVICES", "5"))
CHANGES_PER_DEVICE = int(os.environ.get("FAIRMATE_LOAD_CHANGES", "2000"))


async def _run_load(store) -> tuple[list[dict], dict[str, int], list[list[dict]]]:
    app = create_app(store, clock=lambda: NOW_MS)
    team = store.add_team("Sales")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://server") as client:
        devices = []
        for i in range(DEVICES):
            answer = await client.post("/pair", json={"code": store.create_pairing_code(team),
                                                      "device_name": f"laptop {i}", "node": f"node{i}"})
            devices.append(answer.json())
        acks: dict[str, int] = {}

        async def push_all(device, index):
            headers = {"Authorization": f"Bearer {device['token']}"}
            changes = make_changes(CHANGES_PER_DEVICE, node=f"node{index}")
            for start in range(0, len(changes), protocol.PUSH_PAGE):
                page = changes[start:start + protocol.PUSH_PAGE]
                answer = await client.post("/push", headers=headers,
                                           json={"epoch": device["epoch"], "changes": page})
                assert answer.status_code == 200, answer.text
                assert [a[0] for a in answer.json()["acks"]] == [c["change_id"] for c in page]
                acks.update(answer.json()["acks"])

        await asyncio.gather(*(push_all(device, i) for i, device in enumerate(devices)))

        async def pull_all(device):
            headers = {"Authorization": f"Bearer {device['token']}", "Accept-Encoding": "gzip"}
            seen, after, after_change_id = [], 0, None
            while True:
                page = (await client.post("/pull", headers=headers, json={
                    "epoch": device["epoch"], "after": after, "after_change_id": after_change_id,
                    "limit": protocol.PULL_PAGE})).json()
                seen.extend(page["changes"])
                if not page["more"]:
                    return seen
                after, after_change_id = seen[-1]["seq"], seen[-1]["change"]["change_id"]

        pulled = await asyncio.gather(*(pull_all(device) for device in devices))
    return devices, acks, pulled


def test_five_devices_push_two_thousand_changes_each_and_everyone_pulls_all(sqlite_store):
    started = time.perf_counter()
    devices, acks, pulled = asyncio.run(_run_load(sqlite_store))
    elapsed = time.perf_counter() - started
    total = DEVICES * CHANGES_PER_DEVICE
    assert sorted(acks.values()) == list(range(1, total + 1))
    for seen in pulled:
        assert [row["seq"] for row in seen] == list(range(1, total + 1))
        assert {row["change"]["change_id"]: row["seq"] for row in seen} == acks
    assert sqlite_store.team_head(devices[0]["team_id"]) == (total, total)
    # Speed is bench/sync_server.py's to measure; the figure is printed for the documented long run.
    print(f"{DEVICES} devices x {CHANGES_PER_DEVICE} changes pushed and pulled by all in {elapsed:.1f} s")
