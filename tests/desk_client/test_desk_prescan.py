"""The kiosk's pre-scan starts the called ticket's case, against a real hall server process.

A kiosk-role HTTP client (as the kiosk's link would, not the kiosk app) takes a ticket, uploads
two scanned pages (`PUT /pages/{sha256}`) and saves the ticket's draft (`PUT /tickets/{id}/draft`):
the situation answers, one page under the householder's consent and one the person filed under
“other”. The desk calls the ticket: the case starts with the answers and the consent's page,
fetched into the desk's store for its thumbnail, and shows where they came from; the clerk files
the “other” page under the photo; the pre-check counts both (neither is missing, and the server's
case names them) and the outbox never had to upload them. A ticket without a draft (404
`draft_missing`) starts an empty case with no complaint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_client.model.case import OTHER_SLOT
from tests.desk_client.test_desk_flow import (
    ANSWERS,
    ID_MOTHER,
    WAIT_MS,
    click,
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
from tests.live_server import ServerProcess, running_server


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


def kiosk_put(server: ServerProcess, path: str, **kwargs: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {server.tokens['kiosk']}", **kwargs.pop("headers", {})}
    return requests.put(f"{server.base_url}/api/v1{path}", headers=headers, timeout=10, **kwargs)


def kiosk_page(server: ServerProcess, content: bytes) -> str:
    """One scanned page, uploaded whole as the kiosk's uploader sends it."""
    digest = hashlib.sha256(content).hexdigest()
    response = kiosk_put(
        server,
        f"/pages/{digest}",
        data=content,
        headers={
            "Content-Type": "application/octet-stream",
            "Content-Range": f"bytes 0-{len(content) - 1}/{len(content)}",
        },
    )
    assert response.status_code in (200, 201), response.text
    return digest


def test_the_called_ticket_starts_from_the_kiosk_prescan(
    qtbot: QtBot, server: ServerProcess, tmp_path: Path
) -> None:
    ticket = issue_ticket(server, "t1")
    consent = kiosk_page(server, page_png(tmp_path, "consent").read_bytes())
    other = kiosk_page(server, page_png(tmp_path, "photo").read_bytes())
    saved = kiosk_put(
        server,
        f"/tickets/{ticket['ticket_id']}/draft",
        json={
            "theme": "BIRTH",
            "answers": {k: [v] for k, v in ANSWERS.items()},
            "materials": {"HOUSEHOLDER_CONSENT": [consent], "OTHER": [other]},
            "note": "",
        },
        headers={"Idempotency-Key": "draft-1"},
    )
    assert saved.status_code == 200, saved.text
    issue_ticket(server, "t2")  # no pre-scan for this one

    window, dialogs = make_desk(qtbot, server, tmp_path)
    login(qtbot, window)
    case, ws = window.case, window.workspace
    assert case is not None
    assert ws is not None
    key(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: case.draft is not None and "prescan" in case.draft, timeout=WAIT_MS)
    key(qtbot, window, Qt.Key.Key_F3)  # start serving
    draft = draft_of(window)
    assert draft["ticket"]["ticket_id"] == ticket["ticket_id"]
    assert draft["answers"] == {k: [v] for k, v in ANSWERS.items()}
    assert draft["materials"]["HOUSEHOLDER_CONSENT"]["pages"] == [consent]
    assert draft["unassigned"] == [other]
    assert "OTHER" not in draft["materials"]
    qtbot.waitUntil(ws.source.isVisible, timeout=WAIT_MS)
    assert "自助终端预扫：2 份材料 2 页" in ws.source.text()
    assert "1 页待归入" in ws.source.text()
    # the pages themselves are fetched into the desk's store (and count as on the server)
    qtbot.waitUntil(lambda: case.loading == 0, timeout=WAIT_MS)
    for digest in (consent, other):
        assert window.store.page(digest) is not None
        info = window.store.page_info(digest)
        assert info is not None
        assert info.uploaded_at is not None
    # on the materials tab: the consent's page with its thumbnail, marked as pre-scanned
    ws.tabs.setCurrentWidget(ws.materials)
    ws.materials.select("HOUSEHOLDER_CONSENT")
    pages = ws.materials.pages
    qtbot.waitUntil(
        lambda: pages.count() == 1 and not pages.item(0).icon().isNull(), timeout=WAIT_MS
    )
    assert pages.item(0).text() == "第1页（预扫）"
    for box in ws.materials.ticks.values():
        if not box.isChecked():
            box.click()
    # the page filed under “other”: the clerk files it under the photo
    ws.materials.select(OTHER_SLOT)
    assert ws.materials.assign_row.isVisible()
    qtbot.waitUntil(
        lambda: pages.count() == 1 and not pages.item(0).icon().isNull(), timeout=WAIT_MS
    )
    shoot(window, tmp_path, "materials_prefilled")
    pages.setCurrentRow(0)
    ws.materials.assign_to.setCurrentIndex(ws.materials.assign_to.findData("CHILD_PHOTO"))
    click(window, "page_assign")
    assert draft_of(window)["unassigned"] == []
    assert draft_of(window)["materials"]["CHILD_PHOTO"]["pages"] == [other]
    # applicant, then the pre-check: both pre-scanned materials count
    ws.tabs.setCurrentWidget(ws.parties)
    for field, value in (("name", "张丽"), ("id_number", ID_MOTHER)):
        type_into(ws.parties.edits[("applicant", field)], value)
    ws.tabs.setCurrentWidget(ws.precheck)
    click(window, "case_precheck")
    qtbot.waitUntil(
        lambda: (
            (draft_of(window)["passed"] is not None and not case.busy) or ws.message.isVisible()
        ),
        timeout=WAIT_MS,
    )
    assert not ws.message.isVisible(), ws.message.text()
    keys = {f["key"] for f in draft_of(window)["findings"]}
    assert "material.missing@HOUSEHOLDER_CONSENT" not in keys, keys
    assert "material.missing@CHILD_PHOTO" not in keys, keys
    case_id = draft_of(window)["case_id"]
    detail = server.admin("GET", f"/cases/{case_id}")
    on_server = {m["code"]: [p["sha256"] for p in m["pages"]] for m in detail["materials"]}
    assert on_server["HOUSEHOLDER_CONSENT"] == [consent]
    assert on_server["CHILD_PHOTO"] == [other]
    linked = server.admin("GET", f"/cases/{case_id}/data")["tickets"]
    assert [t["ticket_id"] for t in linked] == [ticket["ticket_id"]]
    # the next ticket has no pre-scan: a new, empty case and no message about it
    key(qtbot, window, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: window.queue is not None and window.queue.current is None,
                    timeout=WAIT_MS)  # fmt: skip
    dialogs.answers.append(True)  # 为新号新建办件
    key(qtbot, window, Qt.Key.Key_F1)
    qtbot.waitUntil(
        lambda: case.draft is not None and case.draft["ticket"]["ticket_id"] != ticket["ticket_id"],
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: case.loading == 0, timeout=WAIT_MS)
    assert "prescan" not in draft_of(window)
    assert draft_of(window)["materials"] == {}
    assert not ws.source.isVisible()
    assert not ws.message.isVisible(), ws.message.text()
    dispose(window)
