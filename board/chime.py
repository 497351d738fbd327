"""The chime before every announcement: a short two-note "ding-dong" that needs no speech engine.

The sound is `resources/sounds/chime.wav`, made by `chime_wav()` with the `wave` module (44.1 kHz,
16-bit mono, two decaying sine notes with a few harmonics, like a hall's bell); the shipped file
is exactly what the function makes, and a test keeps them the same. Regenerate with
``python -m board.chime``.

`Chime` plays it through QtMultimedia's `QSoundEffect`, which does not go near text-to-speech:
a board without any TTS engine still rings (queue_anchors.md §7.6: FQM lost its chime together
with its TTS). With no audio output at all (a test box, an unplugged TV) it logs once and keeps
the pace anyway, so the announcements behind it still come one after another.

Signals:
    rang(): the chime was started (or would have been, without an audio output).
"""

from __future__ import annotations

import io
import logging
import math
import struct
import sys
import wave
from contextlib import ExitStack
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

from hallui.resources import as_path

__all__ = ["CHIME_RESOURCE", "Chime", "chime_wav", "wav_duration_ms"]

log = logging.getLogger("onewindow.board.voice")

CHIME_RESOURCE = "sounds/chime.wav"
_RATE = 44_100
#: (frequency Hz, start s, length s): E5 then C5, the usual two-note hall bell.
_NOTES = ((659.26, 0.0, 0.55), (523.25, 0.42, 0.75))


def chime_wav() -> bytes:
    """The chime as WAV bytes (deterministic: the same bytes on every machine)."""
    total = int(_RATE * max(start + length for _, start, length in _NOTES))
    samples = [0.0] * total
    for frequency, start, length in _NOTES:
        first = int(start * _RATE)
        for i in range(int(length * _RATE)):
            t = i / _RATE
            attack = min(1.0, t / 0.008)  # no click at the start
            envelope = attack * math.exp(-4.5 * t / length)
            tone = (
                math.sin(2 * math.pi * frequency * t)
                + 0.35 * math.sin(2 * math.pi * 2 * frequency * t)
                + 0.12 * math.sin(2 * math.pi * 3 * frequency * t)
            )
            samples[first + i] += 0.42 * envelope * tone
    peak = max(abs(s) for s in samples) or 1.0
    scale = 0.8 * 32767 / peak
    frames = b"".join(struct.pack("<h", round(s * scale)) for s in samples)
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(_RATE)
        wav.writeframes(frames)
    return out.getvalue()


def wav_duration_ms(data: bytes) -> int:
    with wave.open(io.BytesIO(data), "rb") as wav:
        return round(wav.getnframes() * 1000 / wav.getframerate())


class Chime(QObject):
    rang = Signal()

    def __init__(self, parent: QObject | None = None, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.rings = 0
        self._files = ExitStack()
        path = self._files.enter_context(as_path(CHIME_RESOURCE))
        self.duration_ms = wav_duration_ms(path.read_bytes())
        self._effect: QSoundEffect | None = None
        if enabled and QMediaDevices.audioOutputs():
            self._effect = QSoundEffect(self)
            self._effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effect.setVolume(0.9)
        elif enabled:
            log.warning("no audio output: the chime is silent (announcements keep their pace)")

    @property
    def audible(self) -> bool:
        return self._effect is not None

    def ring(self) -> int:
        """Start the chime; returns how long it lasts (ms), audible or not."""
        if not self.enabled:
            return 0
        self.rings += 1
        if self._effect is not None:
            self._effect.play()
        self.rang.emit()
        return self.duration_ms

    def close(self) -> None:
        if self._effect is not None:
            self._effect.stop()
        self._files.close()


if __name__ == "__main__":  # pragma: no cover - the one-off generator
    target = Path(__file__).resolve().parents[1] / "resources" / CHIME_RESOURCE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(chime_wav())
    sys.stdout.write(f"wrote {target} ({wav_duration_ms(target.read_bytes())} ms)\n")
