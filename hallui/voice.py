"""Voice guidance on QTextToSpeech: announcements queue up and never overlap or cut each other.

`VoiceGuide.say(text)` appends to a queue; the next text is spoken only when the engine reports
that the previous one has finished (`Ready` after `Speaking`). An engine error skips to the next
text, so the queue never stalls. `clear_pending()` drops what has not started yet (a new person
at the kiosk does not need the last person's prompts) without cutting the sentence in progress.

Engines (ecosystem.md §4): ``speechd`` on Linux, ``sapi``/``winrt`` on Windows, ``mock`` in
tests. A Chinese voice is picked by locale, or by name (espeak-ng's Mandarin voices report the
locale "C"). A missing engine is logged once and the guide goes quiet instead of failing.

Signals:
    started(str): a text began to be spoken.
    finished(str): a text was spoken to its end (or failed and was skipped).
    idle(): the queue is empty and nothing is being spoken.
"""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QLocale, QObject, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech

__all__ = ["VoiceGuide"]

log = logging.getLogger("onewindow.voice")

_CHINESE_NAMES = ("chinese", "mandarin", "huihui", "yaoyao", "kangkang", "xiaoxiao", "普通话")


class VoiceGuide(QObject):
    started = Signal(str)
    finished = Signal(str)
    idle = Signal()

    def __init__(
        self, engine: str | None = None, parent: QObject | None = None, *, enabled: bool = True
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.history: list[str] = []  # every text started, in order (bounded)
        self._queue: deque[str] = deque()
        self._current: str | None = None
        self._speech = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        self._speech.stateChanged.connect(self._state_changed)
        self._speech.errorOccurred.connect(self._error)
        if self._speech.state() is QTextToSpeech.State.Error:
            log.warning("text-to-speech engine %r unavailable: voice guidance off", engine)
            self.enabled = False
        else:
            self._pick_chinese_voice()

    @property
    def engine(self) -> str:
        return self._speech.engine()

    @property
    def speaking(self) -> str | None:
        return self._current

    @property
    def pending(self) -> tuple[str, ...]:
        return tuple(self._queue)

    def say(self, text: str) -> None:
        text = text.strip()
        if not self.enabled or not text:
            return
        if text == self._current or (self._queue and self._queue[-1] == text):
            return  # a double tap does not make the kiosk repeat itself
        self._queue.append(text)
        if self._current is None:
            self._next()

    def clear_pending(self) -> None:
        self._queue.clear()

    def set_rate(self, rate: float) -> None:
        """-1.0 (slow) … 1.0 (fast); the elder mode speaks a little slower."""
        self._speech.setRate(rate)

    def _pick_chinese_voice(self) -> None:
        china = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if china in self._speech.availableLocales():
            self._speech.setLocale(china)
            return
        for voice in self._speech.availableVoices():
            if voice.locale().language() == QLocale.Language.Chinese or any(
                hint in voice.name().lower() for hint in _CHINESE_NAMES
            ):
                self._speech.setVoice(voice)
                return
        log.info("no Chinese voice on engine %s; using its default", self._speech.engine())

    def _next(self) -> None:
        if not self._queue:
            self._current = None
            self.idle.emit()
            return
        self._current = self._queue.popleft()
        self.history.append(self._current)
        del self.history[:-200]
        log.debug("speaking: %s", self._current)
        self.started.emit(self._current)
        self._speech.say(self._current)

    @Slot(QTextToSpeech.State)
    def _state_changed(self, state: QTextToSpeech.State) -> None:
        if state is QTextToSpeech.State.Ready and self._current is not None:
            done, self._current = self._current, None
            self.finished.emit(done)
            self._next()

    @Slot(QTextToSpeech.ErrorReason, str)
    def _error(self, reason: QTextToSpeech.ErrorReason, message: str) -> None:
        log.warning("speech failed (%s): %s", reason, message)
        if self._current is not None:
            done, self._current = self._current, None
            self.finished.emit(done)
            self._next()
