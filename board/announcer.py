"""Announcements: chime, then "请A零一二号到三号窗口办理" (twice by default), one call at a time.

`Announcer.announce(call)` queues a call. The queue is played strictly in order: the chime rings
(`board.chime.Chime`, independent of speech), after its length the text goes to the shared
`hallui.voice.VoiceGuide`, and the next call starts only when the guide reports the text
finished — so two calls never overlap and never cut each other (novosga #78). A guide that
never answers (a hung speech daemon) is given up on after a generous bound, so the queue cannot
stall; without any voice the chime alone marks each call.

A stale call (`Call.fresh` false: a catch-up after the board was offline) is not queued. The
same call already waiting in the queue is not queued twice; a recall after it was spoken is.

Signals:
    announcing(str): the spoken text of the call that starts now (after its chime).
    done(str): that text was spoken (or given up on).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from board.chime import Chime
from board.model import Call, spoken_text
from hallui.voice import VoiceGuide

__all__ = ["Announcer"]

log = logging.getLogger("onewindow.board.voice")

#: A spoken announcement that has not finished after this long is given up on.
_SPEECH_BOUND_MS = 30_000
#: Silence between two announcements, so they do not run into each other.
_GAP_MS = 400


@dataclass(frozen=True, slots=True)
class _Item:
    number: str
    window: int
    text: str


class Announcer(QObject):
    announcing = Signal(str)
    done = Signal(str)

    def __init__(
        self,
        chime: Chime,
        voice: VoiceGuide | None,
        *,
        repeats: int = 2,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.chime = chime
        self.voice = voice if voice is not None and voice.enabled else None
        self.repeats = max(1, repeats)
        self.spoken: list[str] = []  # every text handed to the voice, in order (bounded)
        self.skipped_stale = 0
        self._queue: deque[_Item] = deque()
        self._current: _Item | None = None
        self._after_chime = _single_shot(self, self._speak)
        self._bound = _single_shot(self, self._give_up)
        self._gap = _single_shot(self, self._next)
        if self.voice is not None:
            self.voice.finished.connect(self._voice_finished)

    @property
    def busy(self) -> bool:
        return self._current is not None or bool(self._queue) or self._gap.isActive()

    @property
    def pending(self) -> int:
        return len(self._queue)

    def announce(self, call: Call) -> None:
        if not call.fresh:
            self.skipped_stale += 1
            log.info("call at window %s is a catch-up: shown, not announced", call.window)
            return
        item = _Item(call.number, call.window, spoken_text(call, self.repeats))
        if any(queued.text == item.text for queued in self._queue):
            return  # a double press at the desk does not make the hall hear it three times
        self._queue.append(item)
        if self._current is None and not self._gap.isActive():
            self._next()

    def clear(self) -> None:
        """Drop what has not started yet (the board is closing)."""
        self._queue.clear()

    def _next(self) -> None:
        if self._current is not None or not self._queue:
            return
        self._current = self._queue.popleft()
        self._after_chime.start(self.chime.ring())

    @Slot()
    def _speak(self) -> None:
        item = self._current
        if item is None:
            return
        self.spoken.append(item.text)
        del self.spoken[:-200]
        self.announcing.emit(item.text)
        if self.voice is None:
            self._finish()
            return
        self._bound.start(_SPEECH_BOUND_MS)
        self.voice.say(item.text)

    @Slot(str)
    def _voice_finished(self, text: str) -> None:
        if self._current is not None and text == self._current.text:
            self._finish()

    @Slot()
    def _give_up(self) -> None:
        log.warning("speech did not finish in %s s; going on", _SPEECH_BOUND_MS // 1000)
        self._finish()

    def _finish(self) -> None:
        self._bound.stop()
        item, self._current = self._current, None
        if item is not None:
            self.done.emit(item.text)
        self._gap.start(_GAP_MS)


def _single_shot(parent: QObject, slot: object) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.timeout.connect(slot)
    return timer
