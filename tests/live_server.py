"""Real hall servers for the tests of every client (sync, kiosk, board, desk, dashboard):
`onewindow server --dev` in its own process on a free 127.0.0.1 port and a temporary SQLite
file, which a test can SIGKILL and start again on the same port and database. The server's clock
is pinned to a Monday 09:00 so the hall is open.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[1]
HALL_ID = "busy-hall"
STARTUP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW_")}
    env.update(
        ONEWINDOW_DEV="1",
        ONEWINDOW_FROZEN_CLOCK="2024-05-06T09:00:00+08:00",
        ONEWINDOW_ARGON2_MEMORY_KIB="1024",
        PYTHONPATH=str(REPO),
    )
    return env


@dataclass
class ServerProcess:
    """One hall server on `port` over `db`; `kill()` is SIGKILL, `start()` starts it again."""

    db: Path
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process is None
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "onewindow", "server", "--dev", "--port", str(self.port),
                 "--db", f"sqlite:///{self.db}"],
                cwd=REPO, env=child_env(), stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.starts += 1
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if requests.get(f"{self.base_url}/api/v1/health", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None

    def admin(self, method: str, path: str, body: Any = None, key: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens['admin']}"}
        if key:
            headers["Idempotency-Key"] = key
        response = requests.request(
            method, f"{self.base_url}/api/v1{path}", json=body, headers=headers, timeout=10
        )
        response.raise_for_status()
        return response.json()

    def enrol(self) -> None:
        response = requests.post(
            f"{self.base_url}/api/v1/auth/login",
            json={"hall_id": HALL_ID, "username": "admin", "password": "admin"},
            timeout=10,
        )
        response.raise_for_status()
        self.tokens["admin"] = response.json()["token"]
        for role in ("kiosk", "board"):
            self.tokens[role] = self.admin("POST", "/devices", {"name": f"{role}-t", "role": role})[
                "token"
            ]

    def tickets(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.admin("GET", "/tickets?limit=5000")
        return result


@contextmanager
def running_server(folder: Path) -> Iterator[ServerProcess]:
    """A started, enrolled server on a fresh database in `folder`; killed on exit.

    Use it as a fixture with `server = pytest.fixture(server_fixture)` or directly."""
    proc = ServerProcess(folder / "hall.sqlite3", free_port(), folder / "server.log")
    proc.start()
    proc.enrol()
    try:
        yield proc
    finally:
        proc.kill()


def server_fixture(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(tmp_path) as proc:
        yield proc
