"""Line breaking (禁则, codes kept whole) and the bundled font (TrueType outlines, coverage)."""

from __future__ import annotations

from fontTools.ttLib import TTCollection

from hallcore.case.notices import NoticeKind
from printing.fonts import FACE_INDEX, font_path, missing_glyphs
from printing.linebreak import NO_LINE_END, NO_LINE_START, break_lines, tokens
from printing.notices_pdf import render_notice
from printing.ticket_layout import DEFAULT_PRIVACY_LINE
from tests.printing.samples import long_supplement, notice, options
from tests.printing.test_notices_pdf import pdftotext
from tests.printing.test_ticket_output import CONTENT

TEXT = (
    "你（单位）于2024年9月27日 09:30提交的“新生儿出生”申请材料，经审查，申请材料不齐全"
    "或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，"
    "现一次性告知：请携带身份证、户口簿；咨询电话0511-87266630！统一社会信用代码"
    "91110108553387129Q。「容缺」『承诺』？"
)


def width(text: str) -> float:
    return sum(1.0 if ord(ch) < 0x2E80 else 2.0 for ch in text)


def test_no_line_starts_with_closing_punctuation_at_any_width() -> None:
    for limit in range(8, 80):
        lines = break_lines(TEXT, limit, width)
        assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (limit, line)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (limit, line)


def test_lines_fit_except_an_unbreakable_piece() -> None:
    for limit in range(20, 80):
        for line in break_lines(TEXT, limit, width):
            assert width(line) <= limit + 2, (limit, line)  # one hanging mark at most


def test_codes_numbers_and_dates_stay_whole() -> None:
    assert "0511-87266630" in tokens(TEXT)
    assert "91110108553387129Q" in tokens(TEXT)
    assert "09:30" in tokens(TEXT)
    for limit in range(20, 80):
        joined = "\n".join(break_lines(TEXT, limit, width))
        for code in ("0511-87266630", "91110108553387129Q", "2024", "09:30"):
            assert code in joined, (limit, code)


def test_a_code_longer_than_the_line_is_split_rather_than_lost() -> None:
    lines = break_lines("网址https://zwfw.example.gov.cn/p/7Kx9pQ2m", 12, width)
    assert "".join(lines) == "网址https://zwfw.example.gov.cn/p/7Kx9pQ2m"
    assert all(width(line) <= 12 for line in lines)


def test_first_line_indent_and_newlines() -> None:
    lines = break_lines("一二三四五六七八\n九十", 4, width, first_indent=2)
    assert lines == ["一", "二三", "四五", "六七", "八", "九", "十"]
    assert break_lines("", 10, width) == [""]


def test_bundled_font_has_truetype_outlines() -> None:
    font = TTCollection(str(font_path())).fonts[FACE_INDEX]
    assert "glyf" in font, "reportlab can only embed TrueType (glyf) outlines"
    assert "CFF " not in font
    assert font["name"].getDebugName(1) == "WenQuanYi Micro Hei"


def test_bundled_font_covers_everything_we_print() -> None:
    font = TTCollection(str(font_path())).fonts[FACE_INDEX]
    cmap = font.getBestCmap()
    notices = [render_notice(notice(k), options(k)) for k in NoticeKind]
    notices.append(render_notice(long_supplement(), options(NoticeKind.SUPPLEMENT)))
    wording = "".join(pdftotext(pdf) for pdf in notices) + DEFAULT_PRIVACY_LINE + TEXT
    wording += CONTENT.printed_text() + "前面没有人等候，请留意叫号预计很快叫到您"
    uncovered = {ch for ch in wording if not ch.isspace() and ord(ch) not in cmap}
    assert not uncovered
    assert missing_glyphs(wording) == ""
    assert missing_glyphs("王𠀀") == "𠀀"


def test_licence_ships_with_the_font() -> None:
    folder = font_path().parent
    assert "Apache License" in (folder / "LICENSE-Apache-2.0.txt").read_text()
    copyright_text = (folder / "COPYRIGHT-wqy-microhei.txt").read_text()
    assert "Apache-2.0 or GPL-3+ with Font exception" in copyright_text
    assert font_path().stat().st_size < 6_000_000
