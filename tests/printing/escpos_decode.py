"""Decode the ESC/POS bytes the ticket printer writes, to check them command by command."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

ESC, GS, FS = 0x1B, 0x1D, 0x1C


@dataclass(frozen=True)
class Command:
    name: str  # "ESC @", "GS v 0", "ESC d", "GS V", "GS !", "ESC a", "FS &", "FS .", "text"
    payload: bytes = b""


def decode(data: bytes) -> list[Command]:
    """Split `data` into commands; bytes outside a known command become "text" runs."""
    out: list[Command] = []
    text = bytearray()
    i = 0

    def flush() -> None:
        if text:
            out.append(Command("text", bytes(text)))
            text.clear()

    while i < len(data):
        b = data[i]
        two = data[i : i + 2]
        if two == bytes((ESC, ord("@"))):
            flush()
            out.append(Command("ESC @"))
            i += 2
        elif data[i : i + 3] == bytes((GS, ord("v"), ord("0"))):
            flush()
            xl, xh, yl, yh = data[i + 4 : i + 8]
            width_bytes, height = xl + 256 * xh, yl + 256 * yh
            end = i + 8 + width_bytes * height
            assert end <= len(data), "GS v 0 runs past the end of the data"
            out.append(Command("GS v 0", data[i + 3 : end]))
            i = end
        elif two in (bytes((ESC, ord("d"))), bytes((ESC, ord("a"))), bytes((GS, ord("!")))):
            flush()
            name = {b"\x1bd": "ESC d", b"\x1ba": "ESC a", b"\x1d!": "GS !"}[two]
            out.append(Command(name, data[i + 2 : i + 3]))
            i += 3
        elif two == bytes((GS, ord("V"))):
            flush()
            m = data[i + 2]
            size = 4 if m in (65, 66) else 3
            out.append(Command("GS V", data[i + 2 : i + size]))
            i += size
        elif two in (bytes((FS, ord("&"))), bytes((FS, ord(".")))):
            flush()
            out.append(Command("FS &" if two[1] == ord("&") else "FS ."))
            i += 2
        else:
            text.append(b)
            i += 1
    flush()
    return out


def raster(command: Command) -> Image.Image:
    """A ``GS v 0`` command's bitmap as a mode "1" image in print polarity (1 = dot = black)."""
    m, xl, xh, yl, yh = command.payload[:5]
    assert m == 0, "normal density expected"
    width, height = (xl + 256 * xh) * 8, yl + 256 * yh
    return Image.frombytes("1", (width, height), command.payload[5:])


def stitch(commands: list[Command]) -> Image.Image:
    """All ``GS v 0`` bands stacked, converted to preview polarity (0 = black)."""
    bands = [raster(c) for c in commands if c.name == "GS v 0"]
    width = bands[0].width
    image = Image.new("1", (width, sum(b.height for b in bands)))
    y = 0
    for band in bands:
        assert band.width == width
        image.paste(band, (0, y))
        y += band.height
    return Image.frombytes("1", image.size, bytes(b ^ 0xFF for b in image.tobytes()))
