"""Benchmark of issue 5: the hall server over real HTTP.

A real uvicorn process (`onewindow server --dev` on a fresh SQLite file, the clock pinned to a
Monday 09:00 so the hall is open) serves both measurements.

1. Ticket issue throughput. Client threads, each with its own keep-alive connection, issue
   tickets (`POST /api/v1/tickets`: bearer token check, one write transaction with the atomic
   counter upsert, hallcore's take rules, the event and the idempotency record) and, in
   alternating rounds of the same length, call the same server's no-op (`GET /api/v1/health`:
   the same HTTP stack, routing and JSON, no database). Figures: requests per second and the
   p50/p99 latency of each, and for context `GET /api/v1/me` (the bearer-token look-up alone).
   Goal: issue throughput ≥ 0.6 × the no-op's.

2. Event fan-out. 100 subscribers follow `GET /api/v1/events` (server-sent events); a clerk calls
   tickets at a window (call next, then start and finish to free the window). For every call we
   take the time from sending the request to the moment each subscriber has read the `call`
   event. Goal: p99 under 100 ms.

3. The write section of one issue, in-process (no HTTP): the route's function called directly on
   a fresh SQLite file, CPU milliseconds per issue (process time, so a loaded machine skews it
   less than the wall-clock figures above). With ONEWINDOW_PROFILE=1 it also prints cProfile's
   top entries by cumulative time.

Run: python benchmarks/bench_server.py [--quick]
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from benchlib import goal, median, parse_args

SUBSCRIBERS = 100


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "ONEWINDOW_FROZEN_CLOCK": "2024-05-06T09:00:00+08:00",
        "ONEWINDOW_ARGON2_MEMORY_KIB": "1024",
    }
    command = [sys.executable, "-m", "onewindow", "server", "--dev", "--db", f"sqlite:///{db}"]
    process = subprocess.Popen([*command, "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def tokens(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base) as client:
        login = {"hall_id": "busy-hall", "username": "admin", "password": "admin"}
        admin = client.post("/api/v1/auth/login", json=login).json()["token"]
        headers = {"Authorization": f"Bearer {admin}"}
        found = {"admin": admin}
        for role in ("kiosk", "board"):
            device = client.post(
                "/api/v1/devices", json={"name": f"bench-{role}", "role": role}, headers=headers
            )
            found[role] = device.json()["token"]
        return found


class Load:
    """`threads` clients, each sending its request `count` times; latencies and the wall time."""

    def __init__(self, base: str, threads: int, count: int) -> None:
        self.base = base
        self.threads = threads
        self.count = count
        self.clients = [httpx.Client(base_url=base, timeout=30) for _ in range(threads)]
        self._serial = 0

    def close(self) -> None:
        for client in self.clients:
            client.close()

    def run(self, send: Any) -> tuple[float, list[float]]:
        latencies: list[list[float]] = [[] for _ in range(self.threads)]
        barrier = threading.Barrier(self.threads + 1)
        self._serial += 1
        serial = self._serial

        def worker(index: int) -> None:
            client = self.clients[index]
            barrier.wait()
            for n in range(self.count):
                start = time.perf_counter()
                response = send(client, f"{serial}-{index}-{n}")
                latencies[index].append(time.perf_counter() - start)
                if response.status_code >= 400:
                    raise SystemExit(f"request failed: {response.status_code} {response.text}")

        workers = [threading.Thread(target=worker, args=(i,)) for i in range(self.threads)]
        for thread in workers:
            thread.start()
        barrier.wait()
        start = time.perf_counter()
        for thread in workers:
            thread.join()
        wall = time.perf_counter() - start
        return self.threads * self.count / wall, [x for per in latencies for x in per]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def throughput(base: str, token: dict[str, str], quick: bool) -> float:
    threads, count, rounds = (4, 50, 3) if quick else (8, 100, 5)
    load = Load(base, threads, count)
    kiosk = {"Authorization": f"Bearer {token['kiosk']}"}
    queues = ("pickup", "consult", "social", "one_thing", "company", "property")

    def noop(client: httpx.Client, _: str) -> httpx.Response:
        return client.get("/api/v1/health")

    def issue(client: httpx.Client, key: str) -> httpx.Response:
        body = {"queue": queues[hash(key) % len(queues)]}
        return client.post(
            "/api/v1/tickets", json=body, headers={**kiosk, "Idempotency-Key": f"bench-{key}"}
        )

    def me(client: httpx.Client, _: str) -> httpx.Response:
        return client.get("/api/v1/me", headers=kiosk)

    load.run(noop)  # warm up connections and code paths
    load.run(issue)
    figures: dict[str, list[tuple[float, list[float]]]] = {"noop": [], "me": [], "issue": []}
    for _ in range(rounds):
        figures["noop"].append(load.run(noop))
        figures["me"].append(load.run(me))
        figures["issue"].append(load.run(issue))
    load.close()
    rates = {}
    for name, runs in figures.items():
        rate = median([r for r, _ in runs])
        latencies = [x for _, lat in runs for x in lat]
        rates[name] = rate
        print(
            f"{name:>5}: {rate:8.0f} requests/s with {threads} clients; latency "
            f"p50 {percentile(latencies, 0.5) * 1000:.2f} ms, "
            f"p99 {percentile(latencies, 0.99) * 1000:.2f} ms ({len(latencies)} requests)"
        )
    ratio = rates["issue"] / rates["noop"]
    print(f"issue throughput = {ratio:.2f} × the no-op's ({rates['me'] / rates['noop']:.2f} × for")
    print("  an authenticated read, GET /me: the token look-up alone)")
    return ratio


async def fanout(base: str, token: dict[str, str], quick: bool) -> float:
    calls = 10 if quick else 40
    board = {"Authorization": f"Bearer {token['board']}"}
    admin = {"Authorization": f"Bearer {token['admin']}"}
    kiosk = {"Authorization": f"Bearer {token['kiosk']}"}
    limits = httpx.Limits(max_connections=SUBSCRIBERS + 10)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        for n in range(calls + 1):
            await client.post(
                "/api/v1/tickets",
                json={"queue": "pickup"},
                headers={**kiosk, "Idempotency-Key": f"fan-issue-{n}"},
            )
        start_seq = (await client.get("/api/v1/snapshot", headers=board)).json()["seq"]
        arrivals: dict[str, list[float]] = {}
        ready = asyncio.Event()
        connected = 0

        async def subscriber() -> None:
            nonlocal connected
            url = f"/api/v1/events?after={start_seq}"
            async with client.stream("GET", url, headers=board) as response:
                async for line in response.aiter_lines():
                    if line.startswith(": connected"):
                        connected += 1
                        if connected == SUBSCRIBERS:
                            ready.set()
                    elif line.startswith("data: "):
                        event = json.loads(line[6:])
                        if event["kind"] == "call":
                            arrivals.setdefault(event["number"], []).append(time.perf_counter())
                            if event.get("last"):
                                return

        tasks = [asyncio.create_task(subscriber()) for _ in range(SUBSCRIBERS)]
        await asyncio.wait_for(ready.wait(), 30)
        sent: dict[str, float] = {}
        for n in range(calls + 1):  # the first call warms the streams up and is not counted
            started = time.perf_counter()
            response = await client.post(
                "/api/v1/windows/10/call-next",
                headers={**admin, "Idempotency-Key": f"fan-call-{n}"},
            )
            ticket = response.json()["ticket"]
            sent[ticket["number"]] = started
            while len(arrivals.get(ticket["number"], ())) < SUBSCRIBERS:
                await asyncio.sleep(0.001)
            if n == 0:
                del sent[ticket["number"]], arrivals[ticket["number"]]
            for action in ("start", "finish"):
                await client.post(
                    f"/api/v1/windows/10/{action}",
                    json={"ticket_id": ticket["ticket_id"]},
                    headers={**admin, "Idempotency-Key": f"fan-{action}-{n}"},
                )
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    latencies = [(t - sent[number]) * 1000 for number, times in arrivals.items() for t in times]
    assert len(latencies) == calls * SUBSCRIBERS
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    print(
        f"fan-out: {calls} calls × {SUBSCRIBERS} subscribers; call → event read "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(latencies):.1f} ms"
    )
    return p99


def issue_cost(folder: Path, quick: bool) -> float:
    """CPU ms per issue of `issue_ticket` called in-process (the work under the hall's lock,
    the idempotency record and the event included; no HTTP, no token check)."""
    import cProfile
    import pstats
    import uuid
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from hall_server.app import create_app
    from hall_server.auth import Principal, Role
    from hall_server.routes.queue import issue_ticket
    from hall_server.schemas import IssueIn
    from hall_server.settings import Settings

    monday = datetime(2024, 5, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    settings = Settings(
        db_url=f"sqlite:///{folder / 'cost.sqlite3'}",
        dev=True,
        frozen_clock=monday,
        argon2_memory_kib=1024,
    )
    server = create_app(settings).state.server
    kiosk = Principal("busy-hall", Role.KIOSK, token_id=1, device_id=1)
    bodies = [IssueIn(queue="social"), IssueIn(queue="pickup"), IssueIn(theme="company")]

    def issue(count: int) -> None:
        for n in range(count):
            response = issue_ticket(bodies[n % 3], kiosk, server, uuid.uuid4().hex)
            assert response.status_code == 201, response.body

    count = 200 if quick else 1000
    issue(30)  # warm the statement caches
    started = time.process_time()
    issue(count)
    cost = (time.process_time() - started) / count * 1000
    print(f"issue in-process: {cost:.2f} ms CPU per issue ({count} issues, no HTTP)")
    if os.environ.get("ONEWINDOW_PROFILE") == "1":
        profile = cProfile.Profile()
        profile.enable()
        issue(count)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    server.db.dispose()
    return cost


def main() -> int:
    args = parse_args(__doc__ or "")
    with tempfile.TemporaryDirectory() as folder:
        process, base = start_server(Path(folder) / "bench.sqlite3")
        try:
            token = tokens(base)
            p99 = asyncio.run(fanout(base, token, args.quick))
            ratio = throughput(base, token, args.quick)
        finally:
            process.terminate()
            process.wait(timeout=10)
        issue_cost(Path(folder), args.quick)
    goal("issue_vs_noop_throughput", ratio, ">=", 0.6)
    goal("event_fanout_p99_ms", p99, "<", 100)
    return 0


if __name__ == "__main__":
    sys.exit(main())
