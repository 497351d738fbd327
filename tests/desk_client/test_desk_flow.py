"""The desk driven through a whole case against a real hall server process: queue actions from
the keyboard alone, call → case → import scanned pages → pre-check → supplement notice (PDF read
back) → the applicant back on his next ticket (the case goes on under it, linked on the server)
→ receive supplement → accept → dispatch → department decisions with opinions (API, as a dept
user) → ready → deliver (出件通知 read back: every opinion printed) → rating requested."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from desk_client.window import DeskOptions, DeskWindow
from hallcore.catalog import load_catalog
from hallui.dialogs import ScriptedDialogs
from scanning import ScanSource
from scanning.sane_source import SaneSource
from tests.live_server import HALL_ID, ServerProcess, running_server

ID_MOTHER = "11010519491231002X"
ANSWERS = {
    "birth_cert": "issued",
    "vaccination_cert": "issued",
    "parents_married": "married",
    "settle_with": "mother",
    "settle_household": "relative",
    "parents_ethnicity": "same",
    "by_agent": "self",
}
FORM = {
    "child_name": "王小宝",
    "child_birth_date": "2024-04-20",
    "child_birth_place": "江苏省镇江市句容市",
    "child_ethnicity": "汉族",
    "child_birth_cert_number": "Q320012345",
    "mother_name": "张丽",
    "mother_id_number": ID_MOTHER,
    "settle_address": "句容市华阳街道1号",
    "child_relation_to_householder": "孙女",
}
CHOICES = {"applicant_relation_to_child": "mother", "child_sex": "female"}
WAIT_MS = 20_000
#: What each department writes when it approves (short: a table cell must not wrap).
OPINIONS = {
    "public_security": "准予落户",
    "human_resources": "同意制卡",
    "medical_insurance": "同意参保",
}


def opinion(department: str) -> str:
    return OPINIONS.get(department, f"同意（{department}）")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(tmp_path) as proc:
        proc.admin(
            "POST",
            "/users",
            {"username": "clerk1", "display_name": "王小明", "password": "clerkpass1",
             "role": "clerk", "permissions": ["queue.call_specific"]},
            key="user-clerk",
        )  # fmt: skip
        proc.admin(
            "POST",
            "/users",
            {"username": "dept1", "display_name": "部门", "password": "deptpass1", "role": "dept"},
            key="user-dept",
        )
        proc.admin(
            "POST",
            "/users",
            {"username": "health1", "display_name": "医保审核", "password": "healthpass1",
             "role": "dept", "department": "health"},
            key="user-health",
        )  # fmt: skip
        yield proc


def issue_ticket(server: ServerProcess, key: str) -> dict[str, Any]:
    response = requests.post(
        f"{server.base_url}/api/v1/tickets",
        json={"theme": "birth"},
        headers={"Authorization": f"Bearer {server.tokens['kiosk']}", "Idempotency-Key": key},
        timeout=10,
    )
    response.raise_for_status()
    return dict(response.json()["ticket"])


def page_png(tmp_path: Path, name: str) -> Path:
    """A scanned-looking page: text lines on white (not blank, so it is kept)."""
    image = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(image)
    for y in range(120, 1000, 40):
        draw.rectangle((80, y, 760, y + 14), fill="black")
    path = tmp_path / f"{name}.png"
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(200, 200))
    path.write_bytes(buffer.getvalue())
    return path


def make_desk(
    qtbot: QtBot, server: ServerProcess, tmp_path: Path, materials: dict[str, Any] | None = None
) -> tuple[DeskWindow, ScriptedDialogs]:
    dialogs = ScriptedDialogs()
    window = DeskWindow(
        DeskOptions(
            server=server.base_url,
            store_path=tmp_path / "desk.sqlite3",
            hall_id=HALL_ID,
            notice_dir=tmp_path / "notices",
            materials=materials or {},
        ),
        load_catalog(),
        dialogs,
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window, dialogs


def login(qtbot: QtBot, window: DeskWindow) -> None:
    screen = window.login_screen
    screen.username.clear()
    QTest.keyClicks(screen.username, "clerk1")
    QTest.keyClicks(screen.password, "clerkpass1")
    screen.window_number.setValue(1)
    QTest.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.queue is not None and window.queue.refreshes > 0, timeout=WAIT_MS
    )


def dispose(window: DeskWindow) -> None:
    """Close the desk (its feed and outbox threads are joined) and deliver what they queued
    while the test still holds it: pytest-qt keeps only a weak reference, and a desk collected
    with its threads' last signals still queued can crash the process."""
    window.close()
    for _ in range(3):
        QApplication.processEvents()


