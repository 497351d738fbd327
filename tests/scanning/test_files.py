"""File import: PDF, JPEG, PNG, TIFF (multi-page), and every kind of bad file."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import img2pdf
import pikepdf
import pytest
from PIL import Image

from scanning.errors import ErrorCode, ScanError
from scanning.files import FileSource, import_files, read_file
from scanning.source import RawPage, ScanSource

GRID = Image.new("RGB", (300, 420), (250, 250, 250))
for x in range(0, 300, 30):
    GRID.paste((20, 20, 20), (x, 0, x + 3, 420))


def jpeg(path: Path, dpi: int = 300) -> Path:
    GRID.save(path, "JPEG", dpi=(dpi, dpi))
    return path


def pdf(path: Path, pages: int = 2) -> Path:
    frames = []
    for index in range(pages):
        image = path.with_name(f"frame{index}.jpg")
        frames.append(jpeg(image, dpi=150).read_bytes())
    path.write_bytes(img2pdf.convert(frames, engine=img2pdf.Engine.internal))
    return path


def bomb_png(path: Path, width: int = 20_000, height: int = 10_000) -> Path:
    """A 200-megapixel PNG header with almost no data: decoding it would take 600 MB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\0" * 1000)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    path.write_bytes(data)
    return path


def pages_of(path: Path, **kwargs: int) -> list[Image.Image]:
    return [page.image for page in read_file(path, **kwargs)]


def test_file_source_is_a_scan_source() -> None:
    assert isinstance(FileSource([]), ScanSource)


def test_jpeg_keeps_its_dpi(tmp_path: Path) -> None:
    [page] = list(read_file(jpeg(tmp_path / "a.jpg")))
    assert page.image.size == (300, 420)
    assert page.dpi == 300
    assert page.source == "file:a.jpg#1"


def test_png_with_alpha_lands_on_white(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(path)
    [image] = pages_of(path)
    assert image.mode == "RGB"
    assert image.getpixel((10, 10)) == (255, 255, 255)


def test_multi_page_tiff(tmp_path: Path) -> None:
    path = tmp_path / "a.tiff"
    frames = [GRID, GRID.convert("L"), GRID.convert("1")]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw")
    images = pages_of(path)
    assert len(images) == 3
    assert [im.mode for im in images] == ["RGB", "L", "L"]


def test_pdf_is_rasterised_at_the_asked_dpi(tmp_path: Path) -> None:
    path = pdf(tmp_path / "two.pdf")
    pages = list(read_file(path, dpi=100))
    assert len(pages) == 2
    # a 300 x 420 px page embedded at 150 dpi is 2 x 2.8 inches
    width, height = pages[0].image.size
    assert (width, abs(height - 280) <= 1) == (200, True)
    assert pages[1].source == "file:two.pdf#2"


def error_of(path: Path, **kwargs: int) -> ScanError:
    with pytest.raises(ScanError) as caught:
        list(read_file(path, **kwargs))
    return caught.value


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    error = error_of(path)
    assert error.code is ErrorCode.EMPTY_FILE
    assert str(error).startswith("empty.jpg：文件是空的（empty.jpg: the file is empty）")


def test_missing_file(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.png").code is ErrorCode.FILE_NOT_FOUND


def test_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("这不是图片")
    assert error_of(path).code is ErrorCode.NOT_AN_IMAGE


def test_other_image_formats_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.gif"
    GRID.save(path, "GIF")
    assert error_of(path).code is ErrorCode.NOT_AN_IMAGE


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF"])
def test_truncated_image(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"cut.{fmt.lower()}"
    GRID.save(path, fmt)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    error = error_of(path)
    assert error.code in (ErrorCode.TRUNCATED, ErrorCode.CORRUPT)
    assert "cut." in str(error)


def test_corrupt_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "bad.jpg"
    data = bytearray(jpeg(tmp_path / "ok.jpg").read_bytes())
    data[200:400] = b"\xff" * 200  # garbage inside the entropy-coded data and tables
    path.write_bytes(bytes(data))
    error = error_of(path)
    assert error.code in (ErrorCode.CORRUPT, ErrorCode.TRUNCATED)


def test_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    data = pdf(tmp_path / "whole.pdf").read_bytes()
    path.write_bytes(data[: len(data) // 3])
    assert error_of(path).code is ErrorCode.CORRUPT


def test_garbage_pdf(tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a pdf\n")
    assert error_of(path).code is ErrorCode.CORRUPT


def test_password_protected_pdf(tmp_path: Path) -> None:
    plain = pdf(tmp_path / "plain.pdf")
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(plain) as document:
        document.save(locked, encryption=pikepdf.Encryption(owner="o", user="secret"))
    error = error_of(locked)
    assert error.code is ErrorCode.ENCRYPTED
    assert "PDF 文件设有密码" in str(error)
    assert "password-protected" in str(error)


def test_200_megapixel_image_is_refused_without_decoding(tmp_path: Path) -> None:
    error = error_of(bomb_png(tmp_path / "bomb.png"))
    assert error.code is ErrorCode.TOO_LARGE
    assert "200 MP" in str(error)
    assert "疑似恶意文件" in str(error)


def test_image_between_our_limit_and_pillows_is_refused_too(tmp_path: Path) -> None:
    # 100 MP: Pillow would only warn; our limit (80 MP) refuses it.
    error = error_of(bomb_png(tmp_path / "big.png", 10_000, 10_000))
    assert error.code is ErrorCode.TOO_LARGE


def test_huge_pdf_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "poster.pdf"
    document = pikepdf.new()
    document.add_blank_page(page_size=(14_400, 14_400))  # 5 m square, the PDF maximum
    document.save(path)
    assert error_of(path, dpi=200).code is ErrorCode.TOO_LARGE


def test_one_bad_file_does_not_affect_the_others(
    tmp_path: Path, clock: Callable[[], datetime]
) -> None:
    good = jpeg(tmp_path / "good.jpg")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    bomb = bomb_png(tmp_path / "bomb.png")
    two = pdf(tmp_path / "two.pdf")
    results = dict(import_files([good, empty, bomb, two], clock=clock))
    assert len(results[good].pages) == 1
    assert results[good].ok
    assert results[empty].error is not None
    assert results[empty].error.code is ErrorCode.EMPTY_FILE
    assert results[bomb].error is not None
    assert results[bomb].error.code is ErrorCode.TOO_LARGE
    assert len(results[two].pages) == 2
    assert results[two].ok


def test_bad_page_in_a_multi_page_tiff_keeps_the_pages_before(tmp_path: Path) -> None:
    path = tmp_path / "three.tiff"
    GRID.save(path, save_all=True, append_images=[GRID, GRID])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3 + 100])
    kept: list[RawPage] = []
    pages = read_file(path)
    with pytest.raises(ScanError) as caught:
        kept.extend(pages)
    assert len(kept) in (1, 2)
    assert "第" in str(caught.value)
