"""The queue panel's model (Qt-free): waiting counts for the queues this window serves, the
window's current ticket and its parked ones, and the window actions.

How each action reaches the server:

* **Call next and call specific go direct**, on the worker thread, not through the outbox. The
  clerk must see *which* ticket was called before saying anything to anyone, and a call kept in
  an outbox while the network is down would fire later and announce a number to a window the
  clerk may have left. So a call either happens now or visibly fails. Its Idempotency-Key is
  kept until the server answers, so pressing again after a timeout re-asks the same call (the
  server replays it) instead of calling a second ticket.
* **Everything else** (recall, start, no-show, transfer, park, resume, finish, pause, unpause)
  goes through the outbox: recorded locally first, sent in order with retries, and shown as a
  pending sync until it is. The panel updates at once (optimistically) and is corrected by the
  next refresh.

The panel stays live from the event feed: any queue event schedules one refresh (`GET /tickets`
and `GET /snapshot`); refreshes never overlap, a second request while one runs is coalesced.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

from desk_client.model.context import DeskContext, ServerRefused, server_error
from hallui.observable import Observable
from server_sync import Command, Ok, Rejected, endpoints
from server_sync.feed import HallEvent
from server_sync.transport import SyncError

__all__ = ["QueueAction", "QueueCount", "QueuePanelModel"]

log = logging.getLogger("onewindow.desk.queue")


OUTBOX_WAIT_SECONDS = 10.0
UNSENT = SyncError(
    "unsent", "上一步操作尚未同步到服务器，请稍后再叫号", "earlier window actions are not sent yet"
)


@dataclass(frozen=True, slots=True)
class QueueCount:
    code: str
    prefix: str
    name_zh: str
    waiting: int


@dataclass(frozen=True, slots=True)
class QueueAction:
    """One button of the panel: its key, its label and whether it applies now."""

    name: str
    key: str
    label: str
    enabled: bool


class QueuePanelModel(Observable):
    """Events:

    changed(): counts, current ticket, window state or busy flag changed.
    called(dict): a call-next / call-specific answered with this ticket.
    message(str): something to tell the clerk (refusals, nothing waiting) in Chinese.
    """

    EVENTS = ("changed", "called", "message")

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.counts: list[QueueCount] = []
        self.current: dict[str, Any] | None = None
        self.parked: list[dict[str, Any]] = []
        self.waiting: list[dict[str, Any]] = []
        self.window_state = "idle"
        self.window_state_zh = "空闲"
        self.pause_reason: str | None = None
        self.calling = False
        self._call_key: str | None = None
        self._refreshing = False
        self._refresh_again = False
        self.refreshes = 0

    # --- reading -------------------------------------------------------------------------

    @property
    def window(self) -> int:
        assert self.ctx.window is not None, "no window chosen"
        return self.ctx.window

    def refresh(self) -> None:
        """Fetch tickets and windows off the UI thread (coalesced)."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True

        def work() -> tuple[list[dict[str, Any]], dict[str, Any]]:
            tickets = self.ctx.get(endpoints.TICKETS, limit=5000)
            snapshot = self.ctx.get(endpoints.SNAPSHOT)
            # Commands still in the outbox are not on the server yet: the panel's own
            # (optimistic) view of this window is newer than the answer.
            snapshot = {**snapshot, "_unsent": self.ctx.store.summary().count}
            return tickets, snapshot

        self.ctx.run(work, self._refreshed, self._refresh_failed)

    def _refreshed(self, answer: tuple[list[dict[str, Any]], dict[str, Any]]) -> None:
        tickets, snapshot = answer
        self.refreshes += 1
        self._apply(tickets, snapshot)
        self._refresh_done()

    def _refresh_failed(self, error: BaseException) -> None:
        self._emit("message", f"刷新排队信息失败：{server_error(error)}")
        self._refresh_done()

    def _refresh_done(self) -> None:
        self._refreshing = False
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def _apply(self, tickets: list[dict[str, Any]], snapshot: dict[str, Any]) -> None:
        mine = [t for t in tickets if t.get("window") == self.window]
        active = [t for t in mine if t["state"] in ("calling", "serving")]
        unsent = bool(snapshot.get("_unsent"))
        if not unsent:
            self.current = active[-1] if active else None
            self.parked = [t for t in mine if t["state"] == "parked"]
        served = self.ctx.served_queues
        codes = {q["code"] for q in served}
        self.waiting = [t for t in tickets if t["state"] == "waiting" and t["queue"] in codes]
        self.counts = [
            QueueCount(
                q["code"],
                q["prefix"],
                q["name_zh"],
                sum(1 for t in self.waiting if t["queue"] == q["code"]),
            )
            for q in served
        ]
        for w in [] if unsent else snapshot.get("windows", []):
            if w.get("number") == self.window:
                self.window_state = str(w.get("state", "idle"))
                self.window_state_zh = str(w.get("state_zh", ""))
                self.pause_reason = w.get("reason")
        self._emit("changed")

    def apply_event(self, event: HallEvent) -> None:
        # Every ticket and window event may change the panel; case events never do.
        if not event.kind.startswith("case_"):
            self.refresh()

    @property
    def total_waiting(self) -> int:
        return sum(c.waiting for c in self.counts)

    @property
    def paused(self) -> bool:
        return self.window_state == "paused"

    def actions(self) -> list[QueueAction]:
        """The panel's buttons in key order, enabled for the current situation."""
        cur = self.current
        has = cur is not None and not self.calling
        calling = has and cur is not None and cur["state"] == "calling"
        free = cur is None and not self.calling and not self.paused
        return [
            QueueAction("call_next", "F1", "叫号", free),
            QueueAction("recall", "F2", "重呼", calling),
            QueueAction("start", "F3", "开始办理", calling),
            QueueAction("no_show", "F4", "过号", calling),
            QueueAction("transfer", "F5", "转移", has),
            QueueAction("park", "F6", "挂起", has),
            QueueAction("resume", "F7", "回呼挂起", free and bool(self.parked)),
            QueueAction("finish", "F8", "办结", has),
            QueueAction("call_specific", "F9", "指定叫号", free),
            QueueAction(
                "pause", "F10", "恢复窗口" if self.paused else "暂停窗口", not self.calling
            ),
            QueueAction("refresh", "F12", "刷新", True),
        ]

    # --- the direct calls ----------------------------------------------------------------

    def call_next(self) -> None:
        self._call(endpoints.call_next(self.window))

    def call_specific(self, ticket_id: str, reason: str) -> None:
        if not self.ctx.user.may_call_specific:
            self._emit("message", "您没有“指定叫号”权限，请联系大厅管理员。")
            return
        if not reason.strip():
            self._emit("message", "指定叫号须填写理由。")
            return
        self._call(endpoints.call_specific(self.window, ticket_id, reason.strip()))

    def _call(self, command: Command) -> None:
        if self.calling:
            return
        if self.current is not None:
            self._emit("message", f"请先办结或处理当前号 {self.current['number']}。")
            return
        self.calling = True
        # The same key until the server answers: a retry after a timeout is the same call.
        key = self._call_key or f"desk-call-{uuid.uuid4().hex}"
        self._call_key = key
        self._emit("changed")

        def work() -> Any:
            # The clerk's earlier actions (recall, park, finish …) wait in the outbox: a call
            # must not overtake them, or the server still sees the window busy.
            deadline = time.monotonic() + OUTBOX_WAIT_SECONDS
            while self.ctx.store.summary().count and time.monotonic() < deadline:
                time.sleep(0.05)
            if self.ctx.store.summary().count:
                raise ServerRefused(UNSENT)
            return self.ctx.client.request(command.method, command.path, command.body, idem_key=key)

        self.ctx.run(work, self._called, self._call_failed)

    def _called(self, outcome: Any) -> None:
        self.calling = False
        if isinstance(outcome, Ok):
            self._call_key = None
            ticket = outcome.body.get("ticket") if isinstance(outcome.body, dict) else None
            if ticket is None:
                self._emit("message", "当前没有等候的号。")
            else:
                self.current = ticket
                self._emit("called", ticket)
            self._emit("changed")
            self.refresh()
            return
        if isinstance(outcome, Rejected):
            self._call_key = None
            self._emit("message", outcome.error.message_zh)
        else:
            self._emit("message", f"叫号未成功：{outcome.error.message_zh}（再按 F1 重试）")
        self._emit("changed")

    def _call_failed(self, error: BaseException) -> None:
        self.calling = False
        self._emit("message", f"叫号未成功：{server_error(error)}")
        self._emit("changed")

    # --- the outbox actions --------------------------------------------------------------

    def _submit(self, command: Command) -> None:
        def work() -> None:
            self.ctx.sender.submit(command)

        self.ctx.run(work, lambda _: None, self._failed)

    def _failed(self, error: BaseException) -> None:
        log.error("queue command not recorded", exc_info=error)
        self._emit("message", server_error(error))

    def _ticket(self) -> dict[str, Any] | None:
        if self.current is None:
            self._emit("message", "当前没有叫到的号。")
        return self.current

    def recall(self) -> None:
        if (t := self._ticket()) is not None:
            self._submit(endpoints.ticket_action(self.window, "recall", t["ticket_id"]))
            self.current = {**t, "recalls": int(t.get("recalls", 0)) + 1}
            self._emit("changed")

    def start(self) -> None:
        if (t := self._ticket()) is not None:
            self._submit(endpoints.ticket_action(self.window, "start", t["ticket_id"]))
            self.current = {**t, "state": "serving", "state_zh": "办理中"}
            self._emit("changed")

    def no_show(self, reason: str) -> None:
        if (t := self._ticket()) is not None:
            self._submit(endpoints.no_show(self.window, t["ticket_id"], reason.strip() or None))
            self._done()

    def transfer(self, to_queue: str, note: str) -> None:
        """To another queue; a window is reached through the queue it serves (the server
        transfers between queues: the ticket keeps its number)."""
        if (t := self._ticket()) is not None:
            if not to_queue:
                self._emit("message", "请选择转移到的队列或窗口。")
                return
            cmd = endpoints.transfer(
                self.window, t["ticket_id"], to_queue, to_front=True, reason=note.strip() or None
            )
            self._submit(cmd)
            self._done()

    def park(self, reason: str) -> None:
        if (t := self._ticket()) is not None:
            if not reason.strip():
                self._emit("message", "挂起须填写原因（如：回去取材料）。")
                return
            self._submit(endpoints.park(self.window, t["ticket_id"], reason.strip()))
            self.parked = [*self.parked, {**t, "state": "parked"}]
            self._done()

    def resume(self, ticket_id: str) -> None:
        self._submit(endpoints.ticket_action(self.window, "resume", ticket_id))
        found = [t for t in self.parked if t["ticket_id"] == ticket_id]
        self.parked = [t for t in self.parked if t["ticket_id"] != ticket_id]
        if found:
            self.current = {**found[0], "state": "calling", "state_zh": "叫号中"}
        self._emit("changed")

    def finish(self) -> None:
        if (t := self._ticket()) is not None:
            self._submit(endpoints.ticket_action(self.window, "finish", t["ticket_id"]))
            self._done()

    def pause(self, reason: str) -> None:
        if not reason.strip():
            self._emit("message", "暂停窗口须填写原因。")
            return
        self._submit(endpoints.pause(self.window, reason.strip()))
        self.window_state, self.window_state_zh, self.pause_reason = "paused", "暂停", reason
        self._emit("changed")

    def unpause(self) -> None:
        self._submit(endpoints.unpause(self.window))
        self.window_state, self.window_state_zh, self.pause_reason = "idle", "空闲", None
        self._emit("changed")

    def _done(self) -> None:
        self.current = None
        self._emit("changed")

    def transfer_targets(self) -> list[tuple[str, str]]:
        """(queue code, label): every queue of the hall, and every other window by the queue
        it serves first."""
        targets = [
            (q["code"], f"队列 {q['prefix']} {q['name_zh']}") for q in self.ctx.hall["queues"]
        ]
        for w in self.ctx.hall.get("windows", []):
            if w["number"] == self.window or not w.get("serves"):
                continue
            first = max(w["serves"].items(), key=lambda kv: kv[1])[0]
            targets.append((first, f"{w['name_zh']}（{first}）"))
        return targets
