"""The six notices as PDF, read back with poppler: fields, Chinese text, embedded font, 禁则."""

from __future__ import annotations

import functools
import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from hallcore.case.notices import REQUIRED_FIELDS, Notice, NoticeKind
from printing.linebreak import NO_LINE_START
from printing.notices_pdf import NoticeOptions, fmt_date, fmt_datetime, render_notice
from tests.printing.samples import QR_URL, long_supplement, notice, options

FORBIDDEN_START = "、，。：；？！）」』"


def run(*args: str, data: bytes) -> str:
    return subprocess.run(
        [*args, "-", "-"] if args[0] == "pdftotext" else [*args, "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()


def pdftotext(pdf: bytes, *flags: str) -> str:
    return run("pdftotext", *flags, data=pdf)


def pdffonts(path: Path) -> str:
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout


@functools.cache
def pdf(kind: NoticeKind) -> bytes:
    return render_notice(notice(kind), options(kind))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_texts(n: Notice, name: str, opts: NoticeOptions) -> list[str]:
    """What must be readable in the PDF for the field `name` of the notice."""
    value = getattr(n, name)
    match name:
        case "issued_on" | "accepted_on":
            return [fmt_date(value)]
        case "received_at":
            return [fmt_datetime(value)]
        case "applicant":
            return [value.name, value.id_number]
        case "matter":
            return [value.name] + [f"{code}{item}" for code, item in value.items]
        case "handler":
            return [value.name, value.phone]
        case "materials":
            return [m.name for m in value]
        case "supplement_items":
            return [t for f in value for t in (f.subject_name, f.message_zh, f.standard) if t]
        case "deadlines":
            return [t for d in value for t in (d.label, fmt_date(d.on))]
        case "legal_working_days" | "promised_working_days":
            return [f"{value}个工作日"]
        case "delivery":
            return [value.label]
        case "remedies":
            return [r.text for r in value]
        case "results":
            names = opts.department_names or {}
            return [t for r in value for t in (names.get(r.department, r.department), *r.items)]
        case _:
            assert isinstance(value, str), name
            return [value]


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_every_required_field_reads_back(kind: NoticeKind) -> None:
    n = notice(kind)
    text = squash(pdftotext(pdf(kind), "-raw"))
    assert n.title in text
    for name in sorted(REQUIRED_FIELDS[kind]):
        for piece in expected_texts(n, name, options(kind)):
            assert squash(piece) in text, f"{kind.value}: {name} – {piece!r} not in the PDF"


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_no_line_starts_with_closing_punctuation(kind: NoticeKind) -> None:
    for flags in ((), ("-raw",), ("-layout",)):
        for line in pdftotext(pdf(kind), *flags).splitlines():
            stripped = line.strip()
            assert not (stripped and stripped[0] in FORBIDDEN_START), (kind.value, flags, line)


def test_long_notice_pages_are_numbered_and_no_line_starts_badly(tmp_path: Path) -> None:
    data = render_notice(long_supplement(), options(NoticeKind.SUPPLEMENT))
    text = pdftotext(data)
    pages = text.count("\f")
    assert pages >= 2
    for page in range(1, pages + 1):
        assert f"第{page}页共{pages}页" in squash(text)
    assert "（续）" in text
    # the table header repeats on every page the table runs over
    table_pages = [page for page in text.split("\f") if "组）" in page]
    assert len(table_pages) >= 2
    assert all("补正要求（应符合的标准）" in page for page in table_pages)
    for line in pdftotext(data, "-raw").splitlines():
        assert not (line.strip() and line.strip()[0] in NO_LINE_START), line


def test_one_page_notice_has_no_page_number() -> None:
    text = pdftotext(pdf(NoticeKind.REFUSAL))
    assert text.count("\f") == 1
    assert "第1页" not in squash(text)


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_font_is_embedded_truetype_and_the_only_one(kind: NoticeKind, tmp_path: Path) -> None:
    path = tmp_path / f"{kind.value}.pdf"
    path.write_bytes(pdf(kind))
    rows = pdffonts(path).splitlines()[2:]
    assert rows, "no fonts"
    for row in rows:
        assert "WenQuanYiMicroHei" in row
        assert "TrueType" in row
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_chinese_is_extractable_not_tofu() -> None:
    text = pdftotext(pdf(NoticeKind.ACCEPTANCE))
    assert "受理通知书" in text
    assert "本机关决定予以受理" in squash(text)
    assert "\ufffd" not in text


def test_codes_and_numbers_are_not_split() -> None:
    raw = pdftotext(pdf(NoticeKind.SUPPLEMENT), "-raw")
    lines = raw.splitlines()
    n = notice(NoticeKind.SUPPLEMENT)
    for token in (n.number, n.applicant.id_number, n.handler.phone, "2024年9月27日"):
        assert any(token in line for line in lines), token


def seal_png() -> bytes:
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((5, 5, 195, 195), outline=(200, 0, 0, 255), width=8)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_seal_image_goes_into_its_slot(tmp_path: Path) -> None:
    kind = NoticeKind.ACCEPTANCE
    with_seal = render_notice(notice(kind), NoticeOptions(QR_URL, seal_image=seal_png()))
    path = tmp_path / "sealed.pdf"
    path.write_bytes(with_seal)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    assert len(listing.splitlines()) >= 3  # header, rule, the seal (and its soft mask)
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(pdf(kind))
    listing = subprocess.run(
        ["pdfimages", "-list", str(plain)], capture_output=True, check=True, text=True
    ).stdout
    assert len(listing.splitlines()) == 2  # no image without a seal


def test_rendering_is_deterministic() -> None:
    kind = NoticeKind.PICKUP
    assert render_notice(notice(kind), options(kind)) == pdf(kind)


def test_rare_character_in_a_name_is_refused() -> None:
    n = notice(NoticeKind.ACCEPTANCE)
    odd = replace(n, applicant=replace(n.applicant, name="王𠀀"))
    with pytest.raises(ValueError, match="字体缺少"):
        render_notice(odd, options(NoticeKind.ACCEPTANCE))
