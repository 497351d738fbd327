"""The pre-scan draft reaching the clerk, against a real hall server process: a ticket taken
through the screens after the situation questions, two materials pre-scanned on SANE's `test`
device, and the draft found by a clerk (``GET /tickets/{id}/draft``) with the right page hashes,
the page bytes equal to the kiosk's; and the same with the server down during the scan."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk.model.prescan import DraftDelivery, PageScanner, PrescanState
from kiosk.model.session import Route
from kiosk.model.ticketing import TicketPrintState
from kiosk.screens.prescan import PrescanScreen
from kiosk.screens.ticket_issued import TicketScreen
from scanning import ScanSettings
from scanning.sane_source import SaneSource
from server_sync import Store
from tests.kiosk.conftest import Kiosk
from tests.kiosk.online_support import online_kiosk
from tests.kiosk.test_models import BIRTH_ANSWERS
from tests.kiosk.test_screens import answer_by_taps, tap
from tests.live_server import ServerProcess, running_server

sane = pytest.importorskip("sane")

MakeKiosk = Callable[..., Kiosk]
WAIT_MS = 30_000
CLERK = {"username": "clerk1", "display_name": "王小明", "password": "clerkpass1", "role": "clerk"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(tmp_path) as proc:
        proc.admin("POST", "/users", CLERK, key="user-clerk")
        yield proc


def sane_test_device() -> PageScanner:
    """SANE's `test` backend (no hardware), a different test picture on each scan, so the two
    materials are two different pages."""
    pictures = iter(["Grid", "Color pattern", "Grid", "Color pattern"])

    def opener(name: str) -> Any:
        device = sane.open(name)
        device.test_picture = next(pictures)
        device.read_return_value = "Default"  # the backend keeps options across opens
        return device

    return PageScanner(SaneSource(opener), "test", ScanSettings(dpi=100))


def as_clerk(server: ServerProcess) -> requests.Session:
    session = requests.Session()
    login = session.post(
        f"{server.base_url}/api/v1/auth/login",
        json={"hall_id": "busy-hall", "username": "clerk1", "password": "clerkpass1"},
        timeout=10,
    )
    login.raise_for_status()
    session.headers["Authorization"] = f"Bearer {login.json()['token']}"
    return session


def take_after_the_questions(kiosk: Kiosk) -> TicketScreen:
    """Home → 新生儿出生 → the questions → the checklist → 取号, all by taps."""
    window = kiosk.window
    tap(kiosk, window.screens[Route.HOME].tiles["BIRTH"])  # type: ignore[attr-defined]
    tap(kiosk, window.screens[Route.THEME].start_button)  # type: ignore[attr-defined]
    answer_by_taps(kiosk, BIRTH_ANSWERS)
    assert window.session.route is Route.CHECKLIST
    tap(kiosk, window.screens[Route.CHECKLIST].ticket_button)  # type: ignore[attr-defined]
    tap(kiosk, window.screens[Route.TAKE_TICKET].take_button)  # type: ignore[attr-defined]
    form = window.session.ticket_form
    kiosk.qtbot.waitUntil(lambda: form.print_state is TicketPrintState.PRINTED, timeout=WAIT_MS)
    screen = window.current_screen
    assert isinstance(screen, TicketScreen)
    return screen


def scan_two(kiosk: Kiosk, issued: TicketScreen) -> tuple[PrescanScreen, list[str]]:
    """Open 预先扫描 and scan the first two materials of the checklist; their codes."""
    tap(kiosk, issued.prescan_button)
    screen = kiosk.window.current_screen
    assert isinstance(screen, PrescanScreen)
    draft = kiosk.window.session.prescan
    codes = [m.code for m in draft.materials[:2]]
    for code in codes:
        tap(kiosk, screen.tiles[code])
        kiosk.qtbot.waitUntil(
            lambda c=code: draft.state is PrescanState.READY and draft.page_count_of(c) == 1,
            timeout=60_000,
        )
    return screen, codes


def check_on_server(
    server: ServerProcess, kiosk: Kiosk, codes: list[str], answers: dict[str, list[str]]
) -> None:
    """The clerk finds the draft: the ticket, the theme, the answers, each material's page,
    and the page bytes the kiosk stored."""
    session = kiosk.window.session
    ticket, store = session.ticket_form.ticket, session.services.store
    assert ticket is not None
    assert isinstance(store, Store)
    clerk = as_clerk(server)
    response = clerk.get(f"{server.base_url}/api/v1/tickets/{ticket.ticket_id}/draft", timeout=10)
    assert response.status_code == 200, response.text
    draft = response.json()
    assert (draft["ticket_id"], draft["number"], draft["theme"]) == (
        ticket.ticket_id,
        ticket.number,
        "BIRTH",
    )
    assert draft["answers"] == answers
    assert draft["materials"] == {code: list(session.prescan.pages[code]) for code in codes}
    hashes = [h for code in codes for h in draft["materials"][code]]
    assert len(set(hashes)) == 2
    for sha in hashes:
        page = clerk.get(f"{server.base_url}/api/v1/pages/{sha}", timeout=10)
        assert page.status_code == 200
        assert page.content == store.page(sha)


def test_the_prescan_draft_reaches_the_clerk_with_the_right_pages(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    kiosk = online_kiosk(make_kiosk, server, tmp_path, scanner=sane_test_device())
    session = kiosk.window.session
    issued = take_after_the_questions(kiosk)
    assert session.flow is not None
    answers = {code: list(values) for code, values in session.flow.answers.items()}
    assert answers["extras"] == ["pay_premium", "maternity_allowance"]
    screen, codes = scan_two(kiosk, issued)
    # The materials are the checklist's, keyed by the catalog's codes, then 其他材料 (OTHER).
    to_hand_in = [e.material.code for e in session.flow.resolution.to_hand_in]
    assert codes == [*to_hand_in, "OTHER"][:2]
    kiosk.qtbot.waitUntil(
        lambda: session.prescan.delivery is DraftDelivery.DELIVERED, timeout=WAIT_MS
    )
    assert "已交给窗口" in screen.window_note.text()
    for code in codes:
        assert screen.tiles[code].detail.text() == "已扫 1 页 · 已上传（点一下再扫）"
    check_on_server(server, kiosk, codes, answers)
    # Nothing for the clerk about a ticket nobody pre-scanned.
    other = server.admin("POST", "/tickets", {"theme": "birth"}, key=uuid.uuid4().hex)
    missing = as_clerk(server).get(
        f"{server.base_url}/api/v1/tickets/{other['ticket']['ticket_id']}/draft", timeout=10
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "draft_missing")


def test_the_server_down_during_the_scan_then_up_the_draft_arrives(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    kiosk = online_kiosk(make_kiosk, server, tmp_path, scanner=sane_test_device(), probe_ms=300)
    session = kiosk.window.session
    issued = take_after_the_questions(kiosk)
    assert session.flow is not None
    answers = {code: list(values) for code, values in session.flow.answers.items()}
    server.kill()
    screen, codes = scan_two(kiosk, issued)
    kiosk.qtbot.waitUntil(lambda: not session.services.online, timeout=WAIT_MS)
    kiosk.qtbot.waitUntil(lambda: "自动上传" in screen.window_note.text(), timeout=WAIT_MS)
    assert session.prescan.delivery is DraftDelivery.WAITING
    for code in codes:
        assert screen.tiles[code].detail.text() == "已扫 1 页 · 等待上传（点一下再扫）"
    store = session.services.store
    assert isinstance(store, Store)
    assert store.summary().count == 2  # two versions of the draft wait in the outbox, on disk

    server.start()
    kiosk.qtbot.waitUntil(
        lambda: session.prescan.delivery is DraftDelivery.DELIVERED, timeout=60_000
    )
    for code in codes:
        assert screen.tiles[code].detail.text() == "已扫 1 页 · 已上传（点一下再扫）"
    check_on_server(server, kiosk, codes, answers)
