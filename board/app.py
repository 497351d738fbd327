"""The call board application: ``python -m board`` and ``onewindow board``.

`BoardApp` puts the parts together: the live feed (`server_sync.EventFeed` through
`hallui.sync_bridge.SyncBridge`, so every change arrives on the UI thread), the `BoardModel`
it keeps, the `BoardWindow` that shows it, and the `Announcer` (chime + voice) that speaks each
fresh call. The hall's name and queue names come from `GET /hall`, fetched off the UI thread
and retried until the server answers.

The board keeps no memory between runs: its local store (the feed's cursor) lives in a
temporary folder, so every start begins from a fresh snapshot — the server is the truth, and a
stale cursor from yesterday would only replay old calls.

Options (environment variables in brackets):

* ``--server URL`` [``ONEWINDOW_SERVER``], default ``http://127.0.0.1:8000``;
* the enrolled board's device token [``ONEWINDOW_BOARD_TOKEN``], or ``--token-file PATH``
  (never on the command line, where any user could read it);
* ``--windowed`` and ``--size 1280x720`` (development; otherwise full screen);
* ``--theme dark|light``; ``--lang zh_CN|en``;
* ``--voice-engine NAME`` (``speechd``, ``sapi``, ``winrt``, ``mock``; ``none`` for the chime
  only); ``--repeats N`` (how often each call is said, default 2); ``--no-chime``;
* ``--max-age-seconds N``: a call older than this when it reaches the board (a catch-up after
  the network came back) is shown but not announced (default 60);
* ``--highlight-seconds N``: how long the newest call stays lit (default 8);
* ``--log-dir DIR``; ``--quit-after-ms N`` (smoke tests).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

from board.announcer import Announcer
from board.chime import Chime
from board.model import BoardModel, Call
from board.style import BoardTheme
from board.window import BoardWindow
from hallui.bootstrap import create_application
from hallui.qt_bridge import BackgroundRunner, ModelListener
from hallui.sync_bridge import SyncBridge
from hallui.voice import VoiceGuide
from server_sync import ApiClient, Backoff, EventFeed, HallEvent, Ok, Snapshot, Store, endpoints

__all__ = ["BoardApp", "main"]

log = logging.getLogger("onewindow.board")

_HALL_RETRY_MS = 5000


class BoardApp(QObject):
    """The board's parts, wired; `start()` connects, `shutdown()` stops and cleans up."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        voice: VoiceGuide | None = None,
        chime: bool = True,
        repeats: int = 2,
        max_age_seconds: float = 60.0,
        highlight_ms: int = 8000,
        theme: BoardTheme = BoardTheme.DARK,
        store_dir: Path | None = None,
        backoff: Backoff | None = None,
        read_timeout: float = 40.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._own_dir = store_dir is None
        self.store_dir = store_dir or Path(tempfile.mkdtemp(prefix="onewindow-board-"))
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.store_dir / "board.sqlite3", synchronous="NORMAL")
        self.client = ApiClient(base_url, token=token, timeout=(3.05, read_timeout))
        self.hall_client = ApiClient(base_url, token=token)
        self.feed = EventFeed(
            self.store, self.client, backoff=backoff or Backoff(base=0.5, cap=15.0)
        )
        self.bridge = SyncBridge(feed=self.feed, parent=self)
        self.model = BoardModel(max_age_seconds=max_age_seconds)
        self.window = BoardWindow(self.model, theme=theme, highlight_ms=highlight_ms)
        self.chime = Chime(self, enabled=chime)
        self.voice = voice
        self.announcer = Announcer(self.chime, voice, repeats=repeats, parent=self)
        self._runner = BackgroundRunner(self)
        self._hall_timer = QTimer(self)
        self._hall_timer.setSingleShot(True)
        self._hall_timer.timeout.connect(self._fetch_hall)
        self.bridge.snapshot_replaced.connect(self._snapshot)
        self.bridge.event_received.connect(self._event)
        self.bridge.online_changed.connect(self._online)
        self._listener = ModelListener(self)
        self._listener.listen(self.model, "called", self._called)
        self._stopped = False

    def start(self) -> None:
        self._fetch_hall()
        self.bridge.start()

    @Slot(object)
    def _snapshot(self, snapshot: Snapshot) -> None:
        log.info("board synced with the hall at event %s", snapshot.seq)
        self.model.replace(snapshot.data)
        # A snapshot is fetched only over a working connection.
        self.model.set_online(True)

    @Slot(object)
    def _event(self, event: HallEvent) -> None:
        self.model.apply(event.kind, event.data, event.seq)

    @Slot(bool, object)
    def _online(self, online: bool, _error: object) -> None:
        self.model.set_online(online)

    def _called(self, call: Call) -> None:
        self.announcer.announce(call)

    # --- the hall's names ----------------------------------------------------------------

    @Slot()
    def _fetch_hall(self) -> None:
        if self._stopped:
            return
        self._runner.run(lambda: self.hall_client.get(endpoints.HALL), self._hall_fetched,
                         self._hall_failed)  # fmt: skip

    def _hall_fetched(self, outcome: Any) -> None:
        if isinstance(outcome, Ok) and isinstance(outcome.body, dict):
            self.model.set_hall(outcome.body)
            log.info("hall %s: %d windows", self.model.hall_name, len(self.model.windows))
            return
        self._hall_failed(None)

    def _hall_failed(self, error: BaseException | None) -> None:
        if error is not None:
            log.warning("fetching the hall failed: %s", type(error).__name__)
        if not self._stopped:
            self._hall_timer.start(_HALL_RETRY_MS)

    # --- the end -------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the feed and timers, close the window's timers, remove the temporary store."""
        if self._stopped:
            return
        self._stopped = True
        self._hall_timer.stop()
        self.announcer.clear()
        self.bridge.stop()
        self._runner.shutdown()
        self.window.stop()
        self.chime.close()
        self.client.session.close()
        self.hall_client.session.close()
        self.store.close()
        if self._own_dir:
            shutil.rmtree(self.store_dir, ignore_errors=True)


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"尺寸应为 宽x高，如 1280x720：{text!r}") from exc
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"尺寸超出范围：{text!r}")
    return width, height


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="board", description="一窗通 叫号屏")
    parser.add_argument(
        "--server",
        default=os.environ.get("ONEWINDOW_SERVER", "http://127.0.0.1:8000"),
        help="大厅服务器地址",
    )
    parser.add_argument("--token-file", type=Path, default=None, help="叫号屏设备令牌文件")
    parser.add_argument("--windowed", action="store_true", help="普通窗口，不全屏（开发用）")
    parser.add_argument("--size", type=_size, default=(1920, 1080), help="窗口尺寸，如 1280x720")
    parser.add_argument("--theme", default="dark", choices=[t.value for t in BoardTheme])
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--voice-engine", default="", help="speechd / sapi / winrt / mock / none")
    parser.add_argument("--repeats", type=int, default=2, choices=range(1, 5), help="每次播报遍数")
    parser.add_argument("--no-chime", action="store_true", help="不播放提示音")
    parser.add_argument(
        "--max-age-seconds", type=float, default=60.0, help="超过此时长的叫号不播报"
    )
    parser.add_argument("--highlight-seconds", type=float, default=8.0, help="新叫号高亮时长")
    parser.add_argument("--log-dir", type=Path, default=None)
    parser.add_argument("--quit-after-ms", type=int, default=0, help="若干毫秒后退出（冒烟测试用）")
    return parser


