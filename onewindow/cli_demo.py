"""`onewindow demo [--dir DIR] [--port P] [--real-clock]` and `onewindow demo --headless --out DIR`.

1. Checks the shipped catalog (a broken catalog stops the demo before anything starts).
2. Starts the hall server (`onewindow server --demo`) on a fresh embedded SQLite store in DIR (a
   temporary folder unless given), seeded with the demo hall: windows and queues, clerks,
   department users and a manager (passwords printed once), an enrolled kiosk and board, and
   e-license records for the demo applicants.
3. Either opens the apps — kiosk, board, window desk and manager dashboard — as separate
   processes tiled on one screen, and stops everything on Ctrl+C or when they have all closed;
   or, with `--headless`, plays the scripted day offscreen (`onewindow.demo.script`) and writes
   its screenshots, ticket images, PDFs and summary into `--out`.

The server's clock is pinned to a Monday 09:00 (the hall open) unless `--real-clock` is given, so
the demo works in the evening and at weekends.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from onewindow import cli_catalog

DEMO_CLOCK = "2024-05-06T09:00:00+08:00"
STARTUP_SECONDS = 60.0
#: The apps the demo opens, in tiling order, and the subcommand each needs.
APPS = ("kiosk", "board", "desk", "manager")
NO_DISPLAY = (
    "没有可用的图形显示，无法打开演示窗口。请使用 `onewindow demo --headless --out 目录` "
    "在后台演示并输出截图、票样与告知书。\n"
    "No display is available to open the demo windows. Use `onewindow demo --headless --out DIR` "
    "to play the scripted day offscreen and write its screenshots, tickets and notices."
)


def add_parser(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="运行演示大厅 (run the demo hall)",
        description="启动演示大厅服务，并打开自助终端、叫号屏、综合窗口与大厅管理；"
        "或以 --headless 在后台演示一天的办件。",
    )
    demo.add_argument("--headless", action="store_true", help="不开窗口，演示脚本 / offscreen")
    demo.add_argument("--out", type=Path, help="--headless 的输出目录 / output folder")
    demo.add_argument("--dir", type=Path, help="演示数据目录（默认临时目录）/ data folder")
    demo.add_argument("--port", type=int, default=0, help="服务端口（默认自动）/ server port")
    demo.add_argument("--real-clock", action="store_true", help="使用真实时钟 / real clock")
    demo.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    print("一窗通 OneWindow 演示：检查随软件发布的事项目录\n", flush=True)
    checked = cli_catalog.run_check(argparse.Namespace(path=None, override=[]))
    if checked != 0:
        return checked
    if args.headless:
        if args.out is None:
            print("onewindow demo: --headless 需要 --out 目录 / --headless needs --out DIR")
            return 2
        return _headless(args)
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 3
    return _windows(args)


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class DemoServer:
    folder: Path
    port: int
    process: subprocess.Popen[bytes]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _server_env(real_clock: bool) -> dict[str, str]:
    # The demo's own settings only (a developer's ONEWINDOW_DB must not be seeded), but the
    # password-hash cost may be lowered for tests.
    keep = ("ONEWINDOW_ARGON2_MEMORY_KIB",)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW_") or k in keep}
    if not real_clock:
        env["ONEWINDOW_FROZEN_CLOCK"] = DEMO_CLOCK
    env["ONEWINDOW_DEV"] = "1"
    return env


@contextmanager
def demo_server(folder: Path, port: int, *, real_clock: bool) -> Iterator[DemoServer]:
    """`onewindow server --demo folder` in its own process; stopped (SIGTERM, then SIGKILL)."""
    import requests

    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log = (folder / "server.log").open("ab")
    command = [sys.executable, "-m", "onewindow", "server", "--demo", str(folder),
               "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, env=_server_env(real_clock), stdout=log, stderr=log)
    server = DemoServer(folder, port, process)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"演示服务未能启动，见 {folder / 'server.log'} / the demo server exited"
                )
            try:
                if requests.get(f"{server.base_url}/api/v1/health", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("演示服务启动超时 / the demo server did not start")
            time.sleep(0.1)
        from hall_server.demo import DemoCredentials, describe

        # The accounts are shown once, here; the server's own print of them went to its log,
        # which is deleted with a temporary demo folder.
        print(describe(DemoCredentials.read(folder)), flush=True)
        yield server
    finally:
        _stop(process)
        log.close()


def _stop(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _say(text: str) -> None:
    print(text, flush=True)


class _NoWindowManagerNoise(logging.Filter):
    """Offscreen there is no window manager, and Qt says so for every window shown: a line
    that tells nothing about the demo."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "propagateSizeHints" not in record.getMessage()


