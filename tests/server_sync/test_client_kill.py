"""Acceptance: the client process is SIGKILLed at random points while it records and sends
commands, then restarted on the same store: nothing the user did is lost, nothing is applied
twice."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

from server_sync.store import EntryState, Store
from tests.live_server import REPO, ServerProcess, child_env

TOTAL = 300
KILLS = 8
WORKER = Path(__file__).with_name("client_worker.py")


def test_nothing_lost_nothing_doubled_across_client_kills(
    server: ServerProcess, tmp_path: Path
) -> None:
    rng = random.Random(6)
    store_path = tmp_path / "desk.sqlite3"
    acknowledged: set[str] = set()
    finished = False
    for run in range(KILLS + 1):
        out = tmp_path / f"run-{run}.txt"
        with out.open("wb") as sink:
            worker = subprocess.Popen(
                [sys.executable, str(WORKER), str(store_path), server.base_url,
                 server.tokens["kiosk"], str(TOTAL)],
                cwd=REPO, env=child_env(), stdout=sink, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                if run < KILLS:
                    try:
                        worker.wait(timeout=rng.uniform(0.4, 1.6))
                    except subprocess.TimeoutExpired:
                        worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=120)
            finally:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()
        lines = out.read_text().split()
        finished = "DONE" in lines
        acknowledged.update(line for line in lines if line.startswith("ow-"))
        if finished:
            break
    assert finished, out.read_text()[-2000:]

    store = Store(store_path)
    entries = store.entries()
    keys = {e.idem_key for e in entries}
    assert acknowledged <= keys  # every command the user was told about is there
    assert len(entries) == TOTAL
    assert len(store.draft_ids()) == TOTAL  # each draft went in with its command, or neither
    assert {e.state for e in entries} == {EntryState.SENT}
    tickets = server.tickets()
    assert len(tickets) == TOTAL  # nothing applied twice
    assert {e.result["ticket"]["ticket_id"] for e in entries} == {t["ticket_id"] for t in tickets}
    store.close()
