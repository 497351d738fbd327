"""Nothing lost when the desk is killed mid-case.

A desk in its own process (offscreen) logs in, calls the ticket, fills the case (applicant,
situations, the merged form, scanned pages) and — with the hall server down — presses 预审, so
the receipt and the pre-check wait in its outbox. It is then killed with SIGKILL. The server
comes back; a new desk on the same store offers the open case, reopens it with every edit and
page, sends what was waiting, and the case is received and pre-checked on the server.

Then a desk on another store (another window, or a reinstall) calls the applicant's new ticket
and finds the case by the ID number: it opens with the parties, answers, form and pages the
first desk entered (read from the server), linked to the new ticket, and the clerk carries on.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_client.model.case import open_drafts
from hallcore.masking import mask_name
from tests.desk_client.test_desk_flow import (
    ANSWERS,
    CHOICES,
    FORM,
    ID_MOTHER,
    WAIT_MS,
    dispose,
    draft_of,
    issue_ticket,
    key,
    login,
    make_desk,
    page_png,
    shoot,
    type_into,
)
from tests.live_server import REPO, ServerProcess, child_env, running_server

CHILD_SECONDS = 60.0


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(tmp_path) as proc:
        proc.admin(
            "POST",
            "/users",
            {"username": "clerk1", "display_name": "王小明", "password": "clerkpass1",
             "role": "clerk"},
            key="user-clerk",
        )  # fmt: skip
        yield proc


def child_desk(server_url: str, store: str, pages: str) -> None:
    """The desk that gets killed (run in its own process): works the case step by step from a
    timer, reporting each milestone on stdout; reads "go" on stdin once the server is down."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer

    from desk_client.model.scan import scan_pages
    from desk_client.window import DeskOptions, DeskWindow
    from hallcore.catalog import load_catalog
    from hallui.bootstrap import create_application
    from hallui.dialogs import ScriptedDialogs

    app = create_application("desk")
    window = DeskWindow(
        DeskOptions(server=server_url, store_path=Path(store)), load_catalog(), ScriptedDialogs()
    )
    window.resize(1366, 768)
    window.show()
    window.login("clerk1", "clerkpass1", 1)
    said: list[str] = []
    go = threading.Event()

    def wait_for_go() -> None:
        if sys.stdin.readline():
            go.set()

    threading.Thread(target=wait_for_go, daemon=True).start()

    def say(word: str) -> None:
        said.append(word.split()[0])
        sys.stdout.write(word + "\n")
        sys.stdout.flush()

    def complain(text: str) -> None:
        sys.stderr.write(f"{text}\n")

    def step() -> None:
        queue_model, case = window.queue, window.case
        if queue_model is None or case is None or queue_model.refreshes == 0:
            return
        if "called" not in said:
            say("called")
            queue_model.call_next()
        elif case.draft is None:
            return
        elif "filled" not in said:
            case.set_party("applicant", "name", "张丽")
            case.set_party("applicant", "id_number", ID_MOTHER)
            case.set_party("applicant", "phone", "13800138000")
            for situation, option in ANSWERS.items():
                case.set_answer(situation, [option])
            for field, value in {**FORM, **CHOICES}.items():
                case.set_form(field, value)
            for number, entry in enumerate(case.resolution.checklist):
                page = Path(pages) / f"page-{number}.png"
                stored = scan_pages(case.ctx.store, files=[page])
                case.add_pages(entry.material.code, stored.hashes)
            say(f"filled {case.draft['draft_id']}")
        elif go.is_set() and "precheck" not in said:
            say("precheck")
            case.subscribe("message", complain)
            case.precheck()
        elif "precheck" in said and case.pending and "pending" not in said:
            say("pending")  # the outbox and the draft naming it are committed

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(50)
    QTimer.singleShot(int(CHILD_SECONDS * 1000), app.quit)  # never outlive the test
    app.exec()