def _headless(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    logging.getLogger("onewindow.qt").addFilter(_NoWindowManagerNoise())
    from hall_server.demo import DemoCredentials
    from hallui.bootstrap import create_application
    from onewindow.demo.hall_api import DemoStepError
    from onewindow.demo.script import play

    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="onewindow-demo-"))
    create_application("onewindow-demo", argv=[sys.argv[0]])  # for the screenshots
    try:
        with demo_server(folder, args.port, real_clock=args.real_clock) as server:
            credentials = DemoCredentials.read(folder)
            summary = play(server.base_url, credentials, out, say=_say)
    except (DemoStepError, RuntimeError) as error:
        print(f"onewindow demo: {error}", file=sys.stderr)
        return 1
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"\n演示完成：办件 {summary['case_id']} {summary['final_state']}，产物在 {out}")
    print(f"Done: case {summary['final_state']}, rated {summary['rating']}; files in {out}")
    return 0


def app_commands(base_url: str, folder: Path, available: Sequence[str]) -> dict[str, list[str]]:
    """The command line of each demo app that exists in this installation."""
    from hall_server.demo import DemoCredentials

    credentials = DemoCredentials.read(folder)
    hall = credentials.hall_id
    clerk = credentials.account("clerk", window=1)
    board_token = folder / "board.token"
    board_token.write_text(credentials.devices["board"], encoding="utf-8")
    board_token.chmod(0o600)
    me = [sys.executable, "-m", "onewindow"]
    commands = {
        "kiosk": [*me, "kiosk", "--windowed", "--server", base_url, "--store",
                  str(folder / "kiosk.sqlite3")],
        "board": [*me, "board", "--windowed", "--server", base_url, "--token-file",
                  str(board_token), "--size", "960x540"],
        "desk": [*me, "desk", "--server", base_url, "--hall", hall, "--store",
                 str(folder / "desk.sqlite3"), "--notice-dir", str(folder / "notices"),
                 "--user", clerk.username, "--window", "1"],
        "manager": [*me, "manager", "--server", base_url, "--hall", hall, "--user", "manager"],
    }  # fmt: skip
    return {name: command for name, command in commands.items() if name in available}


def screen_tiles(count: int) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of `count` tiles in a 2-column grid over the primary screen."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    screen = app.primaryScreen().availableGeometry()  # type: ignore[attr-defined]
    rows = max(1, (count + 1) // 2)
    width, height = screen.width() // 2, screen.height() // rows
    return [
        (screen.x() + (i % 2) * width, screen.y() + (i // 2) * height, width, height)
        for i in range(count)
    ]


def app_env(
    folder: Path, name: str, tile: tuple[int, int, int, int] | None = None
) -> dict[str, str]:
    from hall_server.demo import DemoCredentials

    credentials = DemoCredentials.read(folder)
    env = dict(os.environ)
    if tile is not None:
        # Where the app's main window should go (x,y,width,height); honoured by the apps once
        # hallui.bootstrap reads it — until then the window manager places them.
        env["ONEWINDOW_WINDOW_GEOMETRY"] = ",".join(map(str, tile))
    if name == "kiosk":
        env["ONEWINDOW_KIOSK_TOKEN"] = credentials.devices["kiosk"]
    if name == "desk":
        env["ONEWINDOW_DESK_PASSWORD"] = credentials.account("clerk", window=1).password
    if name == "manager":
        env["ONEWINDOW_MANAGER_PASSWORD"] = credentials.account("manager").password
    return env


def available_apps() -> list[str]:
    from onewindow.cli import build_parser

    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    commands = set(actions[0].choices) if actions else set()
    return [name for name in APPS if name in commands]


def _windows(args: argparse.Namespace) -> int:
    folder = args.dir or Path(tempfile.mkdtemp(prefix="onewindow-demo-"))
    available = available_apps()
    missing = [name for name in APPS if name not in available]
    if missing:
        print(f"尚未安装的应用 / apps not available yet: {', '.join(missing)}")
    processes: list[subprocess.Popen[bytes]] = []
    try:
        with demo_server(folder, args.port, real_clock=args.real_clock) as server:
            print(f"演示大厅 {server.base_url}，数据在 {folder}；按 Ctrl+C 结束 / Ctrl+C to stop",
                  flush=True)  # fmt: skip
            commands = app_commands(server.base_url, folder, available)
            tiles = screen_tiles(len(commands))
            for (name, command), tile in zip(commands.items(), tiles, strict=True):
                if name == "board":
                    command = [*command[:-1], f"{tile[2]}x{tile[3]}"]  # its own --size
                processes.append(subprocess.Popen(command, env=app_env(folder, name, tile)))
            while any(p.poll() is None for p in processes):
                time.sleep(0.5)
    except KeyboardInterrupt:
        print("\n正在结束演示 / stopping the demo", flush=True)
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            _stop(process)
    return 0
