"""Issue 6: commands queued offline drain after reconnection, against a real hall server.

Enqueues N ticket issues in the local store while no sender runs (offline), then drains them
through the outbox and compares with N plain sequential POSTs (each with its own
Idempotency-Key) on the same server in the same run. `--quick`: N = 1000 (default 10,000).
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.benchlib import goal, parse_args
from server_sync import endpoints
from server_sync.sender import Sender
from server_sync.store import Store
from server_sync.transport import ApiClient, make_session
from tests.server_sync.conftest import ServerProcess, free_port
from tests.server_sync.helpers import QUEUES


def main() -> None:
    args = parse_args(__doc__ or "")
    n = 1000 if args.quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = ServerProcess(root / "hall.sqlite3", free_port(), root / "server.log")
        server.start()
        try:
            server.enrol()
            token = server.tokens["kiosk"]
            store = Store(root / "kiosk.sqlite3")
            with store.transaction() as tx:
                for i in range(n):
                    store.enqueue(endpoints.issue_ticket(queue=QUEUES[i % len(QUEUES)]), tx=tx)
            session = make_session()
            sender = Sender(store, ApiClient(server.base_url, session, token=token))
            start = time.perf_counter()
            drained = sender.drain()
            outbox_rate = drained / (time.perf_counter() - start)
            plain = make_session()
            headers = {"Authorization": f"Bearer {token}"}
            start = time.perf_counter()
            for i in range(n):
                plain.post(
                    f"{server.base_url}/api/v1/tickets",
                    json={"queue": QUEUES[i % len(QUEUES)], "channel": "kiosk"},
                    headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                    timeout=(3.05, 10),
                ).raise_for_status()
            plain_rate = n / (time.perf_counter() - start)
            session.close()
            plain.close()
            store.close()
        finally:
            server.kill()
    print(f"{n} commands drained from the outbox: {outbox_rate:.0f}/s")
    print(f"{n} plain sequential POSTs: {plain_rate:.0f}/s")
    goal("outbox_vs_plain_ratio", outbox_rate / plain_rate, ">=", 1.0)


if __name__ == "__main__":
    main()
