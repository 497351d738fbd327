"""File import: PDF, JPEG, PNG and TIFF (multi-page included) as a scan source.

PDFs are rasterised in-process with pypdfium2 (PDFium, the engine in Chrome): it ships as wheels
for Linux and Windows, so the hall PCs need no poppler install and no subprocess; it reports a
password-protected file as a distinct error code; and the page size is known before rendering, so
an oversized page is refused before any memory is spent. PDFium is not thread-safe, so all calls
go through one lock.

Untrusted files are checked before decoding: empty files, unknown formats, images whose header
claims more than `MAX_PIXELS` (a decompression bomb) are refused without decoding a pixel.
Each failure is a `ScanError` naming the file; a batch of files is imported file by file
(`import_files`), so one bad file never affects the others.
"""

from __future__ import annotations

import itertools
import re
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps, UnidentifiedImageError

from scanning.errors import ErrorCode, ScanError
from scanning.processing import normalise
from scanning.source import BatchResult, DeviceInfo, RawPage, ScanSettings, SourceKind, collect

MAX_PIXELS = 80_000_000  # an A3 page at 600 dpi is 70 MP; a bomb is far beyond
IMAGE_FORMATS = ("JPEG", "PNG", "TIFF")
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*")
_PDFIUM_LOCK = threading.Lock()
_PDFIUM_PASSWORD_ERROR = 4


def read_file(path: Path, *, dpi: int = 200, max_pixels: int = MAX_PIXELS) -> Iterator[RawPage]:
    """Yield the pages of one file; raise `ScanError` (naming the file) when it is unusable."""
    where = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError as error:
        raise ScanError(ErrorCode.FILE_NOT_FOUND, str(path), where=where) from error
    except OSError as error:
        raise ScanError(ErrorCode.CORRUPT, str(error), where=where) from error
    if not head:
        raise ScanError(ErrorCode.EMPTY_FILE, where=where)
    if head.startswith(b"%PDF"):
        yield from _read_pdf(path, dpi, max_pixels)
    else:
        yield from _read_image(path, head, dpi, max_pixels)


def _too_large(where: str, width: float, height: float, max_pixels: int) -> ScanError:
    megapixels = width * height / 1e6
    return ScanError(
        ErrorCode.TOO_LARGE,
        f"{int(width)}×{int(height)} = {megapixels:.0f} MP > {max_pixels / 1e6:.0f} MP",
        where=where,
    )


def _image_dpi(image: Image.Image, fallback: int) -> int:
    value = image.info.get("dpi")
    try:
        dpi = round(float(value[0])) if value else 0
    except (TypeError, ValueError, IndexError):
        dpi = 0
    return dpi if 50 <= dpi <= 2400 else fallback


def _read_image(path: Path, head: bytes, dpi: int, max_pixels: int) -> Iterator[RawPage]:
    where = path.name
    try:
        with warnings.catch_warnings():
            # Our own, lower limit applies below; Pillow's warning must not escape.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path, formats=IMAGE_FORMATS)
    except Image.DecompressionBombError as error:
        pixels = re.search(r"\((\d+) pixels\)", str(error))
        if pixels is None:
            raise ScanError(ErrorCode.TOO_LARGE, str(error), where=where) from error
        megapixels = int(pixels.group(1)) / 1e6
        detail = f"{megapixels:.0f} MP > {max_pixels / 1e6:.0f} MP"
        raise ScanError(ErrorCode.TOO_LARGE, detail, where=where) from error
    except UnidentifiedImageError as error:
        # A file that starts like a JPEG, PNG or TIFF but cannot be read is damaged, not foreign.
        code = ErrorCode.CORRUPT if head.startswith(_IMAGE_MAGIC) else ErrorCode.NOT_AN_IMAGE
        raise ScanError(code, where=where) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise _decode_error(error, where) from error
    with image:
        for index in itertools.count():
            label = f"{where} 第{index + 1}页"
            try:
                with warnings.catch_warnings():
                    # libtiff also *warns* about damage it then raises for; the error is enough.
                    # (catch_warnings is process-wide: a warning elsewhere may be lost meanwhile.)
                    warnings.simplefilter("ignore")
                    image.seek(index)
            except EOFError:
                return  # no more frames
            except Exception as error:  # an untrusted decoder may raise anything
                raise _decode_error(error, label) from error
            if image.width * image.height > max_pixels:
                raise _too_large(label, image.width, image.height, max_pixels)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    image.load()
                page = normalise(ImageOps.exif_transpose(image))
                page = page.copy() if page is image else page
            except Exception as error:  # an untrusted decoder may raise anything
                raise _decode_error(error, label) from error
            yield RawPage(page, _image_dpi(image, dpi), f"file:{path.name}#{index + 1}", index)


