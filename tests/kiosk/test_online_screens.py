"""The online screens in elder mode (sizes measured on the widgets), the optional pre-scan into
a draft linked to the ticket, the sync indicator's words, and the keyboard-wedge reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from hallui.sync_indicator import describe, format_age
from kiosk.model.prescan import PageScanner, PrescanState, draft_id_for
from kiosk.model.session import Route
from kiosk.model.ticketing import TicketPrintState
from kiosk.model.wedge import WedgeBuffer
from scanning import FileSource
from scanning.synthetic import PageSpec, make_page
from server_sync import SyncError, SyncStatus
from tests.kiosk.conftest import Kiosk
from tests.kiosk.online_support import online_kiosk
from tests.kiosk.test_kiosk_behaviour import check_elder_sizes
from tests.kiosk.test_screens import tap
from tests.live_server import ServerProcess, server_fixture

server = pytest.fixture(server_fixture)

MakeKiosk = Callable[..., Kiosk]


def issue_through_kiosk(kiosk: Kiosk) -> None:
    session = kiosk.window.session
    session.open_theme("BIRTH")
    session.open_ticket()
    session.ticket_form.set_priority(None)
    tap(kiosk, kiosk.window.screens[Route.TAKE_TICKET].take_button)  # type: ignore[attr-defined]
    kiosk.qtbot.waitUntil(
        lambda: session.ticket_form.print_state is TicketPrintState.PRINTED, timeout=20_000
    )


def test_every_online_screen_meets_the_elder_sizes(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    page = tmp_path / "page.png"
    make_page(PageSpec(dpi=100, seed=3, lines=20)).save(page, dpi=(100, 100))
    scanner = PageScanner(FileSource([page]), str(page))
    kiosk = online_kiosk(make_kiosk, server, tmp_path, scanner=scanner)
    session = kiosk.window.session
    tap(kiosk, kiosk.window.elder_button)
    assert session.elder_mode
    session.open_theme("BIRTH")
    session.open_ticket()
    measured = {Route.TAKE_TICKET: check_elder_sizes(kiosk)}
    # 取号 resets nothing: elder mode stays on through the ticket.
    tap(kiosk, kiosk.window.screens[Route.TAKE_TICKET].take_button)  # type: ignore[attr-defined]
    kiosk.qtbot.waitUntil(
        lambda: session.ticket_form.print_state is TicketPrintState.PRINTED, timeout=20_000
    )
    measured[Route.TICKET] = check_elder_sizes(kiosk)
    session.open_prescan()
    measured[Route.PRESCAN] = check_elder_sizes(kiosk)
    session.go_home()
    session.open_status()
    measured[Route.STATUS] = check_elder_sizes(kiosk)
    session.open_rating()
    session.rating_form.set_level(1)
    measured[Route.RATING] = check_elder_sizes(kiosk)
    assert all(n > 10 for n in measured.values()), measured


def test_prescan_stores_pages_by_sha256_in_a_draft_linked_to_the_ticket(
    make_kiosk: MakeKiosk, server: ServerProcess, tmp_path: Path
) -> None:
    page = tmp_path / "birth-certificate.png"
    image = make_page(PageSpec(dpi=150, seed=7, lines=30))
    image.save(page, dpi=(150, 150))
    scanner = PageScanner(FileSource([page]), str(page))
    kiosk = online_kiosk(make_kiosk, server, tmp_path, scanner=scanner)
    session = kiosk.window.session
    issue_through_kiosk(kiosk)
    ticket = session.ticket_form.ticket
    assert ticket is not None
    issued_screen = kiosk.window.current_screen
    tap(kiosk, issued_screen.prescan_button)  # type: ignore[attr-defined]
    assert session.route is Route.PRESCAN
    screen = kiosk.window.current_screen
    material = session.prescan.materials[0]
    # Keyed by the catalog's code, named for people.
    catalog_material = session.catalog.theme("BIRTH").material(material.code)
    assert material.name == catalog_material.name
    tap(kiosk, screen.tiles[material.code])  # type: ignore[attr-defined]
    kiosk.qtbot.waitUntil(
        lambda: session.prescan.state is PrescanState.READY and session.prescan.page_count == 1,
        timeout=60_000,
    )
    store = session.services.store
    assert store is not None
    draft = store.draft(draft_id_for(ticket))
    assert draft["ticket_id"] == ticket.ticket_id
    assert draft["ticket_number"] == ticket.number
    (sha,) = draft["materials"][material.code]
    assert draft["names"][material.code] == material.name
    stored = store.page(sha)  # the store checks the bytes against their SHA-256
    assert stored is not None
    assert "已扫描 1 页" in screen.status.text()  # type: ignore[attr-defined]
    tap(kiosk, screen.done_button)  # type: ignore[attr-defined]
    assert session.route is Route.TICKET


def test_blank_pages_are_dropped_and_said_so(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (800, 1100), 255).save(blank, dpi=(100, 100))
    from kiosk.model.hall_link import IssuedTicket
    from kiosk.model.prescan import DraftTarget, MaterialChoice, scan_material
    from server_sync import Store
    from tests.kiosk.online_support import pinned_clock

    ticket = IssuedTicket("20240506-Y001", "Y001", "one_thing", "birth", 0, None, "ABCDEF",
                          "http://h/q", (1,), pinned_clock())  # fmt: skip
    store = Store(tmp_path / "k.sqlite3")
    try:
        result = scan_material(
            PageScanner(FileSource([blank]), str(blank)),
            store,
            DraftTarget(ticket, "BIRTH"),
            MaterialChoice("birth_medical_cert", "出生医学证明"),
            clock=pinned_clock,
        )
        assert result.pages == ()
        assert "没有扫到内容" in result.message_zh
        assert store.page_hashes() == []
    finally:
        store.close()


def test_sync_words_are_plain_chinese() -> None:
    assert describe(None).headline == "正在连接大厅服务器…"
    online = SyncStatus(True, 0, None, 0, None, 1.0)
    assert (describe(online).state, describe(online).detail) == ("online", "全部已发送")
    error = SyncError("network", "无法连接服务器，稍后自动重试", "cannot reach the server")
    offline = SyncStatus(False, 2, 185.0, 1, error, None)
    words = describe(offline)
    assert words.state == "offline"
    assert words.headline == "未连接大厅服务器（离线）"
    assert words.detail == (
        "待发送 2 条，最早一条已等 3 分钟；1 条被服务器拒收；最近问题：无法连接服务器，稍后自动重试"
    )
    assert [format_age(s) for s in (2, 45, 125, 3700)] == [
        "刚刚",
        "45 秒",
        "2 分钟",
        "1 小时 1 分钟",
    ]


def test_a_wedge_reader_burst_is_told_from_a_person_typing() -> None:
    wedge = WedgeBuffer(max_gap_s=0.05, min_length=6)
    for n, char in enumerate("11010519491231002X"):
        wedge.key(char, 10.0 + n * 0.004)
    assert wedge.enter(10.08) == "11010519491231002X"
    for n, char in enumerate("A012345"):
        wedge.key(char, 20.0 + n * 0.3)  # a person: 300 ms between keys
    assert wedge.enter(22.5) is None
    for n, char in enumerate("A01"):
        wedge.key(char, 30.0 + n * 0.004)
    assert wedge.enter(30.02) is None  # too short to be a code


def test_the_kiosk_without_a_server_offers_no_ticket(kiosk: Kiosk) -> None:
    window = kiosk.window
    assert not window.sync_indicator.isVisible()
    assert not window.screens[Route.HOME].status_button.isVisible()  # type: ignore[attr-defined]
    window.session.open_theme("BIRTH")
    assert not window.screens[Route.THEME].ticket_button.isVisible()  # type: ignore[attr-defined]
