"""Looking up one's own ticket: "how many ahead of me" (排队进度) and 好差评, both by the ticket
number and the 查询码 printed on it — or by scanning the ticket's QR code with the kiosk's reader
(a keyboard-wedge reader types the status URL and presses Enter).

The 查询码 is what makes the ticket the person's own: without it nobody can read another's
status or rate another's service. A rating of 1 or 2 (差评) needs a reason, said in Chinese
before anything is sent (the server enforces the same rule).

Events of both models: ``changed()``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from enum import StrEnum

from hallui.observable import Observable
from kiosk.model.hall_link import HallError, PublicStatus, parse_status_code

__all__ = [
    "RATING_LABELS",
    "LookupState",
    "RatingForm",
    "StatusLookup",
    "TicketKey",
    "ticket_id_for",
]

log = logging.getLogger("onewindow.kiosk")

RATING_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
BAD_LEVELS = (1, 2)

_NUMBER = re.compile(r"^[A-Z]{1,3}\d{1,5}$")
_SECRET = re.compile(r"^[0-9A-Z]{4,16}$")


class LookupState(StrEnum):
    EDITING = "editing"
    BUSY = "busy"
    DONE = "done"
    FAILED = "failed"


class TicketKey(Observable):
    """The ticket number and its 查询码, typed on the letter/digit pad or read from the QR code.
    `field` is the one the pad types into."""

    EVENTS = ("changed",)

    def __init__(self) -> None:
        super().__init__()
        self.number = ""
        self.secret = ""
        self.field = "number"
        self.error_zh = ""

    def type_key(self, key: str) -> None:
        key = key.upper()
        if len(key) != 1 or not key.isalnum():
            return
        if self.field == "number" and len(self.number) < 8:
            self.number += key
        elif self.field == "secret" and len(self.secret) < 16:
            self.secret += key
        self.error_zh = ""
        self._emit("changed")

    def backspace(self) -> None:
        if self.field == "number":
            self.number = self.number[:-1]
        else:
            self.secret = self.secret[:-1]
        self._emit("changed")

    def focus(self, field: str) -> None:
        if field in ("number", "secret") and field != self.field:
            self.field = field
            self._emit("changed")

    def read_code(self, text: str) -> bool:
        """The QR code of a ticket, as a reader typed it; False (with the error) if it is not."""
        parsed = parse_status_code(text)
        if parsed is None:
            self.error_zh = "这不是本大厅排队票上的二维码，请扫描排队票下方的二维码。"
            self._emit("changed")
            return False
        self.number, self.secret = parsed
        self.error_zh = ""
        self._emit("changed")
        return True

    def problem(self) -> str:
        """What is wrong with the entry, in Chinese; "" when it may be sent."""
        if not self.number:
            return "请输入排队票上的号码，例如 A012。"
        if not _NUMBER.match(self.number):
            return "号码的格式不对：应是字母加数字，例如 A012。"
        if not self.secret:
            return "请输入排队票下方的查询码（6位字母和数字），或扫描票上的二维码。"
        if not _SECRET.match(self.secret):
            return "查询码的格式不对：应是票上印的字母和数字。"
        return ""

    def clear(self) -> None:
        self.number, self.secret, self.field, self.error_zh = "", "", "number", ""
        self._emit("changed")


def _failure(error: BaseException) -> str:
    if isinstance(error, HallError):
        if error.status == 404:
            return "没有找到这个号：请核对号码和查询码（只能查当天的号）。"
        if error.rejected:
            return error.message_zh
        return f"{error.message_zh}。暂时连不上大厅服务器，请稍后再试。"
    log.error("ticket look-up failed: %r", error)
    return "本机出错，请稍后再试，或按“呼叫帮办”。"


class StatusLookup(Observable):
    EVENTS = ("changed",)

    def __init__(self) -> None:
        super().__init__()
        self.key = TicketKey()
        self.state = LookupState.EDITING
        self.result: PublicStatus | None = None
        self.error_zh = ""

    def busy(self) -> None:
        self.state, self.result, self.error_zh = LookupState.BUSY, None, ""
        self._emit("changed")

    def found(self, status: PublicStatus) -> None:
        self.state, self.result = LookupState.DONE, status
        self._emit("changed")

    def failed(self, error: BaseException) -> None:
        self.state, self.error_zh = LookupState.FAILED, _failure(error)
        self._emit("changed")

    def refuse(self, message: str) -> None:
        self.state, self.error_zh = LookupState.FAILED, message
        self._emit("changed")

    def clear(self) -> None:
        self.key.clear()
        self.state, self.result, self.error_zh = LookupState.EDITING, None, ""
        self._emit("changed")

    def summary(self) -> str:
        """The answer in one plain sentence (shown and spoken)."""
        status = self.result
        if status is None:
            return ""
        if status.state == "waiting":
            if status.waiting_ahead == 0:
                return f"{status.number}号：前面没有人了，请留意叫号，马上就到您。"
            text = f"{status.number}号：前面还有 {status.waiting_ahead} 人等候。"
            if status.wait_minutes is not None:
                text += f"预计等候约 {max(1, status.wait_minutes)} 分钟。"
            return text
        if status.state in ("called", "serving") and status.window is not None:
            return f"{status.number}号：{status.state_zh}，请到 {status.window} 号窗口。"
        return f"{status.number}号：{status.state_zh}。"


def ticket_id_for(business_date: dt.date, number: str) -> str:
    """The server's id of today's ticket `number` (hallcore.queue: ``YYYYMMDD-NUMBER``)."""
    return f"{business_date:%Y%m%d}-{number}"


class RatingForm(Observable):
    """好差评 for one finished service: the ticket (number + 查询码), a level, a reason."""

    EVENTS = ("changed",)

    def __init__(self) -> None:
        super().__init__()
        self.key = TicketKey()
        self.level: int | None = None
        self.reasons: list[str] = []
        self.state = LookupState.EDITING
        self.error_zh = ""

    def set_level(self, level: int) -> None:
        if level not in RATING_LABELS:
            raise ValueError(f"no rating level {level}")
        self.level = level
        self.error_zh = ""
        if level not in BAD_LEVELS:
            self.reasons = []
        self._emit("changed")

    def toggle_reason(self, reason: str) -> None:
        if reason in self.reasons:
            self.reasons.remove(reason)
        else:
            self.reasons.append(reason)
        self.error_zh = ""
        self._emit("changed")

    @property
    def needs_reason(self) -> bool:
        return self.level in BAD_LEVELS

    @property
    def reason_text(self) -> str | None:
        return "；".join(self.reasons) or None

    def problem(self) -> str:
        problem = self.key.problem()
        if problem:
            return problem
        if self.level is None:
            return "请选择您的评价（从“非常满意”到“非常不满意”）。"
        if self.needs_reason and not self.reasons:
            return "差评请至少选择一个原因，我们会据此回访和整改。"
        return ""

    def busy(self) -> None:
        self.state, self.error_zh = LookupState.BUSY, ""
        self._emit("changed")

    def refuse(self, message: str) -> None:
        self.state, self.error_zh = LookupState.FAILED, message
        self._emit("changed")

    def sent(self) -> None:
        self.state, self.error_zh = LookupState.DONE, ""
        log.info("rating sent from the kiosk")
        self._emit("changed")

    def failed(self, error: BaseException) -> None:
        message = _failure(error)
        if isinstance(error, HallError) and error.error.code in ("not_finished", "already_rated"):
            message = error.message_zh + "。"
        self.state, self.error_zh = LookupState.FAILED, message
        self._emit("changed")

    def clear(self) -> None:
        self.key.clear()
        self.level, self.reasons = None, []
        self.state, self.error_zh = LookupState.EDITING, ""
        self._emit("changed")
