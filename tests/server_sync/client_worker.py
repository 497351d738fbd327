"""A terminal in a process of its own, for the client-kill test (run as a script).

    python client_worker.py STORE BASE_URL TOKEN TOTAL

Carries on where the store left off: records commands until the store holds TOTAL (each with a
draft, in one transaction, as a desk would), printing each command's key once it is committed
(the moment the user is told "done"), then sends until nothing is pending and prints DONE.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from server_sync import endpoints
from tests.server_sync.helpers import QUEUES, fast_sender


def main(store_path: str, base_url: str, token: str, total: int) -> int:
    sender = fast_sender(Path(store_path), base_url, token)
    store = sender.store
    sender.start()
    done = len(store.entries())
    for i in range(done, total):
        with store.transaction() as tx:
            store.save_draft(f"draft-{i}", {"n": i}, tx=tx)
            entry = sender.submit(endpoints.issue_ticket(queue=QUEUES[i % len(QUEUES)]), tx=tx)
        sys.stdout.write(f"{entry.idem_key}\n")
        sys.stdout.flush()
        time.sleep(0.002)  # a user's pace, so kills land among submissions too
    deadline = time.monotonic() + 60
    while store.summary().count and time.monotonic() < deadline:
        time.sleep(0.02)
    sender.stop()
    sys.stdout.write("DONE\n" if store.summary().count == 0 else "TIMEOUT\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
