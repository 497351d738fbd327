"""取号: what the person enters before the ticket is issued, and what happened after.

`TicketForm` holds the optional ID number (typed on the digit pad, or read by an ID-card
reader), the priority class with the proof it needs, and the issuing state. The ID number is
checked in two tiers by `hallcore.identifiers`: a hard problem (wrong length, bad check digit,
impossible date) blocks 取号 with a Chinese message; a soft one lets the ticket be taken and says
the window will check it. The number itself is never logged and is wiped with the session.

A ticket from 预约签到 takes the same path (`checked_in`): the form then holds the appointment's
theme, and the ticket its slot (`IssuedTicket.booking`).

Events: ``changed()`` (anything the screen shows), ``issued(IssuedTicket)``, ``printed()``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum

from hallcore.identifiers import check_citizen_id, normalize_identifier
from hallcore.queue.config import PriorityClass
from hallui.observable import Observable
from kiosk.model.hall_link import HallError, IssuedTicket

__all__ = ["IssueState", "TicketForm", "TicketPrintState"]

log = logging.getLogger("onewindow.kiosk")

ID_LENGTH = 18


class IssueState(StrEnum):
    EDITING = "editing"
    ISSUING = "issuing"
    ISSUED = "issued"
    FAILED = "failed"


class TicketPrintState(StrEnum):
    NONE = "none"  # nothing to print yet, or the kiosk has no printer
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class IdVerdict:
    ok: bool  # may be used for 取号
    message_zh: str  # the error (not ok) or the note (ok, soft problems); "" when clean


class TicketForm(Observable):
    EVENTS = ("changed", "issued", "printed")

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today
        self.theme_code: str | None = None
        self.theme_name = ""
        self.id_text = ""
        self.id_message = ""
        self.priority: PriorityClass | None = None
        self.state = IssueState.EDITING
        self.error_zh = ""
        self.ticket: IssuedTicket | None = None
        self.print_state = TicketPrintState.NONE
        self.print_message = ""

    # --- what the person enters -----------------------------------------------------------
    def start(self, theme_code: str, theme_name: str, today: dt.date) -> None:
        self.clear()
        self.theme_code, self.theme_name, self.today = theme_code, theme_name, today
        self._emit("changed")

    def type_key(self, key: str) -> None:
        """A key of the digit pad: 0–9 or X (the check character of an ID number)."""
        key = key.upper()
        if len(key) != 1 or not (key.isdigit() or key == "X") or len(self.id_text) >= ID_LENGTH:
            return
        if key == "X" and len(self.id_text) != ID_LENGTH - 1:
            self.id_message = "X 只能是身份证号的最后一位"
            self._emit("changed")
            return
        self.id_text += key
        self.id_message = self.check_id().message_zh if len(self.id_text) == ID_LENGTH else ""
        self._emit("changed")

    def backspace(self) -> None:
        self.id_text = self.id_text[:-1]
        self.id_message = ""
        self._emit("changed")

    def clear_id(self) -> None:
        self.id_text, self.id_message = "", ""
        self._emit("changed")

    def read_id(self, text: str) -> None:
        """An ID number from a reader (a keyboard-wedge reader types it and presses Enter)."""
        value = normalize_identifier(text)[:32]
        self.id_text = value
        self.id_message = self.check_id().message_zh
        self._emit("changed")

    def check_id(self) -> IdVerdict:
        if not self.id_text:
            return IdVerdict(True, "")
        check = check_citizen_id(self.id_text, today=self.today)
        if check.hard:
            return IdVerdict(False, "身份证号有误：" + "；".join(p.message_zh for p in check.hard))
        if check.soft:
            notes = "；".join(p.message_zh for p in check.soft)
            return IdVerdict(True, f"请留意：{notes}。可以取号，窗口工作人员会再核对。")
        return IdVerdict(True, "")

    def refuse(self, message_zh: str) -> None:
        """取号 was not sent: say why next to the ID number."""
        self.id_message = message_zh
        self._emit("changed")

    def set_priority(self, priority: PriorityClass | None) -> None:
        self.priority = priority
        self._emit("changed")

    @property
    def masked_id(self) -> str:
        """The ID as the screen shows it while typing: the person must recognise it, the
        person behind must not read it (first 6 and last 2 shown once complete)."""
        text = self.id_text
        if len(text) <= 6:
            return text
        if len(text) < ID_LENGTH:
            return text[:6] + "*" * (len(text) - 6)
        return text[:6] + "*" * (len(text) - 8) + text[-2:]

    # --- issuing --------------------------------------------------------------------------
    def can_issue(self) -> IdVerdict:
        if self.theme_code is None:
            return IdVerdict(False, "请先选择要办的事")
        if self.state is IssueState.ISSUING:
            return IdVerdict(False, "正在取号，请稍候")
        return self.check_id()

    def issuing(self) -> None:
        self.state, self.error_zh = IssueState.ISSUING, ""
        self._emit("changed")

    def issued(self, ticket: IssuedTicket) -> None:
        self.state, self.ticket, self.error_zh = IssueState.ISSUED, ticket, ""
        # The ID number has done its job (the server holds it, encrypted): drop it here.
        self.id_text, self.id_message = "", ""
        log.info("ticket %s issued at the kiosk", ticket.number)
        self._emit("changed")
        self._emit("issued", ticket)

    def checked_in(self, ticket: IssuedTicket, theme_code: str | None, theme_name: str) -> None:
        """预约签到 gave `ticket`: shown, printed and spoken like one taken here."""
        self.theme_code, self.theme_name = theme_code, theme_name
        self.id_text, self.id_message, self.priority = "", "", None
        self.print_state, self.print_message = TicketPrintState.NONE, ""
        self.issued(ticket)

    def failed(self, error: BaseException) -> None:
        self.state = IssueState.FAILED
        if isinstance(error, HallError):
            if error.rejected:
                self.error_zh = f"没有取到号：{error.message_zh}"
            else:
                self.error_zh = (
                    f"没有取到号：{error.message_zh}。暂时连不上大厅服务器，本机不会发放无效的号，"
                    "请稍后再试，或到服务台取号。"
                )
        else:
            log.error("ticket issue failed: %r", error)
            self.error_zh = "没有取到号：本机出错，请到服务台取号，或按“呼叫帮办”。"
        self._emit("changed")

    # --- printing -------------------------------------------------------------------------
    def set_print(self, state: TicketPrintState, message: str = "") -> None:
        self.print_state, self.print_message = state, message
        self._emit("changed")
        if state in (TicketPrintState.PRINTED, TicketPrintState.FAILED):
            self._emit("printed")

    def clear(self) -> None:
        self.theme_code, self.theme_name = None, ""
        self.id_text, self.id_message = "", ""
        self.priority = None
        self.state, self.error_zh = IssueState.EDITING, ""
        self.ticket = None
        self.print_state, self.print_message = TicketPrintState.NONE, ""
        self._emit("changed")
