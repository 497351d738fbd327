"""预约签到 and the pre-scan draft, without Qt and without a server: the code as typed or read,
the refusals in plain Chinese, the slot on the printed ticket, and the draft's versions queued in
the outbox with the pages they name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hallcore.catalog import Catalog
from kiosk.model.appointments import (
    OFFLINE_ZH,
    CheckInForm,
    CheckInState,
    parse_appointment_code,
    slot_text,
    slot_times,
)
from kiosk.model.hall_link import Booking, HallError, IssuedTicket
from kiosk.model.prescan import (
    OTHER_MATERIAL,
    DraftDelivery,
    DraftTarget,
    MaterialChoice,
    PrescanDraft,
    ScannedMaterial,
    draft_command,
    draft_id_for,
    record_material,
)
from kiosk.model.services import KioskServices
from kiosk.model.session import KioskSession, Route
from kiosk.model.ticketing import IssueState
from kiosk.ticket_print import ticket_content
from printing.ticket_layout import render_ticket
from server_sync import ApiClient, EntryState, Sender, Store, SyncError
from tests.kiosk.online_support import HALL_DAY, pinned_clock

CST = HALL_DAY.tzinfo
SLOT = (HALL_DAY.replace(hour=9, minute=30), HALL_DAY.replace(hour=10))


def booked_ticket(*, lapsed: bool = False, theme: str | None = "birth") -> IssuedTicket:
    return IssuedTicket(
        ticket_id="20240506-A003",
        number="A003",
        queue="one_thing",
        theme=theme,
        waiting_ahead=2,
        wait_minutes=10,
        secret="QX7K2M",
        status_url="http://hall.invalid/api/v1/public/halls/busy-hall/tickets/A003?secret=QX7K2M",
        windows=(1, 2),
        taken_at=HALL_DAY,
        appointment=True,
        booking=Booking("apt-1", *SLOT, lapsed=lapsed),
    )


def rejected(code: str, zh: str = "", status: int = 404) -> HallError:
    return HallError(SyncError(code, zh or code, code), rejected=True, status=status)


# --- the code ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("12345678", "12345678"),
        (" 12345678\n", "12345678"),
        ("https://hall.example/appointments?code=87654321", "87654321"),
        ("预约码：20240506", "20240506"),
        ("1234567", None),  # too short
        ("123456789", None),  # nine digits are no appointment code
        ("11010519491231002X", None),  # an ID number
        ("12345678 87654321", None),  # two candidates: not a reading to guess from
        ("A012", None),
    ],
)
def test_the_code_in_what_a_reader_typed(text: str, code: str | None) -> None:
    assert parse_appointment_code(text) == code


def test_the_pad_types_eight_digits_and_no_more() -> None:
    form = CheckInForm()
    for key in "1234X5678 90":
        form.type_key(key)
    assert form.code == "12345678"
    assert form.shown_code == "1234 5678"
    form.backspace()
    assert form.shown_code == "1234 567＿"
    assert "8位预约码" in form.problem()
    form.clear_code()
    assert (form.code, form.shown_code) == ("", "＿＿＿＿ ＿＿＿＿")


def test_a_reading_that_is_no_code_is_said_so_and_keeps_what_was_typed() -> None:
    form = CheckInForm()
    for key in "1234":
        form.type_key(key)
    assert not form.read_code("https://example.invalid/nothing-here")
    assert form.state is CheckInState.FAILED
    assert "预约短信" in form.error_zh
    assert form.code == "1234"
    assert form.read_code("99887766")
    assert (form.code, form.state, form.error_zh) == ("99887766", CheckInState.EDITING, "")


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (rejected("appointment_unknown"), "没有找到这个预约码"),
        (
            rejected("appointment_other_day", "这个预约是 2024-05-07 的", 422),
            "这个预约是 2024-05-07 的。请在预约的那天来签到",
        ),
        (rejected("appointment_cancelled", status=409), "这个预约已经取消"),
        (
            HallError(SyncError("too_many_attempts", "尝试次数过多", ""), status=429),
            "输错的次数太多",
        ),
        (HallError(SyncError("network", "无法连接服务器", "")), OFFLINE_ZH),
        (HallError(SyncError("timeout", "服务器没有及时回答", "")), OFFLINE_ZH),
        (RuntimeError("boom"), "本机出错"),
    ],
)
def test_refusals_are_plain_chinese_and_the_code_stays(error: BaseException, words: str) -> None:
    form = CheckInForm()
    for key in "12345678":
        form.type_key(key)
    form.checking()
    assert form.problem() == "正在签到，请稍候"
    form.failed(error)
    assert form.state is CheckInState.FAILED
    assert words in form.error_zh
    assert form.code == "12345678"  # kept, to correct one digit
    form.backspace()  # correcting the last digit: the refusal gives way to the editing
    form.type_key("9")
    assert (form.code, form.state, form.error_zh) == ("12345679", CheckInState.EDITING, "")


def test_the_slot_is_said_in_the_halls_time() -> None:
    booking = Booking("a", *SLOT)
    assert slot_times(booking, CST) == ("09:30", "10:00")
    assert slot_text(booking, CST) == "预约 09:30–10:00"
    utc = Booking("a", SLOT[0].astimezone(dt.UTC), SLOT[1].astimezone(dt.UTC))
    assert slot_text(utc, CST) == "预约 09:30–10:00"  # the server may answer in UTC


def test_the_printed_ticket_carries_the_slot() -> None:
    ticket = booked_ticket()
    content = ticket_content(ticket, hall_name="政务服务中心", theme_name="新生儿出生", zone=CST)
    assert content.wait_text == "预约 09:30–10:00\n预计等候约 10 分钟"
    assert "预约 09:30–10:00" in content.printed_text()
    plain = ticket_content(
        IssuedTicket(**{**_fields(ticket), "booking": None, "wait_minutes": None}),
        hall_name="政务服务中心",
        theme_name="新生儿出生",
    )
    assert plain.wait_text == "等候时间请留意叫号屏"  # no estimate: not made up
    # The slot adds a line: the raster grows, and still lays out on 58 mm and 80 mm paper.
    for width in (384, 576):
        assert render_ticket(content, width).height > render_ticket(plain, width).height


def _fields(ticket: IssuedTicket) -> dict[str, object]:
    return {name: getattr(ticket, name) for name in IssuedTicket.__dataclass_fields__}


# --- the session ------------------------------------------------------------------------------
def test_a_checked_in_ticket_takes_the_ticket_path(catalog: Catalog) -> None:
    session = KioskSession(catalog, KioskServices(clock=pinned_clock))
    issued: list[IssuedTicket] = []
    session.ticket_form.subscribe("issued", issued.append)
    session.open_check_in()
    assert session.route is Route.CHECK_IN
    for key in "12345678":
        session.check_in.type_key(key)
    session.back()
    assert session.route is Route.HOME
    assert session.check_in.code == ""  # 上一步 leaves the code behind

    session.open_theme("BIRTH")
    session.open_ticket()
    session.open_check_in()
    session.check_in.type_key("1")
    ticket = booked_ticket(theme="birth")  # the hall's configuration spells it in lower case
    session.checked_in(ticket)
    form = session.ticket_form
    assert (form.state, form.ticket, form.theme_code) == (IssueState.ISSUED, ticket, "BIRTH")
    assert form.theme_name == catalog.theme("BIRTH").name
    assert issued == [ticket]
    assert session.check_in.code == ""
    target = session.draft_target()
    assert target is not None
    assert (target.ticket, target.theme) == (ticket, "BIRTH")

    session.reset()
    assert session.check_in.state is CheckInState.EDITING
    assert session.check_in.ticket is None


def test_a_ticket_for_an_unknown_theme_is_named_by_its_queue(catalog: Catalog) -> None:
    session = KioskSession(catalog, KioskServices(clock=pinned_clock))
    session.open_check_in()
    session.checked_in(booked_ticket(theme=None))
    assert session.ticket_form.theme_code is None
    assert session.ticket_form.theme_name == "预约办理"


# --- the pre-scan draft -----------------------------------------------------------------------
@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(tmp_path / "kiosk.sqlite3")
    yield opened  # type: ignore[misc]
    opened.close()


def test_the_draft_command_names_every_page_once() -> None:
    command = draft_command(
        "20240506-A003",
        theme="BIRTH",
        answers={"by_agent": ("self",)},
        materials={"birth_medical_cert": ["a" * 64, "b" * 64], "OTHER": ["a" * 64], "x": []},
    )
    assert (command.method, command.path, command.kind) == (
        "PUT",
        "/tickets/20240506-A003/draft",
        "kiosk_draft",
    )
    assert command.body == {
        "theme": "BIRTH",
        "answers": {"by_agent": ["self"]},
        "materials": {"birth_medical_cert": ["a" * 64, "b" * 64], "OTHER": ["a" * 64]},
        "note": "",
    }
    assert command.pages == ("a" * 64, "b" * 64)


def test_each_material_queues_a_new_version_that_waits_for_its_pages(store: Store) -> None:
    outbox = Sender(store, ApiClient("http://127.0.0.1:9"))  # never started: nothing is sent
    target = DraftTarget(booked_ticket(), "BIRTH", {"by_agent": ("self",)}, "kiosk-7")
    first = store.add_page(b"page one", "image/tiff")
    second = store.add_page(b"page two", "image/jpeg")
    cert = MaterialChoice("birth_medical_cert", "出生医学证明")

    key1 = record_material(store, target, cert, [first], clock=pinned_clock, outbox=outbox)
    key2 = record_material(
        store, target, OTHER_MATERIAL, [second], clock=pinned_clock, outbox=outbox
    )
    again = record_material(store, target, cert, [first], clock=pinned_clock, outbox=outbox)
    assert key1
    assert key2
    assert key1 != key2
    assert again is None  # nothing new: no new version

    entries = store.entries(EntryState.PENDING)
    assert [e.idem_key for e in entries] == [key1, key2]
    assert entries[-1].body == {
        "theme": "BIRTH",
        "answers": {"by_agent": ["self"]},
        "materials": {"birth_medical_cert": [first], "OTHER": [second]},
        "note": "",
    }
    assert store.missing_pages(entries[-1].id) == [first, second]  # the sender uploads first
    local = store.draft(draft_id_for(target.ticket))
    assert local["version"] == 2
    assert local["names"] == {"birth_medical_cert": "出生医学证明", "OTHER": "其他材料"}
    assert local["draft_key"] == key2


def test_the_draft_reads_back_uploads_and_delivery(store: Store) -> None:
    outbox = Sender(store, ApiClient("http://127.0.0.1:9"))
    target = DraftTarget(booked_ticket(), "BIRTH", {}, "kiosk-1")
    page = store.add_page(b"a page", "image/tiff")
    cert = MaterialChoice("birth_medical_cert", "出生医学证明")
    draft = PrescanDraft()
    draft.start([cert, MaterialChoice("birth_medical_cert", "重复")])
    assert [m.code for m in draft.materials] == ["birth_medical_cert", "OTHER"]
    key = record_material(store, target, cert, [page], clock=pinned_clock, outbox=outbox)
    draft.scanned(ScannedMaterial(cert, (page,), "“出生医学证明”已扫描 1 页。", key))
    assert draft.delivery is DraftDelivery.WAITING
    assert not draft.sync(store)  # nothing moved yet
    assert not draft.all_uploaded(cert.code)

    store.mark_page_uploaded(page)
    assert draft.sync(store)
    assert draft.all_uploaded(cert.code)
    assert draft.delivery is DraftDelivery.WAITING
    entry = store.entry_by_key(key or "")
    assert entry is not None
    store.mark_sent(entry.id, 200, {"ticket_id": target.ticket.ticket_id})
    assert draft.sync(store)
    assert draft.delivery is DraftDelivery.DELIVERED

    draft.clear()
    assert (draft.delivery, draft.pages, draft.uploaded) == (DraftDelivery.NONE, {}, frozenset())


def test_a_refused_draft_says_the_servers_words(store: Store) -> None:
    outbox = Sender(store, ApiClient("http://127.0.0.1:9"))
    target = DraftTarget(booked_ticket(), None, {}, "kiosk-1")
    page = store.add_page(b"a page", "image/tiff")
    key = record_material(store, target, OTHER_MATERIAL, [page], clock=pinned_clock, outbox=outbox)
    entry = store.entry_by_key(key or "")
    assert entry is not None
    store.mark_rejected(entry.id, 409, "ticket_closed", "这张号已经办结", "the ticket is closed")
    draft = PrescanDraft()
    draft.start([])
    draft.scanned(ScannedMaterial(OTHER_MATERIAL, (page,), "", key))
    assert draft.sync(store)
    assert (draft.delivery, draft.refusal_zh) == (DraftDelivery.REFUSED, "这张号已经办结")
