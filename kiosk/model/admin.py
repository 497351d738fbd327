"""The hidden admin exit: a quick tap sequence in a corner, then a PIN.

`CornerTaps` counts taps in the hidden corner; `taps` taps, each within `within_s` seconds of
the first, complete the sequence (a slower tap starts over). `PinCheck` compares the entered PIN
in constant time and locks out for `lockout_s` after `max_attempts` wrong ones.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable

__all__ = ["CornerTaps", "PinCheck"]


class CornerTaps:
    def __init__(
        self, taps: int = 5, within_s: float = 3.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.taps = taps
        self.within_s = within_s
        self.clock = clock
        self._times: list[float] = []

    def tap(self) -> bool:
        """Record a tap; True when it completes the sequence (which then starts over)."""
        now = self.clock()
        self._times = [t for t in self._times if now - t <= self.within_s]
        self._times.append(now)
        if len(self._times) >= self.taps:
            self._times.clear()
            return True
        return False


class PinCheck:
    def __init__(
        self,
        pin: str,
        max_attempts: int = 3,
        lockout_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not pin.isdigit() or len(pin) < 4:
            raise ValueError("the admin PIN must be at least 4 digits")
        self._pin = pin.encode()
        self.max_attempts = max_attempts
        self.lockout_s = lockout_s
        self.clock = clock
        self._failures = 0
        self._locked_until = 0.0

    @property
    def locked(self) -> bool:
        return self.clock() < self._locked_until

    def check(self, entered: str) -> bool:
        if self.locked:
            return False
        if hmac.compare_digest(entered.strip().encode(), self._pin):
            self._failures = 0
            return True
        self._failures += 1
        if self._failures >= self.max_attempts:
            self._failures = 0
            self._locked_until = self.clock() + self.lockout_s
        return False
