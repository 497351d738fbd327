"""Keyboard-wedge readers (ID-card readers, QR scanners that type what they read): a burst of
characters, much faster than a person types, ending in Enter.

`WedgeBuffer` tells such a burst from a person's typing by the gaps between keys: a reader
types a character every few milliseconds, a person every hundred or more. Qt-free; the window
feeds it every key press and acts on what `enter()` returns.
"""

from __future__ import annotations

__all__ = ["WedgeBuffer"]


class WedgeBuffer:
    def __init__(self, *, max_gap_s: float = 0.06, min_length: int = 6) -> None:
        self.max_gap_s = max_gap_s
        self.min_length = min_length
        self._chars: list[str] = []
        self._last: float | None = None

    def key(self, char: str, at: float) -> None:
        """A printable character typed at monotonic time `at`."""
        if self._last is not None and at - self._last > self.max_gap_s:
            self._chars.clear()  # too slow: a person, or the start of a new burst
        self._chars.append(char)
        self._last = at

    def enter(self, at: float) -> str | None:
        """Enter at `at`: the burst if it was one (and long enough), else None."""
        burst = "".join(self._chars)
        fast = self._last is not None and at - self._last <= self.max_gap_s
        self.reset()
        return burst if fast and len(burst) >= self.min_length else None

    def reset(self) -> None:
        self._chars.clear()
        self._last = None