def _decode_error(error: BaseException, where: str) -> ScanError:
    text = str(error)
    if "truncated" in text or isinstance(error, EOFError):
        return ScanError(ErrorCode.TRUNCATED, text, where=where)
    if "too large" in text.lower():  # PNG text chunks over Pillow's limit
        return ScanError(ErrorCode.TOO_LARGE, text, where=where)
    return ScanError(ErrorCode.CORRUPT, text, where=where)


def _read_pdf(path: Path, dpi: int, max_pixels: int) -> Iterator[RawPage]:
    where = path.name
    scale = dpi / 72
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as error:
            code = getattr(error, "err_code", None)
            if code == _PDFIUM_PASSWORD_ERROR:
                raise ScanError(ErrorCode.ENCRYPTED, where=where) from error
            raise ScanError(ErrorCode.CORRUPT, str(error), where=where) from error
        count = len(document)
    try:
        if count == 0:
            raise ScanError(ErrorCode.CORRUPT, "0 pages", where=where)
        for index in range(count):
            label = f"{where} 第{index + 1}页"
            with _PDFIUM_LOCK:
                try:
                    page = document[index]
                    width, height = (side * scale for side in page.get_size())
                    if width * height > max_pixels:
                        raise _too_large(label, width, height, max_pixels)
                    bitmap = page.render(scale=scale)
                    image = normalise(bitmap.to_pil()).copy()
                except pdfium.PdfiumError as error:
                    raise ScanError(ErrorCode.CORRUPT, str(error), where=label) from error
            yield RawPage(image, dpi, f"file:{path.name}#{index + 1}", index)
    finally:
        with _PDFIUM_LOCK:
            document.close()


class FileSource:
    """Files as a scan source: each file is a "device"; scanning it yields its pages."""

    kind = SourceKind.FILE

    def __init__(self, paths: Sequence[Path], *, max_pixels: int = MAX_PIXELS) -> None:
        self.paths = [Path(path) for path in paths]
        self.max_pixels = max_pixels

    def devices(self) -> list[DeviceInfo]:
        return [
            DeviceInfo(
                str(path), self.kind, model=path.suffix.lstrip(".").upper(), description=path.name
            )
            for path in self.paths
        ]

    def scan(self, device: str, settings: ScanSettings) -> Iterator[RawPage]:
        pages = read_file(Path(device), dpi=settings.dpi, max_pixels=self.max_pixels)
        for count, page in enumerate(pages, start=1):
            yield page
            if settings.max_pages is not None and count >= settings.max_pages:
                return


def import_files(
    paths: Sequence[Path],
    *,
    clock: Callable[[], datetime],
    settings: ScanSettings | None = None,
    max_pixels: int = MAX_PIXELS,
) -> list[tuple[Path, BatchResult]]:
    """Import each file as its own batch: a bad file gets its error, the others their pages."""
    source = FileSource(paths, max_pixels=max_pixels)
    settings = settings or ScanSettings()
    return [(path, collect(source, str(path), settings, clock=clock)) for path in source.paths]
