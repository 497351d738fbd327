"""The outbox relay: sends pending commands in order, each with its Idempotency-Key, and keeps
the UI's sync status.

* `Ok` → the row is marked sent with the server's answer (a replayed key returns the first
  answer, so a command whose answer was lost is applied once).
* `Rejected` (the hall server said no) → the row is kept, marked rejected with the server's
  Chinese and English message, `on_rejected` is called, and the next command goes.
* `Failed` (network, timeout, 5xx, garbage) → the row stays at the head and is retried after an
  exponential back-off with jitter; later commands wait, so order is kept.

`Sender.start()` runs the loop on its own thread (which owns the HTTP session); `send_next()`
does one step for callers that drive it themselves. The clock is injected.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from server_sync.clock import Clock
from server_sync.endpoints import Command
from server_sync.store import OutboxEntry, Store
from server_sync.transport import ApiClient, Failed, Ok, Rejected, SyncError

log = logging.getLogger("server_sync.sender")

LOCAL_ERROR = SyncError("local_error", "本机同步出错，稍后自动重试", "local sync error; will retry")


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before attempt n+1 after n failures: `base * factor**(n-1)`, capped, minus up to
    `jitter` of itself at random (so a hall full of kiosks does not retry in step)."""

    base: float = 0.5
    factor: float = 2.0
    cap: float = 60.0
    jitter: float = 0.5

    def delay(self, failures: int, rng: random.Random) -> float:
        raw = min(self.cap, self.base * self.factor ** max(0, failures - 1))
        return raw * (1.0 - self.jitter * rng.random())


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the UI shows. `online` is None until the server has been tried."""

    online: bool | None
    pending: int
    oldest_pending_age: float | None
    rejected: int
    last_error: SyncError | None
    last_success_at: float | None


class Sender:
    def __init__(
        self,
        store: Store,
        client: ApiClient,
        *,
        clock: Clock | None = None,
        backoff: Backoff | None = None,
        rng: random.Random | None = None,
        on_sent: Callable[[OutboxEntry], None] | None = None,
        on_rejected: Callable[[OutboxEntry], None] | None = None,
        idle_seconds: float = 30.0,
    ) -> None:
        self.store = store
        self.client = client
        self.clock: Clock = clock or store.clock
        self.backoff = backoff or Backoff()
        self.rng = rng or random.Random()
        self.on_sent = on_sent
        self.on_rejected = on_rejected
        self.idle_seconds = idle_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._online: bool | None = None
        self._last_error: SyncError | None = None
        self._error_is_rejection = False
        self._last_success_at: float | None = None

    # --- what the UI calls -----------------------------------------------------------------

    def submit(self, command: Command, *, tx: Connection | None = None) -> OutboxEntry:
        """Record the command (in `tx` if given, with the caller's own writes) and wake the
        loop. Once this returns (or `tx` commits) the command is safe on disk."""
        entry = self.store.enqueue(command, tx=tx)
        self._wake.set()
        return entry

    def wake(self) -> None:
        self._wake.set()

    def retry_now(self) -> None:
        """Forget the back-off (the user pressed 重试, or the feed saw the server again)."""
        head = self.store.head()
        if head is not None:
            self.store.mark_due(head.id, self.clock.now())
        self._wake.set()

    def status(self) -> SyncStatus:
        summary = self.store.summary()
        age = (
            None
            if summary.oldest_created_at is None
            else max(0.0, self.clock.now() - summary.oldest_created_at)
        )
        with self._lock:
            return SyncStatus(
                online=self._online,
                pending=summary.count,
                oldest_pending_age=age,
                rejected=summary.rejected,
                last_error=self._last_error,
                last_success_at=self._last_success_at,
            )

    def note_online(self, online: bool, error: SyncError | None = None) -> None:
        """Another part of the client (the live feed) reached the server, or failed to."""
        with self._lock:
            was = self._online
            self._online = online
            if error is not None:
                self._last_error = error
        if online and was is False:
            self.retry_now()

    # --- the loop --------------------------------------------------------------------------

    def send_next(self) -> OutboxEntry | None:
        """Send the head command if it is due. Returns it (in its new state) when the server
        answered — sent or rejected; None when nothing was due or the attempt failed."""
        head = self.store.head()
        if head is None or head.next_attempt_at > self.clock.now():
            return None
        outcome = self.client.request(head.method, head.path, head.body, idem_key=head.idem_key)
        if isinstance(outcome, Ok):
            self.store.mark_sent(head.id, outcome.status, outcome.body)
            with self._lock:
                self._online = True
                self._last_success_at = self.clock.now()
                if not self._error_is_rejection:
                    self._last_error = None  # the network problem is over; a refusal stays
            done = self.store.entry(head.id)
            if done is not None and self.on_sent is not None:
                self.on_sent(done)
            return done
        if isinstance(outcome, Rejected):
            error = outcome.error
            self.store.mark_rejected(
                head.id, outcome.status, error.code, error.message_zh, error.message_en
            )
            log.warning("command %s (%s) rejected: %s", head.id, head.kind, error.code)
            with self._lock:
                self._online = True
                self._last_error = error
                self._error_is_rejection = True
            done = self.store.entry(head.id)
            if done is not None and self.on_rejected is not None:
                self.on_rejected(done)
            return done
        self._failed(head, outcome)
        return None

    def _failed(self, head: OutboxEntry, outcome: Failed) -> None:
        delay = self.backoff.delay(head.attempts + 1, self.rng)
        error = outcome.error
        self.store.mark_retry(
            head.id, self.clock.now() + delay, error.code, error.message_zh, error.message_en
        )
        log.info(
            "command %s (%s) attempt %s failed: %s; retry in %.2fs",
            head.id,
            head.kind,
            head.attempts + 1,
            error.code,
            delay,
        )
        with self._lock:
            if error.code in ("network", "timeout"):
                self._online = False
            self._last_error = error
            self._error_is_rejection = False

    def run(self) -> None:
        """Loop until `stop()`: send what is due, wait for the next due time or a new command.
        Never raises: a local failure is logged, shown in the status and retried."""
        while not self._stop.is_set():
            try:
                if self.send_next() is not None:
                    continue
                head = self.store.head()
                delay = (
                    self.idle_seconds
                    if head is None
                    else max(0.0, head.next_attempt_at - self.clock.now())
                )
            except Exception:  # never let the sync thread die
                log.exception("sync loop error")
                with self._lock:
                    self._last_error = LOCAL_ERROR
                delay = self.backoff.cap / 10
            if delay > 0 and not self._stop.is_set():
                self.clock.wait(self._wake, delay)
            self._wake.clear()

    def drain(self, *, max_steps: int = 1_000_000) -> int:
        """Send until nothing is pending (waiting out back-offs on the clock); for tools and
        tests. Returns the number of commands that reached the server. Bounded by `max_steps`."""
        done = 0
        for _ in range(max_steps):
            if self.send_next() is not None:
                done += 1
                continue
            head = self.store.head()
            if head is None:
                break
            self.clock.wait(self._stop, max(0.0, head.next_attempt_at - self.clock.now()))
            if self._stop.is_set():
                break
        return done

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="server-sync-sender", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
