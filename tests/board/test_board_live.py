"""The real board against a real hall server process (`onewindow server --dev`): a call made
through the API shows on the board and is announced exactly once (Qt's `mock` speech engine
records what was said); a recall is announced again; a reconnect does not re-announce; a call
that happened while the board was cut off is shown but not announced; no name reaches the
screen."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from board.app import BoardApp
from hallui.voice import VoiceGuide
from server_sync import Backoff
from tests.live_server import ServerProcess, server_fixture

server = pytest.fixture(server_fixture)

#: Personal things the test puts into the server; none of them may reach the board's screen.
NAME = "张三"
ID_NUMBER = "11010519491231002X"


def post(server: ServerProcess, path: str, body: Any = None) -> Any:
    return server.admin("POST", path, body, key=str(uuid.uuid4()))


def issue(server: ServerProcess, queue: str, applicant_id: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"queue": queue}
    if applicant_id:
        body["applicant_id"] = applicant_id
    ticket: dict[str, Any] = post(server, "/tickets", body)["ticket"]
    return ticket


def screen_text(board: BoardApp) -> str:
    """What a person sees now: rebuilt rows are shown by the event loop, so let it run first."""
    QCoreApplication.processEvents()
    texts = [board.window.windowTitle()]
    texts += [label.text() for label in board.window.findChildren(QLabel) if label.isVisible()]
    return "\n".join(texts)


@pytest.fixture
def make_board(qtbot: QtBot, server: ServerProcess, tmp_path: Path) -> Iterator[Any]:
    boards: list[BoardApp] = []

    def make(**options: Any) -> tuple[BoardApp, VoiceGuide]:
        voice = VoiceGuide("mock")
        board = BoardApp(
            server.base_url,
            server.tokens["board"],
            voice=voice,
            store_dir=tmp_path / f"board-{len(boards)}",
            backoff=Backoff(base=0.05, cap=0.5),
            read_timeout=20,
            **options,
        )
        boards.append(board)
        qtbot.addWidget(board.window)
        board.window.resize(1920, 1080)
        board.window.show()
        board.start()
        qtbot.waitUntil(lambda: board.model.synced and board.model.online is True, timeout=20_000)
        qtbot.waitUntil(lambda: bool(board.model.hall_name), timeout=20_000)
        return board, voice

    yield make
    for board in boards:
        board.shutdown()


def test_a_call_shows_and_is_announced_once_a_recall_again_a_reconnect_never(
    qtbot: QtBot, server: ServerProcess, make_board: Any
) -> None:
    board, voice = make_board()
    assert "示例县政务服务中心" in screen_text(board)
    first = issue(server, "one_thing", applicant_id=ID_NUMBER)
    second = issue(server, "one_thing")
    issue(server, "social")
    qtbot.waitUntil(lambda: board.model.waiting_total == 3, timeout=20_000)
    qtbot.waitUntil(lambda: "一件事" in screen_text(board), timeout=5000)

    called = post(server, "/windows/1/call-next")["ticket"]
    assert called["number"] == first["number"]
    tile = board.window._tiles[1]
    qtbot.waitUntil(lambda: tile.ticket.text() == first["number"], timeout=20_000)
    assert board.window.banner_number.text() == first["number"]
    assert board.window.highlighted is not None
    spoken = f"请{_digits(first['number'])}号到一号窗口办理"
    qtbot.waitUntil(lambda: len(voice.history) == 1 and not board.announcer.busy, timeout=20_000)
    qtbot.wait(1500)  # nothing more comes: exactly once
    assert voice.history == [f"{spoken}。{spoken}。"]
    assert board.chime.rings == 1

    post(server, "/windows/1/recall", {"ticket_id": first["ticket_id"]})
    qtbot.waitUntil(lambda: len(voice.history) == 2 and not board.announcer.busy, timeout=20_000)
    assert voice.history[1] == voice.history[0]

    # A clerk's free text with a name: on the server's record, never on the board.
    post(server, "/windows/2/call-specific",
         {"ticket_id": second["ticket_id"], "reason": f"{NAME}预约优先"})  # fmt: skip
    post(server, "/windows/3/pause", {"reason": f"{NAME}临时离岗"})
    qtbot.waitUntil(lambda: board.window._tiles[3].status.text() == "暂停服务", timeout=20_000)
    qtbot.waitUntil(lambda: len(voice.history) == 3 and not board.announcer.busy, timeout=20_000)
    qtbot.waitUntil(lambda: second["number"] in screen_text(board), timeout=5000)
    shown = screen_text(board)
    for secret in (NAME, ID_NUMBER, "admin", first["ticket_id"]):
        assert secret not in shown
        assert all(secret not in text for text in voice.history)

    # The server dies and comes back: the board says so, catches up, and says nothing again.
    server.kill()
    qtbot.waitUntil(lambda: board.model.online is False, timeout=20_000)
    assert "离线" in board.window.badge.text()
    server.start()
    qtbot.waitUntil(lambda: board.model.online is True, timeout=30_000)
    qtbot.wait(1500)
    assert len(voice.history) == 3
    assert board.feed.reconnects >= 1

    # …and a new call after the reconnect is live and announced.
    post(server, "/windows/3/unpause")
    post(server, "/windows/3/call-next")
    qtbot.waitUntil(lambda: len(voice.history) == 4, timeout=20_000)
    assert voice.history[3].startswith("请S零零一号到三号窗口办理")


def test_calls_made_while_the_board_was_cut_off_are_shown_not_announced(
    qtbot: QtBot, server: ServerProcess, make_board: Any
) -> None:
    # The tickets exist before the board starts, so the first call is the first time the
    # board hears from the server's (pinned) clock: the test does not depend on the load.
    for _ in range(3):
        issue(server, "pickup")
    board, voice = make_board(max_age_seconds=2.0)
    post(server, "/windows/10/call-next")
    qtbot.waitUntil(lambda: len(voice.history) == 1 and not board.announcer.busy, timeout=20_000)

    board.bridge.stop()  # the board's network drops; the hall goes on
    post(server, "/windows/11/call-next")
    qtbot.wait(3000)  # longer than max_age_seconds
    board.bridge.start()
    qtbot.waitUntil(lambda: board.window._tiles[11].ticket.text() == "Q002", timeout=20_000)
    qtbot.wait(1500)
    assert len(voice.history) == 1
    assert board.announcer.skipped_stale == 1
    assert board.model.recent[0].number == "Q002"


def _digits(number: str) -> str:
    return "".join("零一二三四五六七八九"[int(c)] if c.isdigit() else c for c in number)
