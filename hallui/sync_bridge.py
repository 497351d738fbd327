"""The Qt bridge to server_sync: the live feed and the outbox's status as signals on the UI thread.

server_sync is Qt-free and calls back on its own threads (the feed's reader, the sender's loop).
`SyncBridge` turns those callbacks into Qt signals; Qt queues a signal emitted from another
thread to the receiver's thread, so every slot connected in a view runs on the UI thread and may
touch widgets. The status is polled once a second as well (a pending command ages without any
callback) and emitted only when it changed, so an idle terminal does not repaint for nothing.

    bridge = SyncBridge(feed=feed, sender=sender, parent=window)
    bridge.event_received.connect(view.apply_event)
    bridge.snapshot_replaced.connect(view.replace_all)
    bridge.status_changed.connect(indicator.show_status)
    bridge.start()   # starts the feed's and the sender's threads
    ...
    bridge.stop()    # joins them (call from closeEvent / aboutToQuit)
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from server_sync import EventFeed, HallEvent, OutboxEntry, Sender, Snapshot, SyncError, SyncStatus

__all__ = ["SyncBridge"]

log = logging.getLogger("onewindow.ui.sync")

#: The oldest pending command's age is shown in whole seconds; finer changes are not news.
_AGE_STEP_SECONDS = 1.0


class SyncBridge(QObject):
    """Signals (all delivered on the thread that owns the bridge — the UI thread):

    event_received(HallEvent): one live event, in sequence order.
    snapshot_replaced(Snapshot): the whole hall; replace what is shown, don't merge.
    online_changed(bool, object): the feed reached the server or lost it (SyncError or None).
    status_changed(SyncStatus): online, pending commands, oldest age, rejected, last error.
    command_sent(OutboxEntry) / command_rejected(OutboxEntry): the outbox's verdicts.
    """

    event_received = Signal(object)
    snapshot_replaced = Signal(object)
    online_changed = Signal(bool, object)
    status_changed = Signal(object)
    command_sent = Signal(object)
    command_rejected = Signal(object)

    def __init__(
        self,
        *,
        feed: EventFeed | None = None,
        sender: Sender | None = None,
        parent: QObject | None = None,
        poll_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self.feed = feed
        self.outbox = sender
        self._online: bool | None = None
        self._last_error: SyncError | None = None
        self._last_status: SyncStatus | None = None
        self._started = False
        if feed is not None:
            # Called on the feed's thread: only emit here, never touch widgets.
            feed.on_event = self.event_received.emit
            feed.on_snapshot = self.snapshot_replaced.emit
            feed.on_online = self._feed_online
        if sender is not None:
            sender.on_sent = self.command_sent.emit
            sender.on_rejected = self.command_rejected.emit
        self.online_changed.connect(self._refresh_after_online)
        self.command_sent.connect(self.refresh_status)
        self.command_rejected.connect(self.refresh_status)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.refresh_status)

    def _feed_online(self, online: bool, error: SyncError | None) -> None:
        if self.outbox is not None:
            self.outbox.note_online(online, error)
        self.online_changed.emit(online, error)

    @Slot(bool, object)
    def _refresh_after_online(self, online: bool, error: object) -> None:
        self._online = online
        if isinstance(error, SyncError):
            self._last_error = error
        self.refresh_status()

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        if self.feed is not None:
            self.feed.start()
        if self.outbox is not None:
            self.outbox.start()
        self._timer.start()
        self.refresh_status()

    def stop(self) -> None:
        """Stop polling and join the worker threads (they stop promptly: both wait on events)."""
        self._timer.stop()
        if not self._started:
            return
        self._started = False
        if self.feed is not None:
            self.feed.stop()
        if self.outbox is not None:
            self.outbox.stop()

    def status(self) -> SyncStatus:
        """The status now (reads the local store: cheap, no network)."""
        if self.outbox is not None:
            status = self.outbox.status()
            if status.online is None and self._online is not None:
                status = replace(status, online=self._online)
            return status
        return SyncStatus(
            online=self._online,
            pending=0,
            oldest_pending_age=None,
            rejected=0,
            last_error=self._last_error,
            last_success_at=None,
        )

    @Slot()
    @Slot(object)
    def refresh_status(self, *_: object) -> None:
        status = self.status()
        if _same_for_display(status, self._last_status):
            return
        self._last_status = status
        self.status_changed.emit(status)

    @property
    def last_status(self) -> SyncStatus | None:
        return self._last_status


def _same_for_display(a: SyncStatus, b: SyncStatus | None) -> bool:
    if b is None:
        return False

    def age(s: SyncStatus) -> int | None:
        if s.oldest_pending_age is None:
            return None
        return int(s.oldest_pending_age // _AGE_STEP_SECONDS)

    return (
        a.online == b.online
        and a.pending == b.pending
        and a.rejected == b.rejected
        and a.last_error == b.last_error
        and age(a) == age(b)
    )


# Kept importable for type hints in views without importing server_sync themselves.
BridgeItem = HallEvent | Snapshot | OutboxEntry
