"""A simulated morning driven into a real hall server over its API, for the dashboard's tests and
benchmark.

Arrivals come from the hall simulator (`hallcore.queue.simulator` on `busy_day`): which theme,
in what order, how they spread over the hours. The server's clock is pinned (tests/live_server),
so the morning runs in steps: `ClockedServer.move_clock(t)` restarts the server on the same
database with its clock pinned at `t`, and each step issues that step's tickets (kiosk token)
and has windows start, finish, mark no-shows and call next (admin token, as at a desk).
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import requests

from hallcore.queue.scenarios import busy_day
from hallcore.queue.simulator import simulate
from tests.live_server import REPO, STARTUP_SECONDS, ServerProcess, child_env

DAY = date(2024, 5, 6)
TZ_OFFSET = "+08:00"


def at(clock: str) -> str:
    return f"{DAY.isoformat()}T{clock}:00{TZ_OFFSET}"


@dataclass
class ClockedServer(ServerProcess):
    """`ServerProcess` whose pinned clock can be moved (a restart on the same database)."""

    clock: str = at("09:00")

    def start(self) -> None:
        assert self.process is None
        env = child_env()
        env["ONEWINDOW_FROZEN_CLOCK"] = self.clock
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "onewindow", "server", "--dev", "--port", str(self.port),
                 "--db", f"sqlite:///{self.db}"],
                cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
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

    def move_clock(self, clock: str) -> None:
        self.kill()
        self.clock = clock
        self.start()

    def call(self, role: str, method: str, path: str, body: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        if method != "GET":
            headers["Idempotency-Key"] = str(uuid.uuid4())
        response = requests.request(
            method, f"{self.base_url}/api/v1{path}", json=body, headers=headers, timeout=10
        )
        response.raise_for_status()
        return response.json()


def simulated_arrivals(seed: int, count: int) -> list[tuple[float, str]]:
    """`count` arrivals (seconds after 09:00, theme) of the simulator's busy day between 09:00
    and 10:30, evenly thinned so that the morning's shape is kept."""
    result = simulate(busy_day(seed, estimate=False))
    opening = datetime(2024, 5, 6, 9, 0).timestamp() - datetime(2024, 5, 6, 0, 0).timestamp()
    records = sorted(
        (r for r in result.records if opening <= r.taken < opening + 90 * 60),
        key=lambda r: r.taken,
    )
    step = max(1, -(-len(records) // count))
    return [(r.taken - opening, r.theme) for r in records[::step][:count]]


@dataclass
class Step:
    clock: str
    arrivals: list[str]


def plan(seed: int, clocks: list[str], count: int) -> list[Step]:
    """The arrivals grouped by the step whose clock is the latest before them."""
    arrivals = simulated_arrivals(seed, count)
    starts = [(datetime.fromisoformat(at(c)) - datetime.fromisoformat(at("09:00"))) for c in clocks]
    steps = [Step(c, []) for c in clocks]
    for offset, theme in arrivals:
        index = max(i for i, s in enumerate(starts) if s <= timedelta(seconds=offset))
        steps[index].arrivals.append(theme)
    return steps


def issue(server: ClockedServer, themes: list[str]) -> list[dict[str, Any]]:
    return [
        server.call("kiosk", "POST", "/tickets", {"theme": t, "channel": "kiosk"})["ticket"]
        for t in themes
    ]


def window_ticket(server: ClockedServer, window: int) -> str | None:
    """The ticket at `window` now (calling or serving), from today's rows."""
    for ticket in server.call("admin", "GET", "/tickets?limit=5000"):
        if ticket["window"] == window and ticket["state"] in ("calling", "serving"):
            return str(ticket["ticket_id"])
    return None


def finish(server: ClockedServer, window: int) -> str | None:
    ticket = window_ticket(server, window)
    if ticket is not None:
        server.call("admin", "POST", f"/windows/{window}/start", {"ticket_id": ticket})
        server.call("admin", "POST", f"/windows/{window}/finish", {"ticket_id": ticket})
    return ticket


def call_next(server: ClockedServer, window: int) -> dict[str, Any] | None:
    ticket: dict[str, Any] | None = server.call("admin", "POST", f"/windows/{window}/call-next")[
        "ticket"
    ]
    return ticket


def drive_morning(server: ClockedServer, settle: Any = None, *, seed: int = 11) -> None:
    """Three steps of a morning (09:00, 09:40, 10:20), `settle()` after each: 60 simulated
    arrivals; windows call, start, finish; window 9 pauses; window 7 serves one ticket from
    09:40 on; a no-show at window 12 at 10:20."""
    steps = plan(seed=seed, clocks=["09:00", "09:40", "10:20"], count=60)
    issue(server, steps[0].arrivals)
    for number in (1, 2, 5, 7, 10, 12):
        call_next(server, number)
    if settle is not None:
        settle()
    server.move_clock(at("09:40"))
    issue(server, steps[1].arrivals)
    for number in (1, 2, 5, 10, 12):
        finish(server, number)
    server.call("admin", "POST", "/windows/9/pause", {"reason": "系统维护"})
    seven = window_ticket(server, 7)
    server.call("admin", "POST", "/windows/7/start", {"ticket_id": seven})
    for number in (1, 2, 3, 5, 6, 10, 11, 12):
        call_next(server, number)
    if settle is not None:
        settle()
    server.move_clock(at("10:20"))
    issue(server, steps[2].arrivals)
    for number in (1, 3, 10, 11):
        finish(server, number)
    calling = window_ticket(server, 12)
    server.call("admin", "POST", "/windows/12/no-show", {"ticket_id": calling})
    for number in (1, 3, 10):
        call_next(server, number)
    if settle is not None:
        settle()


def rate_and_call_for_help(server: ClockedServer) -> list[dict[str, Any]]:
    """Ratings for the finished tickets (levels cycling 5, 4, 5, 3, 1 …; a 差评 with its reason)
    and one help call from a kiosk. Returns the ratings made."""
    done = [t for t in server.call("admin", "GET", "/tickets?limit=5000") if t["state"] == "done"]
    levels = (5, 4, 5, 3, 1, 5, 2, 4)
    made = []
    for ticket, level in zip(done, levels * 10, strict=False):
        body: dict[str, Any] = {"ticket_id": ticket["ticket_id"], "level": level}
        if level <= 2:
            body["reason"] = "等候时间太长，窗口解释不清"
        made.append(server.call("kiosk", "POST", "/ratings", body))
    server.call("kiosk", "POST", "/help-calls", {"kiosk": "1号自助终端", "reason": "不会操作"})
    return made
