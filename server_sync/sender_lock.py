"""One sender per store, enforced across processes: an exclusive OS lock on `<store>.sender.lock`.

Two senders on one outbox would both send the head; the Idempotency-Key keeps the server
right, but the local rows would race (one marks a command sent while the other records its
retry) and the order guarantee would be gone. The lock is an advisory OS lock (`flock` on POSIX,
`msvcrt.locking` on Windows) held while the sender runs; the OS drops it when the process dies,
so a terminal killed mid-send restarts without waiting for a lease to expire.
"""

from __future__ import annotations

import os
import sys
import weakref
from pathlib import Path
from typing import IO, Any


class SenderBusy(RuntimeError):
    """Another sender (in this or another program) already sends this store's commands."""

    message_zh = "本终端的待发送操作已由另一个程序在发送，请勿同时打开两次"
    message_en = "another program is already sending this store's commands; do not run it twice"

    def __init__(self, path: Path) -> None:
        super().__init__(f"{self.message_zh} / {self.message_en} ({path.name})")


def lock_path_for(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".sender.lock")


class SenderLock:
    def __init__(self, store_path: Path) -> None:
        self.path = lock_path_for(store_path)
        self._file: IO[bytes] | None = None
        self._finalizer: Any = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> None:
        """Take the lock now or raise `SenderBusy` (never waits)."""
        if self._file is not None:
            return
        handle = self.path.open("a+b")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise SenderBusy(self.path) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())  # for a person wondering who holds it
        handle.flush()
        self._file = handle
        # A sender dropped without stop(): close (and so unlock) when it is collected.
        self._finalizer = weakref.finalize(self, handle.close)

    def release(self) -> None:
        if self._file is None:
            return
        try:
            _unlock(self._file)
        finally:
            if self._finalizer is not None:
                self._finalizer.detach()
            self._file.close()
            self._file = None


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
