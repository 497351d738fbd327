"""The department view against a real hall server: the dispatched BIRTH case in the department's
list, its form and materials, a rejection refused without an opinion, approve and reject sent
to the server and visible on the case there; the view driven with the keyboard and the mouse."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desk_client.department.model import DepartmentModel, departments_of
from desk_client.department.view import DepartmentView
from desk_client.model.context import run_inline
from hall_server.demo import BIRTH_APPLICANT
from hallcore.catalog import Catalog, load_catalog
from hallui.qt_bridge import BackgroundRunner
from onewindow.demo import data
from onewindow.demo.hall_api import call, login, sample_scan, upload_page
from server_sync.transport import ApiClient
from tests.live_server import HALL_ID, ServerProcess, server_fixture

server = pytest.fixture(server_fixture)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "desk"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def post(proc: ServerProcess, path: str, body: Any = None) -> dict[str, Any]:
    result: dict[str, Any] = proc.admin("POST", path, body, key=str(uuid.uuid4()))
    return result


def dispatched_case(proc: ServerProcess, catalog: Catalog) -> str:
    """A complete BIRTH case with scanned pages, taken in, accepted and dispatched by a clerk."""
    clerk = staff(proc, "clerk")
    codes = (*data.FIRST_VISIT, data.BROUGHT_BACK)  # the demo case, everything handed in
    pages = {code: [upload_page(clerk, sample_scan(code, (str(uuid.uuid4()),)))] for code in codes}
    body = {
        "theme": data.THEME,
        "applicant": BIRTH_APPLICANT,
        "answers": data.answers(catalog),
        "form": data.FORM,
        "materials": data.materials(codes, pages),
        "delivery": "window",
    }
    case_id = str(call(clerk, "POST", "/cases", body)["case_id"])
    assert call(clerk, "POST", f"/cases/{case_id}/precheck")["passed"] is True
    call(clerk, "POST", f"/cases/{case_id}/decision", {"outcome": "accept"})
    assert call(clerk, "POST", f"/cases/{case_id}/dispatch")["case"]["state"] == "dispatched"
    return case_id


def staff(proc: ServerProcess, role: str, username: str | None = None) -> ApiClient:
    """A logged-in client of a new (or, for the clerk, the one) staff user of `role`."""
    username = username or role
    user = {"username": username, "display_name": "演示", "password": "pass-1234", "role": role}
    headers = {"Authorization": f"Bearer {proc.tokens['admin']}", "Idempotency-Key": username}
    made = requests.post(f"{proc.base_url}/api/v1/users", json=user, headers=headers, timeout=10)
    assert made.status_code == 201 or made.json()["code"] == "username_taken", made.text
    return login(proc.base_url, HALL_ID, username, "pass-1234")


def dept_client(proc: ServerProcess, username: str = "dept_ps") -> ApiClient:
    return staff(proc, "dept", username)


def departments(catalog: Catalog) -> list[tuple[str, str]]:
    return departments_of(catalog, catalog.theme("BIRTH").departments)


class Recorder:
    def __init__(self, model: DepartmentModel) -> None:
        self.messages: list[tuple[str, bool]] = []
        self.decided: list[tuple[str, bool]] = []
        model.subscribe("message", lambda text, error: self.messages.append((text, error)))
        model.subscribe("decided", lambda case_id, ok: self.decided.append((case_id, ok)))


def test_the_model_lists_opens_and_decides_against_the_server(
    server: ServerProcess, catalog: Catalog
) -> None:
    case_id = dispatched_case(server, catalog)
    model = DepartmentModel(
        dept_client(server), run_inline, departments(catalog), "public_security"
    )
    seen = Recorder(model)

    model.refresh()
    assert [line.case_id for line in model.lines] == [case_id]
    line = model.lines[0]
    assert (line.applicant_name, line.decided) == ("张**", False)
    assert line.items
    assert all(isinstance(i, str) for i in line.items)

    model.open_case(case_id)
    detail = model.detail
    assert detail is not None
    form = dict(detail.form)
    assert "张小花" in form.values()
    assert len(form) == len(data.FORM)
    assert {m.code for m in detail.materials} == {*data.FIRST_VISIT, data.BROUGHT_BACK}
    assert all(len(m.pages) == 1 for m in detail.materials)
    # With a birth certificate already issued the health department has nothing to do.
    assert {d.department for d in detail.decisions} == {
        "public_security",
        "medical_insurance",
        "human_resources",
    }
    assert all(d.approved is None for d in detail.decisions)

    assert model.decide(False, "   ") is False  # a rejection needs an opinion: nothing is sent
    assert seen.messages[-1] == ("不予通过须填写审批意见", True)
    audit = server.admin("GET", f"/cases/{case_id}/audit")
    assert [a["action"] for a in audit][-1] == "dispatch"

    assert model.decide(True, "材料齐全，同意办理") is True
    assert seen.decided == [(case_id, True)]
    assert model.lines == ()
    assert model.detail is None
    audit = server.admin("GET", f"/cases/{case_id}/audit")
    assert audit[-1]["action"] == "department_decision"
    assert audit[-1]["summary"]["department"] == "public_security"
    assert audit[-1]["summary"]["approved"] is True
    assert audit[-1]["actor"].startswith("user:")

    model.decide(True, "again")  # nothing open any more
    assert seen.messages[-1] == ("请先选择一个办件", True)


def test_another_department_still_sees_the_case_and_a_rejection_carries_its_opinion(
    server: ServerProcess, catalog: Catalog
) -> None:
    case_id = dispatched_case(server, catalog)
    client = dept_client(server, "dept_hr")
    model = DepartmentModel(client, run_inline, departments(catalog), "human_resources")
    model.refresh()
    assert [line.case_id for line in model.lines] == [case_id]
    model.open_case(case_id)
    assert model.decide(False, "社会保障卡申领信息不全") is True
    model.set_department("medical_insurance")  # that department has not decided yet
    assert [line.case_id for line in model.lines] == [case_id]
    model.open_case(case_id)
    assert model.detail is not None
    verdicts = {d.department: (d.approved, d.opinion) for d in model.detail.decisions}
    assert verdicts["human_resources"] == (False, "社会保障卡申领信息不全")
    assert verdicts["medical_insurance"] == (None, "")


def test_the_server_refuses_a_case_not_dispatched_to_the_department(
    server: ServerProcess, catalog: Catalog
) -> None:
    case_id = dispatched_case(server, catalog)
    headers = {"Authorization": f"Bearer {server.tokens['admin']}"}
    url = f"{server.base_url}/api/v1/departments/people_bank/cases/{case_id}"
    response = requests.get(url, headers=headers, timeout=10)
    assert (response.status_code, response.json()["code"]) == (404, "not_dispatched_here")
    kiosk = {"Authorization": f"Bearer {server.tokens['kiosk']}"}
    url = f"{server.base_url}/api/v1/departments/health/cases"
    assert requests.get(url, headers=kiosk, timeout=10).status_code == 403


@pytest.fixture
def runner() -> Iterator[BackgroundRunner]:
    background = BackgroundRunner()
    yield background
    background.shutdown()


def test_the_view_decides_from_the_keyboard_and_is_photographed(
    server: ServerProcess, catalog: Catalog, qtbot: QtBot, runner: BackgroundRunner
) -> None:
    case_id = dispatched_case(server, catalog)
    dispatched_case(server, catalog)  # a second case waits in the list
    model = DepartmentModel(
        dept_client(server), runner.run, departments(catalog), "public_security"
    )
    view = DepartmentView(model)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitActive(view, timeout=5_000)
    qtbot.waitUntil(lambda: len(model.lines) == 2, timeout=10_000)  # listed when shown

    dispatched_case(server, catalog)  # a third arrives; F5 lists it
    QTest.keyClick(view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: len(model.lines) == 3, timeout=10_000)
    assert view.cases.count() == 3
    row = next(i for i in range(3) if view.cases.item(i).data(Qt.ItemDataRole.UserRole) == case_id)
    view.cases.setCurrentRow(row)
    qtbot.waitUntil(lambda: model.detail is not None, timeout=10_000)
    assert model.detail is not None
    assert model.detail.line.case_id == case_id
    assert view.form.rowCount() == len(model.detail.form)

    def pages_loaded() -> bool:
        texts = [view.pages.item(i).text() for i in range(view.pages.count())]
        handed_in = len(data.FIRST_VISIT) + 1  # one page each, the consent brought back
        return len(texts) == handed_in and not any("载入中" in t or "未能" in t for t in texts)

    qtbot.waitUntil(pages_loaded, timeout=10_000)
    DOCS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(DOCS / "department_case.png"))

    QTest.mouseClick(view.reject_button, Qt.MouseButton.LeftButton)  # no opinion yet
    assert view.status.text() == "不予通过须填写审批意见"
    view.grab().save(str(DOCS / "department_reject_needs_opinion.png"))

    view.opinion.setFocus()
    view.opinion.insertPlainText(
        "材料齐全，同意办理"
    )  # an input method's commit; QTest types ASCII
    QTest.keyClick(view.opinion, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(model.lines) == 2 and not model.busy, timeout=10_000)
    assert view.opinion.toPlainText() == ""
    assert view.status.text() == "已提交审批意见：通过。公安局：待审批 2 件"
    audit = server.admin("GET", f"/cases/{case_id}/audit")
    assert audit[-1]["summary"] == {
        "state": "dispatched",
        "department": "public_security",
        "approved": True,
    }
    view.grab().save(str(DOCS / "department_after_decision.png"))
