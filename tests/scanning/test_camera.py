"""The document camera path, fed with synthetic frames through QVideoFrameInput (Qt ≥ 6.8)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
QtMultimedia = pytest.importorskip("PySide6.QtMultimedia")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QSize, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage  # noqa: E402

from scanning.camera import CameraSource, best_still_format, qimage_to_pil  # noqa: E402
from scanning.errors import ErrorCode, ScanError  # noqa: E402
from scanning.processing import process_page  # noqa: E402
from scanning.source import ScanSettings, ScanSource  # noqa: E402
from scanning.synthetic import PageSpec, make_page  # noqa: E402


@pytest.fixture(scope="module")
def app() -> QGuiApplication:
    instance = QGuiApplication.instance() or QGuiApplication([])
    assert isinstance(instance, QGuiApplication)
    return instance


def to_qimage(image: Image.Image) -> QImage:
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888).copy()


@dataclass
class Fmt:
    w: int
    h: int
    fps: float

    def resolution(self) -> QSize:
        return QSize(self.w, self.h)

    def maxFrameRate(self) -> float:  # Qt's name
        return self.fps


def test_best_still_format_is_the_largest() -> None:
    formats = [Fmt(640, 480, 30), Fmt(3264, 2448, 5), Fmt(1920, 1080, 30), Fmt(3264, 2448, 10)]
    assert best_still_format(formats) == Fmt(3264, 2448, 10)
    assert best_still_format([]) is None


def test_camera_source_is_a_scan_source() -> None:
    assert isinstance(CameraSource(), ScanSource)


def test_frames_fed_through_qvideoframeinput_become_pages(app: QGuiApplication) -> None:
    frame_input = QtMultimedia.QVideoFrameInput()
    source = CameraSource(frame_inputs={"virtual": frame_input}, timeout_ms=3000)
    assert "virtual" in [d.name for d in source.devices()]
    # A 高拍仪 frame: an A4 page lying skewed on a dark desk, 150 dpi-ish.
    page = make_page(PageSpec(dpi=120, angle=-3.0, background=50, seed=1))
    frame = QtMultimedia.QVideoFrame(to_qimage(page))
    QTimer.singleShot(20, lambda: frame_input.sendVideoFrame(frame))
    [raw] = list(source.scan("virtual", ScanSettings()))
    assert raw.image.size == page.size
    assert raw.source == "camera:virtual"
    assert raw.dpi == source.dpi_for(*page.size)
    # the pixels survived the trip through Qt
    assert raw.image.getpixel((5, 5)) == page.getpixel((5, 5))
    processed = process_page(raw.image, raw.dpi)
    assert abs(processed.skew + 3.0) < 0.3
    assert not processed.blank


def test_no_frame_is_a_timeout(app: QGuiApplication) -> None:
    source = CameraSource(frame_inputs={"silent": QtMultimedia.QVideoFrameInput()}, timeout_ms=100)
    with pytest.raises(ScanError) as caught:
        list(source.scan("silent", ScanSettings()))
    assert caught.value.code is ErrorCode.TIMEOUT


def test_unknown_camera_is_gone(app: QGuiApplication) -> None:
    with pytest.raises(ScanError) as caught:
        list(CameraSource().scan("no-such-camera", ScanSettings()))
    assert caught.value.code is ErrorCode.DEVICE_GONE


def test_qimage_round_trip() -> None:
    image = Image.new("RGB", (33, 17), (10, 200, 30))  # odd width: padded scan lines
    assert qimage_to_pil(to_qimage(image)).tobytes() == image.tobytes()