def _token(args: argparse.Namespace, parser: argparse.ArgumentParser) -> str:
    if args.token_file is not None:
        try:
            token: str = args.token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            parser.error(f"读不到令牌文件 {args.token_file}：{exc.strerror}")
    else:
        token = os.environ.get("ONEWINDOW_BOARD_TOKEN", "").strip()
    if not token:
        parser.error("缺少叫号屏设备令牌：请设置 ONEWINDOW_BOARD_TOKEN 或使用 --token-file")
    return token


def main(argv: Sequence[str] | None = None) -> int:
    """Run the board until it is closed; returns the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    token = _token(args, parser)
    app = create_application("board", language=args.lang, log_dir=args.log_dir)
    voice = None if args.voice_engine == "none" else VoiceGuide(args.voice_engine or None)
    board = BoardApp(
        args.server,
        token,
        voice=voice,
        chime=not args.no_chime,
        repeats=args.repeats,
        max_age_seconds=args.max_age_seconds,
        highlight_ms=int(args.highlight_seconds * 1000),
        theme=BoardTheme(args.theme),
    )
    window = board.window
    if args.windowed:
        window.resize(*args.size)
        window.show()
    else:
        window.showFullScreen()
    board.start()
    if args.quit_after_ms:
        QTimer.singleShot(args.quit_after_ms, lambda: _quit(app, window))
    try:
        return app.exec()
    finally:
        board.shutdown()


def _quit(app: QApplication, window: BoardWindow) -> None:
    window.close()
    app.quit()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