class Lines:
    """A child's stdout, line by line, each wait bounded."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.strip())

    def wait_for(self, prefix: str, seconds: float = 30.0) -> str:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if line.startswith(prefix):
                return line
        raise AssertionError(f"the desk never said {prefix!r}; it said {self.seen}")


def wait(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_killed_desk_reopens_the_case_with_nothing_lost(
    qtbot: QtBot, server: ServerProcess, tmp_path: Path
) -> None:
    ticket = issue_ticket(server, "t1")
    pages = tmp_path / "pages"
    pages.mkdir()
    for number in range(12):
        page_png(pages, f"page-{number}")
    store = tmp_path / "desk.sqlite3"
    code = (
        "import sys; from tests.desk_client.test_desk_reopen import child_desk; "
        "child_desk(*sys.argv[1:])"
    )
    env = child_env()
    env["QT_QPA_PLATFORM"] = "offscreen"
    log = (tmp_path / "desk.log").open("wb")
    child = subprocess.Popen(
        [sys.executable, "-c", code, server.base_url, str(store), str(pages)],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdin is not None
        said = Lines(child.stdout)
        draft_id = said.wait_for("filled").split()[1]
        server.kill()  # the hall server goes down mid-case
        child.stdin.write("go\n")
        child.stdin.flush()
        said.wait_for("pending")
    finally:
        child.kill()  # SIGKILL: no shutdown, no flush
        child.wait(timeout=10)
        log.close()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()
    assert child.returncode == -9
    server.start()

    window, dialogs = make_desk(qtbot, server, tmp_path)
    dialogs.answers.append(True)  # 继续办理 the open case
    login(qtbot, window)
    case = window.case
    assert case is not None
    qtbot.waitUntil(lambda: case.draft is not None, timeout=WAIT_MS)
    assert [a.title for a in dialogs.asked] == ["未完成的办件"]
    draft = draft_of(window)
    assert draft["draft_id"] == draft_id
    assert draft["ticket"]["number"] == ticket["number"]
    assert draft["applicant"]["name"] == "张丽"
    assert draft["applicant"]["id_number"] == ID_MOTHER
    assert draft["answers"] == {k: [v] for k, v in ANSWERS.items()}
    for field, value in {**FORM, **CHOICES}.items():
        assert draft["form"][field] == value, field
    codes = [e.material.code for e in case.resolution.checklist]
    for code in codes:
        hashes = draft["materials"][code]["pages"]
        assert len(hashes) == 1, code
        assert window.store.page(hashes[0]), code  # the page itself, not only its name
    # what waited in the outbox is sent now: the case is received and pre-checked
    qtbot.waitUntil(
        lambda: (
            draft_of(window).get("case_id") is not None
            and draft_of(window)["passed"] is not None
            and not case.busy
        ),
        timeout=WAIT_MS,
    )
    case_id = draft_of(window)["case_id"]
    header = server.admin("GET", f"/cases/{case_id}")
    assert header["state"] == "prechecked"
    assert header["theme"] == "BIRTH"
    # the applicant returns: this desk finds the case (by its number, as the notice's QR code
    # carries it) and reopens its own full draft
    ws = window.workspace
    assert ws is not None
    case.close()
    type_into(ws.finder, f"https://hall.example/cases/{case_id}")
    qtbot.waitUntil(lambda: case.draft is not None, timeout=WAIT_MS)
    assert draft_of(window)["draft_id"] == draft_id
    assert not case.remote
    dispose(window)
    # at another desk (its own store, as after a reinstall), the applicant back on a new
    # ticket: found on the server by the ID number, the case opens with everything the
    # receiving desk entered (GET /cases/{id}/data and the page hashes of GET /cases/{id}),
    # linked to the new ticket, and the clerk carries on there
    back = issue_ticket(server, "t2")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other, other_dialogs = make_desk(qtbot, server, elsewhere)
    login(qtbot, other)
    assert other.case is not None
    assert other.workspace is not None
    assert other.case.draft is None
    queue = other.queue
    assert queue is not None
    # the first visit's ticket is still at this window: served and finished first
    qtbot.waitUntil(lambda: (queue.current or {}).get("number") == ticket["number"],
                    timeout=WAIT_MS)  # fmt: skip
    key(qtbot, other, Qt.Key.Key_F3)
    key(qtbot, other, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: queue.current is None and queue.total_waiting == 1, timeout=WAIT_MS)
    key(qtbot, other, Qt.Key.Key_F1)  # the new ticket: an empty case at first
    qtbot.waitUntil(
        lambda: other.case is not None and other.case.draft is not None, timeout=WAIT_MS
    )
    key(qtbot, other, Qt.Key.Key_F3)
    type_into(other.workspace.finder, ID_MOTHER.lower())
    qtbot.waitUntil(
        lambda: (
            other.case is not None
            and other.case.draft is not None
            and other.case.draft.get("contents_read") is True
            and other.case.loading == 0
            and not other.case.busy
        ),
        timeout=WAIT_MS,
    )
    found = draft_of(other)
    assert found["case_id"] == case_id
    assert other.case.remote
    assert found["replayable"] is True  # the journal rebuilt from the audit log replays
    assert not other.case.sealed
    assert found["applicant"]["name"] == "张丽"
    assert found["applicant"]["id_number"] == ID_MOTHER
    assert found["answers"] == {k: [v] for k, v in ANSWERS.items()}
    for field, value in {**FORM, **CHOICES}.items():
        assert found["form"][field] == value, field
    for code in codes:
        assert found["materials"][code]["pages"] == draft["materials"][code]["pages"], code
        assert other.store.page(found["materials"][code]["pages"][0]), code  # fetched
    # shown masked, like any received case; the header names the new ticket
    parties = other.workspace.parties
    assert parties.edits[("applicant", "name")].text() == mask_name("张丽")
    assert back["number"] in other.workspace.header.text()
    assert "其他窗口收件" in other.workspace.source.text()
    assert "可继续办理" in other.workspace.source.text()
    linked = server.admin("GET", f"/cases/{case_id}/data")["tickets"]
    assert [t["number"] for t in linked] == [ticket["number"], back["number"]]
    # the empty case the call started is set aside: the found one is the desk's open case
    assert other.ctx is not None
    assert [d["case_id"] for d in open_drafts(other.ctx)] == [case_id]
    assert other.workspace.finder.text() == ""  # the ID number typed in is not left on screen
    # the materials with their thumbnails, as the receiving desk scanned them
    ws = other.workspace
    ws.tabs.setCurrentWidget(ws.materials)
    ws.materials.select(codes[0])
    thumbs = ws.materials.pages
    qtbot.waitUntil(
        lambda: thumbs.count() == 1 and not thumbs.item(0).icon().isNull(), timeout=WAIT_MS
    )
    shoot(other, elsewhere, "case_from_other_window")
    # carrying on: the pre-check runs here, with the receiving window's findings as before
    ws.tabs.setCurrentWidget(ws.precheck)
    before = list(found["findings"])
    other.case.precheck()
    qtbot.waitUntil(lambda: not other.case.busy, timeout=WAIT_MS)  # type: ignore[union-attr]
    assert not other.workspace.message.isVisible(), other.workspace.message.text()
    assert server.admin("GET", f"/cases/{case_id}")["state"] == "prechecked"
    assert {f["key"] for f in draft_of(other)["findings"]} == {f["key"] for f in before}
    assert [a.title for a in other_dialogs.asked] == []
    dispose(other)
