"""The UVC document camera (高拍仪) through Qt Multimedia — the only module here that uses Qt.

The camera runs at its highest-resolution format (document cameras offer their 5–16 MP modes
as MJPEG at a low frame rate; the default format is usually a small preview). A "scan" is the
next frames off a `QVideoSink` on the capture session, converted to a Pillow image: the same
path then works with a `QVideoFrameInput` (Qt ≥ 6.8) feeding synthetic frames, which is how it
is tested without a camera. The first frames after the camera starts are skipped while its
exposure settles.

Needs a `QGuiApplication`; a scan runs a local event loop in the thread that iterates it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol, TypeVar

from PIL import Image
from PySide6.QtCore import QCoreApplication, QEventLoop, QSize, QTimer
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QCameraFormat,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoFrameInput,
    QVideoSink,
)

from scanning.errors import ErrorCode, ScanError
from scanning.source import DeviceInfo, RawPage, ScanSettings, SourceKind

A4_LANDSCAPE_MM = (297.0, 210.0)


class _FormatLike(Protocol):
    def resolution(self) -> QSize: ...
    def maxFrameRate(self) -> float: ...


F = TypeVar("F", bound=_FormatLike)


def best_still_format(formats: Sequence[F]) -> F | None:
    """The format with the most pixels; among equals, the higher frame rate."""
    if not formats:
        return None
    return max(
        formats,
        key=lambda f: (f.resolution().width() * f.resolution().height(), f.maxFrameRate()),
    )


def qimage_to_pil(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = bytes(rgb.constBits())
    return Image.frombuffer("RGB", (width, height), data, "raw", "RGB", stride, 1).copy()


def _require_app() -> None:
    if QCoreApplication.instance() is None:
        raise ScanError(ErrorCode.UNAVAILABLE, "no QGuiApplication", where="高拍仪")


class _Grabber:
    """Collects frames from a capture session's sink; `next_frame` waits for a fresh one."""

    def __init__(self, session: QMediaCaptureSession) -> None:
        self.sink = QVideoSink()
        session.setVideoSink(self.sink)
        self._frames: list[QVideoFrame] = []
        self._loop: QEventLoop | None = None
        self.sink.videoFrameChanged.connect(self._on_frame)

    def _on_frame(self, frame: QVideoFrame) -> None:
        if frame.isValid():
            self._frames.append(frame)
            if self._loop is not None:
                self._loop.quit()

    def next_frame(self, timeout_ms: int, skip: int = 0) -> QImage:
        self._frames.clear()
        timer = QTimer()
        timer.setSingleShot(True)
        loop = QEventLoop()
        timer.timeout.connect(loop.quit)
        self._loop = loop
        timer.start(timeout_ms)
        try:
            while len(self._frames) <= skip and timer.isActive():
                loop.exec()
        finally:
            self._loop = None
            timer.stop()
        if len(self._frames) <= skip:
            raise ScanError(ErrorCode.TIMEOUT, f"no frame in {timeout_ms} ms", where="高拍仪")
        return self._frames[-1].toImage()


class CameraSource:
    """Document cameras as a scan source. `frame_inputs` adds virtual cameras (tests, demos)."""

    kind = SourceKind.CAMERA

    def __init__(
        self,
        *,
        frame_inputs: Mapping[str, QVideoFrameInput] | None = None,
        field_mm: tuple[float, float] = A4_LANDSCAPE_MM,
        warmup_frames: int = 5,
        timeout_ms: int = 5000,
    ) -> None:
        self.frame_inputs = dict(frame_inputs or {})
        self.field_mm = field_mm  # what the camera sees at its mounted height: sets the dpi
        self.warmup_frames = warmup_frames
        self.timeout_ms = timeout_ms

    def _cameras(self) -> list[QCameraDevice]:
        return list(QMediaDevices.videoInputs())

    @staticmethod
    def _camera_id(device: QCameraDevice) -> str:
        return bytes(device.id().data()).decode("utf-8", "replace")

    def devices(self) -> list[DeviceInfo]:
        _require_app()
        found = [
            DeviceInfo(
                self._camera_id(d),
                self.kind,
                model=d.description(),
                description=_format_label(best_still_format(d.videoFormats())),
            )
            for d in self._cameras()
        ]
        found += [
            DeviceInfo(name, self.kind, model="QVideoFrameInput") for name in self.frame_inputs
        ]
        return found

    def dpi_for(self, width: int, height: int) -> int:
        long_px, long_mm = max(width, height), max(self.field_mm)
        return max(1, round(long_px / (long_mm / 25.4)))

    def scan(self, device: str, settings: ScanSettings) -> Iterator[RawPage]:
        _require_app()
        session = QMediaCaptureSession()
        camera: QCamera | None = None
        skip = 0
        if device in self.frame_inputs:
            session.setVideoFrameInput(self.frame_inputs[device])
        else:
            match = next((d for d in self._cameras() if self._camera_id(d) == device), None)
            if match is None:
                raise ScanError(ErrorCode.DEVICE_GONE, where=device)
            camera = QCamera(match)
            fmt = best_still_format(match.videoFormats())
            if fmt is not None:
                camera.setCameraFormat(fmt)
            session.setCamera(camera)
            skip = self.warmup_frames
        grabber = _Grabber(session)
        try:
            if camera is not None:
                camera.start()
                if camera.error() != QCamera.Error.NoError:
                    raise ScanError(ErrorCode.DEVICE_IO, camera.errorString(), where=device)
            for index in range(settings.max_pages or 1):
                frame = grabber.next_frame(self.timeout_ms, skip if index == 0 else 0)
                if frame.isNull():
                    raise ScanError(ErrorCode.DEVICE_IO, "empty frame", where=device)
                image = qimage_to_pil(frame)
                if not settings.color:
                    image = image.convert("L")
                dpi = self.dpi_for(image.width, image.height)
                yield RawPage(image, dpi, f"camera:{device}", index)
        finally:
            if camera is not None:
                camera.stop()
            grabber.sink.videoFrameChanged.disconnect(grabber._on_frame)


def _format_label(fmt: QCameraFormat | None) -> str:
    if fmt is None:
        return ""
    size = fmt.resolution()
    return f"{size.width()}×{size.height()} @ {fmt.maxFrameRate():g} fps"
