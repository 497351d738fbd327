"""Deskew, crop, blank-page drop, mode choice and compression on synthetic pages."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scanning.processing import (
    ColorMode,
    ProcessOptions,
    estimate_skew,
    ink_ratio,
    normalise,
    process_page,
)
from scanning.synthetic import PageSpec, make_page, page_size

DPI = 200


def small(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L").reduce(2))


@pytest.mark.parametrize(
    ("angle", "background"),
    [(0.0, None), (0.4, None), (-1.7, None), (3.5, None), (-6.25, 60), (9.8, 90), (-13.0, None)],
)
def test_deskew_error_is_under_0_3_degrees(angle: float, background: int | None) -> None:
    page = make_page(PageSpec(seed=round(angle * 10) % 7, angle=angle, background=background))
    assert abs(estimate_skew(small(page)) - angle) < 0.3


CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian fonts-wqy-microhei


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK system font")
def test_deskew_works_on_real_chinese_text() -> None:
    page = make_page(PageSpec(angle=-2.4, lines=20, font=CJK_FONT))
    assert abs(estimate_skew(small(page)) + 2.4) < 0.3


def test_skewed_page_on_a_dark_desk_is_straightened_and_cropped_to_the_page() -> None:
    page = make_page(PageSpec(angle=4.2, background=55, seed=2))
    result = process_page(page, DPI)
    width, height = page_size(DPI)
    assert abs(result.skew - 4.2) < 0.3
    # The crop is the A4 page (within a few pixels), not the whole camera frame.
    assert abs(result.width - width) <= 12
    assert abs(result.height - height) <= 12
    out = Image.open(io.BytesIO(result.data)).convert("L")
    border = np.concatenate([np.asarray(out)[:3].ravel(), np.asarray(out)[-3:].ravel()])
    assert border.mean() > 200  # no dark desk left along the edges


def test_page_filling_the_frame_is_not_cropped() -> None:
    page = make_page(PageSpec())
    result = process_page(page, DPI)
    assert (result.width, result.height) == page.size


@pytest.mark.parametrize(
    "spec",
    [
        PageSpec(lines=0),
        PageSpec(lines=0, dust=400, seed=1),
        PageSpec(lines=0, show_through=True, seed=2),
        PageSpec(lines=0, gradient=70, dust=100, seed=3),
        PageSpec(lines=0, background=50, angle=2.0, dust=50, seed=4),
    ],
    ids=["white", "dust", "show-through", "uneven-light", "on-desk"],
)
def test_blank_and_near_blank_pages_are_blank(spec: PageSpec) -> None:
    result = process_page(make_page(spec), DPI)
    assert result.blank, result.ink_ratio


@pytest.mark.parametrize(
    "spec",
    [PageSpec(lines=1, chars_per_line=6), PageSpec(lines=40), PageSpec(lines=2, gradient=70)],
    ids=["one-short-line", "full-page", "two-lines-uneven-light"],
)
def test_pages_with_little_text_are_kept(spec: PageSpec) -> None:
    result = process_page(make_page(spec), DPI)
    assert not result.blank, result.ink_ratio


def test_ink_ratio_of_white_is_zero() -> None:
    assert ink_ratio(np.full((1170, 827), 245, dtype=np.uint8)) == 0.0


def test_text_page_goes_bilevel_g4_and_stays_small() -> None:
    result = process_page(make_page(PageSpec(angle=1.3)), DPI)
    assert result.mode is ColorMode.BILEVEL
    assert result.mime == "image/tiff"
    assert len(result.data) < 150_000
    stored = Image.open(io.BytesIO(result.data))
    assert stored.mode == "1"
    assert stored.info["compression"] == "group4"
    assert stored.info["dpi"] == pytest.approx((DPI, DPI))


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK system font")
def test_real_chinese_text_page_goes_bilevel_and_stays_small() -> None:
    result = process_page(make_page(PageSpec(angle=1.2, font=CJK_FONT)), DPI)
    assert result.mode is ColorMode.BILEVEL
    assert len(result.data) < 150_000


@pytest.mark.skipif(not CJK_FONT.exists(), reason="no CJK system font")
def test_text_under_uneven_light_goes_bilevel_without_black_patches() -> None:
    result = process_page(make_page(PageSpec(gradient=70, font=CJK_FONT)), DPI)
    assert result.mode is ColorMode.BILEVEL
    stored = np.asarray(Image.open(io.BytesIO(result.data)).convert("L"))
    assert stored[-300:-150].mean() > 200  # the darker bottom of the page is still paper


def test_red_seal_keeps_colour() -> None:
    result = process_page(make_page(PageSpec(seal=True)), DPI)
    assert result.mode is ColorMode.COLOR
    assert Image.open(io.BytesIO(result.data)).mode == "RGB"


def test_photo_like_page_goes_grey() -> None:
    gradient = Image.linear_gradient("L").resize(page_size(DPI)).convert("RGB")
    result = process_page(gradient, DPI)
    assert result.mode is ColorMode.GRAY
    assert result.mime == "image/jpeg"


def test_forced_mode_and_no_processing() -> None:
    page = make_page(PageSpec(angle=2.0))
    options = ProcessOptions(deskew=False, crop=False, mode=ColorMode.GRAY)
    result = process_page(page, DPI, options)
    assert (result.skew, result.mode, result.width) == (0.0, ColorMode.GRAY, page.width)


def test_sha256_is_of_the_stored_bytes_and_processing_is_deterministic() -> None:
    page = make_page(PageSpec(angle=-0.8, seed=5))
    first, second = process_page(page, DPI), process_page(page, DPI)
    assert first.sha256 == hashlib.sha256(first.data).hexdigest()
    assert first == second


@pytest.mark.parametrize("mode", ["RGBA", "P", "I;16", "1", "CMYK", "LA"])
def test_normalise_handles_every_decoded_mode(mode: str) -> None:
    image = Image.new("RGB", (40, 30), (200, 50, 50)).convert(mode)
    assert normalise(image).mode in ("RGB", "L")
