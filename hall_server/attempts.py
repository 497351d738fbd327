"""Counting failed guesses (the appointment check-in's guessing defence).

`AttemptLimiter` keeps, per caller (hall and device or user), the instants of its recent
failures: from the `limit`-th failure within `window` the caller is refused until the oldest of
them ages out. It lives in memory, in this process: a restart forgets, and behind several server
processes each one counts its own — which is enough against a keypad: an 8-digit code leaves
10⁸ guesses, five every ten minutes. A success does not clear the count (a caller who knows one
code could otherwise interleave it with guesses). Instants come from the server's clock, so the
tests move time rather than sleep.
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime, timedelta


class AttemptLimiter:
    def __init__(self, limit: int = 5, window: timedelta = timedelta(minutes=10)) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[tuple[str, str], deque[datetime]] = {}
        self._lock = threading.Lock()

    def retry_after(self, who: tuple[str, str], now: datetime) -> int | None:
        """Seconds until `who` may try again, or None when it may now."""
        with self._lock:
            recent = self._prune(who, now)
            if len(recent) < self.limit:
                return None
            wait = recent[-self.limit] + self.window - now
            return max(1, int(wait.total_seconds() + 0.999))

    def failed(self, who: tuple[str, str], now: datetime) -> None:
        with self._lock:
            self._prune(who, now)
            self._failures.setdefault(who, deque()).append(now)

    def _prune(self, who: tuple[str, str], now: datetime) -> deque[datetime]:
        """`who`'s failures within the window (a caller with none holds no memory)."""
        recent = self._failures.get(who)
        if recent is None:
            return deque()
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if not recent:
            del self._failures[who]
        return recent