def key(qtbot: QtBot, window: DeskWindow, k: Qt.Key) -> None:
    QTest.keyClick(window, k)


def type_into(edit: QLineEdit, text: str) -> None:
    """Type `text` and press Return (QTest types ASCII only: Chinese goes in as an input
    method would commit it)."""
    edit.setFocus()
    edit.clear()
    if text.isascii():
        QTest.keyClicks(edit, text)
    else:
        edit.insert(text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def draft_of(window: DeskWindow) -> dict[str, Any]:
    assert window.case is not None
    assert window.case.draft is not None
    return window.case.draft


def drain(qtbot: QtBot, window: DeskWindow) -> None:
    assert window.case is not None
    qtbot.waitUntil(lambda: not window.case.busy, timeout=WAIT_MS)  # type: ignore[union-attr]


def pdf_text(path: str) -> str:
    """The PDF's text with every space and line break removed (table cells wrap)."""
    text = subprocess.run(
        ["pdftotext", path, "-"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    return "".join(text.split())


def test_queue_actions_from_the_keyboard_alone(
    qtbot: QtBot, server: ServerProcess, tmp_path: Path
) -> None:
    first = issue_ticket(server, "t1")
    second = issue_ticket(server, "t2")
    window, dialogs = make_desk(qtbot, server, tmp_path)
    login(qtbot, window)
    queue = window.queue
    assert queue is not None
    qtbot.waitUntil(lambda: queue.total_waiting == 2, timeout=WAIT_MS)
    key(qtbot, window, Qt.Key.Key_F1)  # call next
    qtbot.waitUntil(lambda: queue.current is not None, timeout=WAIT_MS)
    assert queue.current is not None
    assert queue.current["number"] == first["number"]
    assert window.queue_panel is not None
    assert window.queue_panel.ticket.text() == first["number"]
    key(qtbot, window, Qt.Key.Key_F2)  # recall
    key(qtbot, window, Qt.Key.Key_F3)  # start serving
    dialogs.answers.append("材料未带齐，回去取")
    key(qtbot, window, Qt.Key.Key_F6)  # park (reason asked)
    assert queue.current is None
    assert len(queue.parked) == 1
    dialogs.answers.extend([second["number"], "老人行动不便，优先办理"])
    key(qtbot, window, Qt.Key.Key_F9)  # call specific: number, then reason
    panel = window.queue_panel
    qtbot.waitUntil(
        lambda: (
            (queue.current is not None and queue.current["number"] == second["number"])
            or panel.message.isVisible()
        ),
        timeout=WAIT_MS,
    )
    assert not window.queue_panel.message.isVisible(), window.queue_panel.message.text()
    assert queue.current is not None
    assert queue.current["number"] == second["number"]
    key(qtbot, window, Qt.Key.Key_F3)  # start
    key(qtbot, window, Qt.Key.Key_F8)  # finish
    dialogs.answers.append("午间交接")
    key(qtbot, window, Qt.Key.Key_F10)  # pause the window (reason)

    def states() -> dict[str, Any]:
        return {t["number"]: t for t in server.tickets()}

    # the outbox sends in the background: wait for the server to show every action
    qtbot.waitUntil(lambda: states()[second["number"]]["state"] == "done", timeout=WAIT_MS)
    tickets = states()
    assert tickets[first["number"]]["state"] == "parked"
    assert tickets[first["number"]]["recalls"] == 1
    qtbot.waitUntil(lambda: queue.paused, timeout=WAIT_MS)
    key(qtbot, window, Qt.Key.Key_F10)  # resume the window
    qtbot.waitUntil(lambda: not queue.paused, timeout=WAIT_MS)
    asked = [a.title for a in dialogs.asked]
    assert asked == ["挂起", "指定叫号", "指定叫号", "新叫号", "暂停窗口"]
    dispose(window)


def sane_grid_scanner() -> tuple[ScanSource, str]:
    """The real SANE `test` device, set to its grid picture (a page that is not blank)."""
    sane = pytest.importorskip("sane")

    class GridDevice:
        def __init__(self, name: str) -> None:
            object.__setattr__(self, "dev", sane.open(name))
            self.dev.test_picture = "Grid"
            self.dev.read_return_value = "Default"

        def __getattr__(self, name: str) -> Any:
            return getattr(self.dev, name)

        def __setattr__(self, name: str, value: Any) -> None:
            setattr(self.dev, name, value)

    return SaneSource(opener=GridDevice), "test:0"


#: Set to a folder (docs/desk) to keep the screenshots of every desk screen; they are taken
#: in every run (grabbing renders the whole window, so a broken paint fails here too).
SHOTS = os.environ.get("ONEWINDOW_DESK_SHOTS", "")


def shoot(window: DeskWindow, folder: Path, name: str) -> None:
    QApplication.processEvents()
    image = window.grab()
    assert image.width() == 1366
    assert image.height() == 768
    target = Path(SHOTS) if SHOTS else folder / "shots"
    target.mkdir(parents=True, exist_ok=True)
    assert image.save(str(target / f"desk_{name}.png"))


def click(window: DeskWindow, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None, name
    assert button.isEnabled(), name
    button.click()


def test_a_whole_case_through_the_desk(qtbot: QtBot, server: ServerProcess, tmp_path: Path) -> None:
    first = issue_ticket(server, "t1")
    back = issue_ticket(server, "t2")  # the applicant's ticket when he comes back
    picked: list[Path] = []
    window, dialogs = make_desk(
        qtbot,
        server,
        tmp_path,
        materials={"pick_files": lambda: list(picked), "scanner": sane_grid_scanner},
    )
    window.login_screen.username.setText("clerk1")
    shoot(window, tmp_path, "login")
    login(qtbot, window)
    assert window.queue is not None
    qtbot.waitUntil(
        lambda: window.queue is not None and window.queue.total_waiting == 2, timeout=WAIT_MS
    )
    shoot(window, tmp_path, "queue_idle")
    key(qtbot, window, Qt.Key.Key_F1)
    case, ws = window.case, window.workspace
    assert case is not None
    assert ws is not None
    qtbot.waitUntil(lambda: case.draft is not None, timeout=WAIT_MS)

    def draft() -> dict[str, Any]:
        return draft_of(window)

    assert draft()["theme"] == "BIRTH"
    queue = window.queue
    qtbot.waitUntil(lambda: queue.total_waiting == 1, timeout=WAIT_MS)
    key(qtbot, window, Qt.Key.Key_F3)  # start serving
    # applicant
    for field, value in (("name", "张丽"), ("id_number", ID_MOTHER), ("phone", "13800138000")):
        type_into(ws.parties.edits[("applicant", field)], value)
    assert draft()["applicant"]["name"] == "张丽"
    shoot(window, tmp_path, "queue_calling_parties")
    # situations: every answer a click on its button
    ws.tabs.setCurrentWidget(ws.answers)
    for situation, option in ANSWERS.items():
        button = ws.answers.content.findChild(QRadioButton, f"answer_{situation}_{option}")
        assert button is not None, situation
        assert button.isVisible(), situation
        button.click()
    assert case.resolution.complete
    assert draft()["answers"]["settle_household"] == ["relative"]
    shoot(window, tmp_path, "answers")
    # the merged form
    ws.tabs.setCurrentWidget(ws.form)
    for field, value in FORM.items():
        edit = ws.form.inputs[field]
        assert isinstance(edit, QLineEdit), field
        type_into(edit, value)
    for field, code in CHOICES.items():
        combo = ws.form.inputs[field]
        assert isinstance(combo, QComboBox), field
        combo.setCurrentIndex(combo.findData(code))
        combo.activated.emit(combo.currentIndex())
    assert draft()["form"]["child_name"] == "王小宝"
    shoot(window, tmp_path, "form")
    # materials: scan the first on the (SANE test) scanner, import two pages into every other
    # one, except the householder's consent (brought back later); nothing is exempt here, as
    # the e-license look-up holds no record of this mother
    ws.tabs.setCurrentWidget(ws.materials)
    to_hand_in = [
        e.material.code
        for e in case.resolution.checklist
        if e.material.code != "HOUSEHOLDER_CONSENT"
    ]
    for code in to_hand_in:
        ws.materials.select(code)
        before = len(draft()["materials"].get(code, {}).get("pages", []))
        if code == to_hand_in[0]:
            click(window, "scan_page")
            added = 1
        else:
            picked[:] = [page_png(tmp_path, f"front-{code}"), page_png(tmp_path, f"back-{code}")]
            click(window, "import_page")
            added = 2

        def pages_in(c: str = code) -> int:
            return len(draft()["materials"].get(c, {}).get("pages", []))

        wanted = before + added
        qtbot.waitUntil(lambda: pages_in() >= wanted, timeout=WAIT_MS)  # noqa: B023
        for box in ws.materials.ticks.values():
            if not box.isChecked():
                box.click()
        type_into(ws.materials.expires, "2034-01-01")
    # the thumbnails of the last material, then page reorder and delete
    last = to_hand_in[-1]
    qtbot.waitUntil(
        lambda: all(
            not ws.materials.pages.item(i).icon().isNull()
            for i in range(ws.materials.pages.count())
        ),
        timeout=WAIT_MS,
    )
    order = list(draft()["materials"][last]["pages"])
    ws.materials.pages.setCurrentRow(0)
    click(window, "page_down")
    assert draft()["materials"][last]["pages"] == [order[1], order[0]]
    shoot(window, tmp_path, "materials")
    ws.materials.pages.setCurrentRow(1)
    click(window, "page_delete")
    assert draft()["materials"][last]["pages"] == [order[1]]
    picked[:] = [page_png(tmp_path, f"again-{last}")]
    click(window, "import_page")
    qtbot.waitUntil(lambda: len(draft()["materials"][last]["pages"]) == 2, timeout=WAIT_MS)
    # pre-check: every finding at once
    ws.tabs.setCurrentWidget(ws.precheck)
    click(window, "case_precheck")
    qtbot.waitUntil(lambda: draft()["passed"] is not None and not case.busy, timeout=WAIT_MS)
    keys = {f["key"] for f in draft()["findings"]}
    assert "material.missing@HOUSEHOLDER_CONSENT" in keys, keys
    assert case.state == "prechecked"
    shoot(window, tmp_path, "precheck_findings")
    assert "需补正" in ws.precheck.content.findChildren(QLabel)[0].text()
    # the supplement notice lists it
    click(window, "case_supplement")
    qtbot.waitUntil(lambda: len(draft()["notices"]) == 1, timeout=WAIT_MS)
    notice = draft()["notices"][0]
    text = pdf_text(notice["path"])
    assert "补正告知书" in text
    assert "户主同意新生儿落户的书面意见" in text
    assert "张丽" in text
    assert notice["number"] in text
    assert "补正期限" in text
    shoot(window, tmp_path, "precheck_supplement_notice")
    qtbot.waitUntil(lambda: case.state == "supplement_notified" and not case.busy, timeout=WAIT_MS)
    key(qtbot, window, Qt.Key.Key_F8)  # he goes to fetch it
    qtbot.waitUntil(lambda: queue.current is None, timeout=WAIT_MS)
    # he comes back on his next ticket: “new case?” — no, the open case goes on under it
    dialogs.answers.append(False)
    key(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: (queue.current or {}).get("number") == back["number"], timeout=WAIT_MS)
    assert dialogs.asked[-1].title == "新叫号"
    qtbot.waitUntil(lambda: back["number"] in ws.header.text() and not case.busy, timeout=WAIT_MS)
    assert draft()["ticket"]["ticket_id"] == back["ticket_id"]
    case_id = draft()["case_id"]
    linked = server.admin("GET", f"/cases/{case_id}/data")["tickets"]
    assert [t["number"] for t in linked] == [first["number"], back["number"]]
    key(qtbot, window, Qt.Key.Key_F3)
    # receive the supplement
    ws.tabs.setCurrentWidget(ws.materials)
    ws.materials.select("HOUSEHOLDER_CONSENT")
    picked[:] = [page_png(tmp_path, "consent")]
    click(window, "import_page")
    qtbot.waitUntil(lambda: "HOUSEHOLDER_CONSENT" in draft()["materials"], timeout=WAIT_MS)
    for box in ws.materials.ticks.values():
        if not box.isChecked():
            box.click()
    remaining = keys - {"material.missing@HOUSEHOLDER_CONSENT"}
    assert not any(k.startswith("material.missing") for k in remaining), remaining
    ws.tabs.setCurrentWidget(ws.precheck)
    click(window, "case_receive")
    drain(qtbot, window)
    click(window, "case_accept")
    qtbot.waitUntil(
        lambda: case.state == "accepted" and len(draft()["notices"]) == 2, timeout=WAIT_MS
    )
    acceptance = pdf_text(draft()["notices"][1]["path"])
    assert "受理通知书" in acceptance
    # dispatch, then every department decides (as a department user, over the API)
    ws.tabs.setCurrentWidget(ws.outcome)
    click(window, "case_dispatch")
    qtbot.waitUntil(lambda: case.state == "dispatched" and not case.busy, timeout=WAIT_MS)
    dept = requests.post(
        f"{server.base_url}/api/v1/auth/login",
        json={"hall_id": HALL_ID, "username": "dept1", "password": "deptpass1"},
        timeout=10,
    ).json()["token"]
    departments = case.department_codes()
    assert len(departments) >= 2, departments
    for department in departments:
        decided = requests.post(
            f"{server.base_url}/api/v1/cases/{case_id}/department-decision",
            json={"department": department, "approved": True, "opinion": opinion(department)},
            headers={"Authorization": f"Bearer {dept}", "Idempotency-Key": f"d-{department}"},
            timeout=10,
        )
        assert decided.status_code == 200, decided.text
    # the decisions flow back through the event feed
    qtbot.waitUntil(lambda: case.state == "decided", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: all(v == "同意" for _, v in case.departments()), timeout=WAIT_MS)
    # with every department decided, their opinions are read from the case's contents
    qtbot.waitUntil(lambda: all(o for _, _, o in case.decisions()), timeout=WAIT_MS)
    assert ws.outcome.departments.topLevelItemCount() == len(departments)
    rows = [ws.outcome.departments.topLevelItem(i) for i in range(len(departments))]
    assert {row.text(2) for row in rows if row is not None} == {opinion(d) for d in departments}
    shoot(window, tmp_path, "outcome_decided")
    click(window, "case_ready")
    qtbot.waitUntil(lambda: case.state == "ready" and not case.busy, timeout=WAIT_MS)
    click(window, "case_deliver")
    qtbot.waitUntil(
        lambda: case.state == "delivered" and len(draft()["notices"]) == 3, timeout=WAIT_MS
    )
    pickup = pdf_text(draft()["notices"][2]["path"])
    assert "出件通知" in pickup
    for department in departments:  # each department's decision with its opinion
        assert opinion(department) in pickup, department
    shoot(window, tmp_path, "outcome_delivered")
    click(window, "case_rating")
    assert draft()["rating_requested"] is True
    draft_id = draft()["draft_id"]
    qtbot.waitUntil(
        lambda: (window.store.draft(draft_id) or {}).get("rating_requested") is True,
        timeout=WAIT_MS,
    )
    assert server.admin("GET", f"/cases/{case_id}")["state"] == "delivered"
    key(qtbot, window, Qt.Key.Key_F8)  # finish the ticket
    dispose(window)


def test_a_department_user_gets_the_department_the_hall_gave_them(
    qtbot: QtBot, server: ServerProcess, tmp_path: Path
) -> None:
    window, _dialogs = make_desk(qtbot, server, tmp_path)
    screen = window.login_screen
    QTest.keyClicks(screen.username, "health1")
    QTest.keyClicks(screen.password, "healthpass1")
    QTest.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.department_model is not None, timeout=WAIT_MS)
    model = window.department_model
    assert model.departments == (("health", load_catalog().departments["health"].name),)
    assert model.department == "health"
    assert window.ctx is not None
    assert window.ctx.user.department == "health"
    assert window.ctx.user.signature == "医保审核"
    assert window.queue is None  # no queue panel for a department user
    dispose(window)
