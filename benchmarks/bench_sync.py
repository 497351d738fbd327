"""Issue 6: commands queued offline drain after reconnection, against real hall servers.

N ticket issues are recorded in a kiosk's local store while no sender runs (offline); then the
outbox drains them — in batches of up to 100 (`POST /batch`), each batch's verdicts recorded in
one durable local transaction — and the same number of plain sequential POSTs (each with its own
Idempotency-Key, no local store) go to a second server. Both servers start empty, and the two
runs are interleaved in rounds of 1,000 commands, so both halls grow alike (issuing gets dearer
as the day's tickets grow) and the machine's load at any moment weighs on both.
A third pair, the outbox sending one command per request against plain POSTs, is printed for
reference. `--quick`: N = 1000 (default 10,000).
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests

from benchmarks.benchlib import goal, parse_args
from server_sync import endpoints
from server_sync.endpoints import BATCH_LIMIT
from server_sync.sender import Sender
from server_sync.store import Store
from server_sync.transport import ApiClient, make_session
from tests.live_server import ServerProcess, free_port
from tests.server_sync.helpers import QUEUES

ROUND = 1000


@contextmanager
def _fresh_server(root: Path, name: str) -> Iterator[ServerProcess]:
    server = ServerProcess(root / f"{name}.sqlite3", free_port(), root / f"{name}.log")
    server.start()
    try:
        server.enrol()
        yield server
    finally:
        server.kill()


def _offline_queue(path: Path, n: int) -> Store:
    """A terminal's store with `n` ticket issues recorded while offline."""
    store = Store(path)
    with store.transaction() as tx:
        for i in range(n):
            store.enqueue(endpoints.issue_ticket(queue=QUEUES[i % len(QUEUES)]), tx=tx)
    return store


def _ticket_count(server: ServerProcess) -> int:
    """Today's tickets on the server (listed per queue: a listing holds at most 5,000)."""
    return sum(len(server.admin("GET", f"/tickets?queue={q}&limit=5000")) for q in QUEUES)


def _plain_posts(session: requests.Session, server: ServerProcess, count: int) -> None:
    headers = {"Authorization": f"Bearer {server.tokens['kiosk']}"}
    for i in range(count):
        session.post(
            f"{server.base_url}/api/v1/tickets",
            json={"queue": QUEUES[i % len(QUEUES)], "channel": "kiosk"},
            headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
            timeout=(3.05, 10),
        ).raise_for_status()


def _compare(root: Path, n: int, batch_size: int) -> tuple[float, float]:
    """Outbox drain and plain POSTs, interleaved in rounds: (outbox/s, plain/s)."""
    tag = f"b{batch_size}"
    with (
        _fresh_server(root, f"{tag}-outbox") as outbox_server,
        _fresh_server(root, f"{tag}-plain") as plain_server,
    ):
        store = _offline_queue(root / f"{tag}-kiosk.sqlite3", n)
        session, plain = make_session(), make_session()
        client = ApiClient(outbox_server.base_url, session, token=outbox_server.tokens["kiosk"])
        sender = Sender(store, client, batch_size=batch_size)
        outbox_seconds = plain_seconds = 0.0
        drained = 0
        while drained < n:
            step = min(ROUND, n - drained)
            start = time.perf_counter()
            for _ in range(step):  # stop after `step` commands (a batch never spans rounds)
                answered = sender.send_step()
                if not answered:
                    raise SystemExit("the outbox stalled: " + str(sender.status().last_error))
                drained += len(answered)
                if drained % ROUND == 0 or drained == n:
                    break
            outbox_seconds += time.perf_counter() - start
            start = time.perf_counter()
            _plain_posts(plain, plain_server, step)
            plain_seconds += time.perf_counter() - start
        issued = {e.result["ticket"]["ticket_id"] for e in store.entries()}
        if store.summary().count or len(issued) != n or _ticket_count(outbox_server) != n:
            raise SystemExit("the outbox did not apply every command exactly once")
        sender.stop()
        session.close()
        plain.close()
        store.close()
    return n / outbox_seconds, n / plain_seconds


def main() -> None:
    args = parse_args(__doc__ or "")
    n = 1000 if args.quick else 10_000
    reference_n = 200 if args.quick else 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        outbox_rate, plain_rate = _compare(root, n, BATCH_LIMIT)
        single_rate, single_plain = _compare(root, reference_n, 1)
    print(
        f"{n} offline commands drained from the outbox, {BATCH_LIMIT} a batch: {outbox_rate:.0f}/s"
    )
    print(f"{n} plain sequential POSTs (interleaved, a second fresh server): {plain_rate:.0f}/s")
    print(
        f"reference, {reference_n} commands one per request: outbox {single_rate:.0f}/s, "
        f"plain {single_plain:.0f}/s (ratio {single_rate / single_plain:.2f})"
    )
    goal("outbox_vs_plain_ratio", outbox_rate / plain_rate, ">=", 1.0)


if __name__ == "__main__":
    main()
