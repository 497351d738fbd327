"""The ticket: one raster for the preview and the printer, decoded back from the Dummy bytes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PIL import Image

from printing.escpos_output import PrinterConfig, text_ticket_bytes, ticket_bytes
from printing.ticket_layout import TicketContent, TicketContentError, render_ticket
from printing.ticket_printer import TicketPrinter
from tests.printing.escpos_decode import decode, stitch

CONTENT = TicketContent(
    hall_name="句容市政务服务中心",
    theme_name="新生儿出生“一件事”",
    ticket_number="A012",
    people_ahead=3,
    wait_minutes=15,
    windows=("1", "2", "5"),
    issued_at=dt.datetime(2024, 9, 27, 9, 30),
    status_url="https://zwfw.example.gov.cn/q/t7Kx9pQ2",
)


@pytest.mark.parametrize("width", [384, 576])
def test_raster_is_paper_wide_one_bit_and_repeatable(width: int) -> None:
    image = render_ticket(CONTENT, width)
    assert image.mode == "1"
    assert image.width == width
    assert 400 < image.height < 2 * width + 400
    assert image.tobytes() == render_ticket(CONTENT, width).tobytes()
    # ink on the page, white margins at the sides
    assert image.getbbox() is not None
    left = image.crop((0, 0, 4, image.height))
    assert left.getextrema() == (255, 255)


@pytest.mark.parametrize(
    ("width", "profile", "cut"),
    [(576, "TM-T20II", b"V"), (384, "POS-5890", None), (512, "TM-T88III", b"V")],
)
def test_dummy_bytes_decode_to_the_preview_bit_for_bit(
    width: int, profile: str, cut: bytes | None
) -> None:
    config = PrinterConfig(paper_width=width, profile=profile)
    job = TicketPrinter(config).prepare(CONTENT)
    commands = decode(job.data)
    names = [c.name for c in commands]
    assert names[0] == "ESC @"
    assert "text" not in names, "no stray text bytes"
    assert set(names) <= {"ESC @", "GS v 0", "ESC d", "GS V"}
    for c in commands:
        if c.name == "GS v 0":
            assert c.payload[1] + 256 * c.payload[2] == width // 8  # bytes per row
            assert c.payload[3] + 256 * c.payload[4] <= 960  # band height
    if cut is None:  # the 58 mm profile has no cutter: feed to the tear bar, no cut command
        assert "GS V" not in names
        assert names[-1] == "ESC d"
    else:
        assert names[-1] == "GS V"
        assert names.index("GS V") > max(i for i, n in enumerate(names) if n == "GS v 0")
    printed = stitch(commands)
    assert printed.size == job.preview.size
    assert printed.tobytes() == job.preview.tobytes()


def test_cutter_forced_on_a_profile_without_one() -> None:
    config = PrinterConfig(paper_width=384, profile="POS-5890", cutter=True)
    commands = decode(ticket_bytes(render_ticket(CONTENT, 384), config))
    assert commands[-1].name == "GS V"
    assert commands[-1].payload == bytes((66, 0))


def test_long_ticket_is_sent_in_bands() -> None:
    tall = Image.new("1", (576, 2000), 1)
    tall.paste(0, (100, 1500, 200, 1600))
    data = ticket_bytes(tall, PrinterConfig(paper_width=576))
    commands = decode(data)
    assert [c.payload[3] + 256 * c.payload[4] for c in commands if c.name == "GS v 0"] == [
        960,
        960,
        80,
    ]
    assert stitch(commands).tobytes() == tall.tobytes()


def test_text_mode_enters_chinese_mode_and_encodes_gb18030_itself() -> None:
    config = PrinterConfig(paper_width=576, mode="text")
    data = text_ticket_bytes(CONTENT, config)
    commands = decode(data)
    names = [c.name for c in commands]
    assert names[:2] == ["ESC @", "FS &"]
    assert "FS ." in names
    assert names.index("FS .") > names.index("FS &")
    assert names[-1] == "GS V"
    text = b"".join(c.payload for c in commands if c.name == "text")
    for line in (CONTENT.hall_name, CONTENT.theme_name, "取号时间：2024-09-27 09:30"):
        assert line.encode("gb18030") in text
    # full-width punctuation survives (python-escpos's own path turns it into "?")
    assert "，".encode("gb18030") in text
    assert b"?" not in text
    # the big number is sized with GS ! (4 x 4), which scales Chinese too
    assert any(c.name == "GS !" and c.payload == b"\x33" for c in commands)
    # the QR code is a raster
    assert "GS v 0" in names


def test_text_mode_falls_back_to_raster_for_unencodable_lines() -> None:
    config = PrinterConfig(paper_width=384, mode="text", encoding="big5")
    content = replace(CONTENT, hall_name="句容市政务服务中心")  # 务 is not in Big5
    commands = decode(text_ticket_bytes(content, config))
    text = b"".join(c.payload for c in commands if c.name == "text")
    assert "句容市".encode("big5") not in text
    assert sum(c.name == "GS v 0" for c in commands) >= 2  # the hall line and the QR code


@pytest.mark.parametrize(
    "field",
    [
        {"theme_name": "张三 110101198503121239"},
        {"privacy_line": "联系 13812345678"},
        {"status_url": "https://x.example/q/110101198503121239"},
    ],
)
def test_ticket_refuses_personal_data(field: dict[str, str]) -> None:
    with pytest.raises(TicketContentError, match="证件号码或手机号"):
        replace(CONTENT, **field)  # type: ignore[arg-type]


def test_wait_wording() -> None:
    assert "前面还有 3 人等候" in CONTENT.printed_text()
    assert "预计等候约 15 分钟" in CONTENT.printed_text()
    none_ahead = replace(CONTENT, people_ahead=0, wait_minutes=0)
    assert "前面没有人等候" in none_ahead.printed_text()
    assert replace(CONTENT, windows=("综合窗口",)).windows_text == "综合窗口"


def test_width_must_be_a_paper_width() -> None:
    with pytest.raises(TicketContentError, match="纸宽"):
        render_ticket(CONTENT, 400)


def test_glyph_missing_is_reported() -> None:
    with pytest.raises(TicketContentError, match="字体缺少"):
        render_ticket(replace(CONTENT, theme_name="𠀀"), 384)
