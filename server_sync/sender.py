"""The outbox relay: sends pending commands in order, each with its Idempotency-Key, and keeps
the UI's sync status.

* `Ok` → the row is marked sent with the server's answer (a replayed key returns the first
  answer, so a command whose answer was lost is applied once).
* `Rejected` (the hall server said no) → the row is kept, marked rejected with the server's
  Chinese and English message, `on_rejected` is called, and the next command goes.
* `Failed` (network, timeout, 5xx, garbage) → the row stays at the head and is retried after an
  exponential back-off with jitter; later commands wait, so order is kept.

Commands go in batches (`POST /batch`, up to `batch_size`): the server runs them in order,
each with its own key and roles, and stops at the first that is not accepted; the verdicts of a
whole batch are recorded in one local transaction. Without batching (one command due, or a
server without `/batch`) a command goes on its own, with the same outcomes.

A command that names scanned pages waits until they are uploaded (`PageUploader`, resumable);
a batch ends before such a command. One sender per store: `start()` (or the first send) takes
the store's sender lock and raises `SenderBusy` when another program holds it. Sent and
dismissed rows older than `keep_sent_days` are pruned at start and every hour.

`Sender.start()` runs the loop on its own thread (which owns the HTTP session); `send_step()` /
`send_next()` do one step for callers that drive it themselves. The clock is injected.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Connection

from server_sync.clock import Clock
from server_sync.endpoints import BATCH_LIMIT, Command
from server_sync.sender_lock import SenderLock
from server_sync.store import Answered, EntryState, OutboxEntry, Store
from server_sync.transport import ApiClient, Failed, Ok, Outcome, Rejected, SyncError
from server_sync.uploads import PageUploader

log = logging.getLogger("server_sync.sender")

LOCAL_ERROR = SyncError("local_error", "本机同步出错，稍后自动重试", "local sync error; will retry")
PRUNE_EVERY_SECONDS = 3600.0


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


def _as_recorded(answer: Answered, now: float) -> OutboxEntry:
    """The entry as `Store.record` left it (without reading each row back)."""
    return replace(
        answer.entry,
        state=answer.state,
        attempts=answer.entry.attempts + 1,
        sent_at=now,
        status_code=answer.status_code,
        result=answer.result if answer.state is EntryState.SENT else answer.entry.result,
        error_code=answer.code,
        error_zh=answer.message_zh,
        error_en=answer.message_en,
    )


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
        batch_size: int = BATCH_LIMIT,
        keep_sent_days: float = 14.0,
        uploader: PageUploader | None = None,
    ) -> None:
        if not 1 <= batch_size <= BATCH_LIMIT:
            raise ValueError(f"batch_size must be 1..{BATCH_LIMIT}")
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
        self.batch_size = batch_size
        self.keep_sent_days = keep_sent_days
        self.uploader = uploader or PageUploader(store, client)
        self._batching = True  # off once the server says it has no /batch
        self._batch_limit = batch_size  # halved after a timed-out batch, doubled back after
        self._lock_file = SenderLock(store.path)
        self._pruned_at: float | None = None
        self._refused_pages: set[str] = set()

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

    def rejected(self) -> list[OutboxEntry]:
        """Rejected commands the user has not dealt with yet, oldest first (with the server's
        message in `error_zh` / `error_en`)."""
        return self.store.entries(EntryState.REJECTED)

    def dismiss(self, entry_id: int) -> bool:
        """The user has read the refusal and lets the command go."""
        done = self.store.dismiss(entry_id)
        self._forget_rejection_if_none_left()
        return done

    def resubmit(self, entry_id: int, command: Command) -> OutboxEntry:
        """Send an edited version of a rejected command (a new key; the old one is dismissed)."""
        entry = self.store.resubmit(entry_id, command)
        self._forget_rejection_if_none_left()
        self._wake.set()
        return entry

    def _forget_rejection_if_none_left(self) -> None:
        if self.store.summary().rejected == 0:
            with self._lock:
                if self._error_is_rejection:
                    self._last_error = None
                    self._error_is_rejection = False

    def prune(self) -> int:
        """Forget sent and dismissed commands older than `keep_sent_days`."""
        self._pruned_at = self.clock.now()
        removed = self.store.prune_sent(self.clock.now() - self.keep_sent_days * 86400.0)
        if removed:
            log.info("pruned %s old outbox rows", removed)
        return removed

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
        """One step (`send_step`); returns the first command the server answered (sent or
        rejected), or None when nothing was due or the attempt failed."""
        answered = self.send_step()
        return answered[0] if answered else None

    def send_step(self) -> list[OutboxEntry]:
        """Send the due head — with the commands after it, in one batch, when there are
        several — after uploading the pages it names. Returns the commands the server answered
        (sent or rejected), in order; empty when nothing was due or the attempt failed."""
        self._claim()
        head = self.store.head()
        if head is None or head.next_attempt_at > self.clock.now():
            return []
        waiting = self._upload_pages(head)
        if waiting is not None:
            return waiting
        run = [head]
        # The server's /batch runs POST commands only: a PUT (the kiosk's draft) goes alone.
        if self._batching and self._batch_limit > 1 and head.method == "POST":
            following = self.store.pending_run(self._batch_limit)[1:]
            held_back = self.store.waiting_for_pages([e.id for e in following])
            for entry in following:
                if entry.id in held_back or entry.method != "POST":
                    break  # it waits for its pages, or is not batchable: the batch ends here
                run.append(entry)
        if len(run) == 1:
            outcome = self.client.request(head.method, head.path, head.body, idem_key=head.idem_key)
            return self._settle(run, [outcome])
        envelope = self.client.batch(run)
        if isinstance(envelope, Ok):
            self._batch_limit = min(self.batch_size, self._batch_limit * 2)
            return self._settle(run, envelope.body)
        if isinstance(envelope, Rejected):
            if envelope.status in (404, 405):
                log.info("the server has no batch endpoint: sending one by one")
                self._batching = False
            else:
                log.warning("batch refused (%s): sending the head alone", envelope.error.code)
            single = self.client.request(head.method, head.path, head.body, idem_key=head.idem_key)
            return self._settle([head], [single])
        if envelope.error.code == "timeout":
            # A slow server (a long day's hall, a busy machine): smaller batches answer within
            # the read timeout; what the timed-out one ran is replayed by its keys.
            self._batch_limit = max(1, self._batch_limit // 2)
        self._failed(head, envelope)
        return []

    def _upload_pages(self, head: OutboxEntry) -> list[OutboxEntry] | None:
        """Upload the pages the head names. None: all there, send it; otherwise the step ends
        here — empty after a failure (retried after the back-off), or the head rejected when
        the server refuses one of its pages (its message goes to the user)."""
        for digest in self.store.missing_pages(head.id):
            outcome = self.uploader.upload(digest)
            if isinstance(outcome, Failed):
                self._failed(head, outcome)
                return []
            if isinstance(outcome, Rejected):
                return self._settle([head], [outcome])
        return None

    def _settle(self, run: list[OutboxEntry], outcomes: list[Outcome]) -> list[OutboxEntry]:
        """Record the verdicts of `run` (in order, as far as the server got) in one local
        transaction, then tell the UI. Stops at the first command not accepted."""
        now = self.clock.now()
        answers: list[Answered] = []
        failure: tuple[OutboxEntry, Failed] | None = None
        for entry, outcome in zip(run, outcomes, strict=False):
            if isinstance(outcome, Ok):
                answers.append(Answered(entry, EntryState.SENT, outcome.status, outcome.body))
                continue
            if isinstance(outcome, Rejected):
                error = outcome.error
                answers.append(
                    Answered(
                        entry,
                        EntryState.REJECTED,
                        outcome.status or None,
                        None,
                        error.code,
                        error.message_zh,
                        error.message_en,
                    )
                )
                log.warning("command %s (%s) rejected: %s", entry.id, entry.kind, error.code)
            else:
                failure = (entry, outcome)
            break
        if answers:
            self.store.record(answers)  # one local transaction (one fsync) for the batch
        if failure is not None:
            self._failed(*failure)
        elif not answers:
            return []
        decided = answers
        with self._lock:
            if any(a.status_code for a in decided):  # the server answered (not a local refusal)
                self._online = True
                self._last_success_at = now
            rejections = [a for a in decided if a.state is EntryState.REJECTED]
            if rejections:
                self._last_error = SyncError(
                    rejections[-1].code or "rejected",
                    rejections[-1].message_zh or "",
                    rejections[-1].message_en or "",
                )
                self._error_is_rejection = True
            elif failure is None and not self._error_is_rejection:
                self._last_error = None  # the network problem is over; a refusal stays
        done = [_as_recorded(a, now) for a in decided]
        for entry in done:
            callback = self.on_sent if entry.state is EntryState.SENT else self.on_rejected
            if callback is not None:
                callback(entry)
        return done

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

    def upload_waiting_pages(self) -> int:
        """The upload queue while no command is due: stored pages the server does not have
        yet, oldest first, so they are there before the case that will name them. Stops at the
        first failure (the next idle round resumes it); a page the server refuses is left for
        the command that names it to report. Returns the pages uploaded."""
        uploaded = 0
        for digest in self.store.pages_to_upload():
            if digest in self._refused_pages or self._stop.is_set():
                continue
            outcome = self.uploader.upload(digest)
            if isinstance(outcome, Failed):
                break
            if isinstance(outcome, Rejected):
                self._refused_pages.add(digest)
                continue
            uploaded += 1
        return uploaded

    def run(self) -> None:
        """Loop until `stop()`: send what is due, wait for the next due time or a new command.
        Never raises: a local failure is logged, shown in the status and retried."""
        while not self._stop.is_set():
            try:
                if (
                    self._pruned_at is None
                    or self.clock.now() - self._pruned_at > PRUNE_EVERY_SECONDS
                ):
                    self.prune()
                if self.send_step():
                    continue
                head = self.store.head()
                if head is None:
                    self.upload_waiting_pages()
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
            answered = self.send_step()
            if answered:
                done += len(answered)
                continue
            head = self.store.head()
            if head is None:
                break
            self.clock.wait(self._stop, max(0.0, head.next_attempt_at - self.clock.now()))
            if self._stop.is_set():
                break
        return done

    def _claim(self) -> None:
        """Hold the store's sender lock from the first send on (raises `SenderBusy`)."""
        if not self._lock_file.held:
            self._lock_file.acquire()

    def start(self) -> None:
        """Start the loop on its thread. Raises `SenderBusy` (here, in the caller) when another
        program already sends this store's commands."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._claim()
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="server-sync-sender", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._lock_file.release()
