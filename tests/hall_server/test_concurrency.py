"""Acceptance: concurrent issuing and calling over HTTP, on SQLite and PostgreSQL, with the app
in-process (TestClient) and as a real uvicorn process on a free 127.0.0.1 port.

- 50 threads issue 20 tickets each: 1,000 tickets, numbered 1..n per queue, no duplicate, no gap;
- 12 windows call at once until the hall is empty: no ticket is ever given to two windows.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.hall_server.conftest import MONDAY_9AM, TestClient, enrol_everyone

QUEUES = ("pickup", "consult", "social", "one_thing", "company", "property")
Post = Callable[[str, str, Any], httpx.Response]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(params=["in_process", "uvicorn"])
def api(
    request: pytest.FixtureRequest, app_factory: Callable[..., Any], db_url: str
) -> Iterator[tuple[Callable[[], Any], dict[str, str]]]:
    """(a factory of HTTP clients, a token per role) for the server under test."""
    if request.param == "in_process":
        with TestClient(app_factory()) as test_client:
            tokens = enrol_everyone(test_client)
            yield (lambda: test_client), tokens
        return
    port = free_port()
    env = {
        **os.environ,
        "ONEWINDOW_FROZEN_CLOCK": MONDAY_9AM.isoformat(),
        "ONEWINDOW_ENCRYPTION_KEY": "changethis",
        "ONEWINDOW_ARGON2_MEMORY_KIB": "1024",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "onewindow", "server", "--dev", "--db", db_url, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                _, err = process.communicate(timeout=5)
                pytest.fail(f"the server did not start: {err.decode()[-2000:]}")
            time.sleep(0.1)
        with httpx.Client(base_url=base, timeout=60) as client:
            tokens = enrol_everyone(client)
        local = threading.local()
        opened: list[httpx.Client] = []

        def client_for_thread() -> httpx.Client:
            if not hasattr(local, "client"):
                local.client = httpx.Client(base_url=base, timeout=60)
                opened.append(local.client)
            return local.client  # type: ignore[no-any-return]

        try:
            yield client_for_thread, tokens
        finally:
            for client in opened:
                client.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def _post(client: Any, token: str, path: str, body: Any, key: str) -> Any:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    return client.post(f"/api/v1{path}", json=body, headers=headers)


def test_fifty_threads_issue_a_thousand_tickets_without_duplicates_or_gaps(
    api: tuple[Callable[[], Any], dict[str, str]],
) -> None:
    client_for_thread, tokens = api
    start = threading.Barrier(50)

    def worker(index: int) -> list[tuple[str, str]]:
        client = client_for_thread()
        start.wait()
        issued = []
        for n in range(20):
            queue = QUEUES[(index + n) % len(QUEUES)]
            response = _post(
                client, tokens["kiosk"], "/tickets", {"queue": queue}, f"i-{index}-{n}"
            )
            assert response.status_code == 201, response.text
            ticket = response.json()["ticket"]
            issued.append((ticket["queue"], ticket["number"]))
        return issued

    with ThreadPoolExecutor(50) as pool:
        results = [t for batch in pool.map(worker, range(50)) for t in batch]
    assert len(results) == 1000
    by_queue: dict[str, list[int]] = defaultdict(list)
    for queue, number in results:
        by_queue[queue].append(int(number.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")))
    for queue, numbers in by_queue.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), queue
    listed = (
        client_for_thread()
        .get(
            "/api/v1/tickets",
            params={"limit": 5000},
            headers={"Authorization": f"Bearer {tokens['manager']}"},
        )
        .json()
    )
    assert len(listed) == 1000
    assert len({t["ticket_id"] for t in listed}) == 1000


def test_twelve_windows_calling_at_once_never_get_the_same_ticket(
    api: tuple[Callable[[], Any], dict[str, str]],
) -> None:
    client_for_thread, tokens = api
    client = client_for_thread()
    for n in range(96):
        queue = QUEUES[n % len(QUEUES)]
        response = _post(client, tokens["kiosk"], "/tickets", {"queue": queue}, f"t-{n}")
        assert response.status_code == 201, response.text
    start = threading.Barrier(12)

    def window(number: int) -> list[str]:
        client = client_for_thread()
        token = tokens["clerk"]
        start.wait()
        called: list[str] = []
        for n in range(200):
            response = _post(client, token, f"/windows/{number}/call-next", None, f"c{number}-{n}")
            assert response.status_code == 200, response.text
            ticket = response.json()["ticket"]
            if ticket is None:
                return called
            called.append(ticket["ticket_id"])
            ref = {"ticket_id": ticket["ticket_id"]}
            for action in ("start", "finish"):
                done = _post(
                    client, token, f"/windows/{number}/{action}", ref, f"{action}{number}-{n}"
                )
                assert done.status_code == 200, done.text
        raise AssertionError("the hall never ran empty")

    with ThreadPoolExecutor(12) as pool:
        calls = list(pool.map(window, range(1, 13)))
    everything = [ticket for per_window in calls for ticket in per_window]
    duplicates = [t for t, count in Counter(everything).items() if count > 1]
    assert duplicates == []
    assert len(everything) == 96
    assert sum(1 for per_window in calls if per_window) > 1  # the windows really shared the work
