"""预约签到: a person with an appointment checks in with the 8-digit code of the booking message,
typed on the kiosk's digit pad or read from the message's QR / bar code by the keyboard-wedge
reader, and gets the appointment's ticket.

The check-in is a direct request (`HallLink.check_in`), never queued: offline there is no ticket
and the screen says to go to the 咨询台. The answer takes the ordinary ticket path (`TicketForm`:
printed ticket, the ticket screen, the voice), with the slot on it. A refusal leaves the code in
place so a mistyped digit can be corrected; success and the session's wipe clear it.

Events of `CheckInForm`: ``changed()``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from enum import StrEnum

from hallui.observable import Observable
from kiosk.model.hall_link import Booking, HallError, IssuedTicket

__all__ = [
    "CODE_LENGTH",
    "CheckInForm",
    "CheckInState",
    "parse_appointment_code",
    "slot_text",
    "slot_times",
]

log = logging.getLogger("onewindow.kiosk")

CODE_LENGTH = 8

#: Eight digits standing alone: the whole reading, or a run inside a URL or message text.
_CODE = re.compile(r"(?<!\d)(\d{8})(?!\d)")

OFFLINE_ZH = "暂时连不上服务器，无法签到，请到咨询台。"


def parse_appointment_code(text: str) -> str | None:
    """The appointment code in what a reader typed: eight digits alone, or the one run of eight
    digits in the QR code's text (a link such as ``…/appointments?code=12345678``). None when
    there is no such run, or more than one (the reading is then not an appointment code)."""
    found = _CODE.findall(text.strip())
    return found[0] if len(found) == 1 else None


def _local(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def slot_times(booking: Booking, zone: dt.tzinfo | None = None) -> tuple[str, str]:
    """``("09:30", "10:00")``: the slot in the hall's time (`zone`: the kiosk clock's zone; the
    machine's own when None)."""
    start, end = _local(booking.start, zone), _local(booking.end, zone)
    return f"{start:%H:%M}", f"{end:%H:%M}"


def slot_text(booking: Booking, zone: dt.tzinfo | None = None) -> str:
    """``预约 09:30–10:00``, as the printed ticket says it."""
    start, end = slot_times(booking, zone)
    return f"预约 {start}–{end}"


class CheckInState(StrEnum):
    EDITING = "editing"
    CHECKING = "checking"
    DONE = "done"
    FAILED = "failed"


class CheckInForm(Observable):
    EVENTS = ("changed",)

    def __init__(self) -> None:
        super().__init__()
        self.code = ""
        self.state = CheckInState.EDITING
        self.error_zh = ""
        self.ticket: IssuedTicket | None = None

    # --- what the person enters -----------------------------------------------------------
    def type_key(self, key: str) -> None:
        """A key of the digit pad."""
        if len(key) != 1 or not key.isdigit() or len(self.code) >= CODE_LENGTH:
            return
        self.code += key
        self._editing()

    def backspace(self) -> None:
        self.code = self.code[:-1]
        self._editing()

    def clear_code(self) -> None:
        self.code = ""
        self._editing()

    def read_code(self, text: str) -> bool:
        """What the QR / bar code reader read; False (with the reason shown) if it holds no
        appointment code."""
        code = parse_appointment_code(text)
        if code is None:
            self.state = CheckInState.FAILED
            self.error_zh = (
                "这不是预约短信里的二维码或条码。请扫描预约短信上的码，或输入8位预约码。"
            )
            self._emit("changed")
            return False
        self.code = code
        self._editing()
        return True

    def _editing(self) -> None:
        if self.state is not CheckInState.CHECKING:
            self.state, self.error_zh = CheckInState.EDITING, ""
        self._emit("changed")

    def problem(self) -> str:
        """What keeps the code from being sent, in Chinese; "" when it may be."""
        if self.state is CheckInState.CHECKING:
            return "正在签到，请稍候"
        if len(self.code) != CODE_LENGTH:
            return f"请输入预约短信里的{CODE_LENGTH}位预约码（现在是{len(self.code)}位）。"
        return ""

    @property
    def shown_code(self) -> str:
        """The code in two groups of four, blanks for the digits still to come."""
        padded = self.code.ljust(CODE_LENGTH, "_")
        return f"{padded[:4]} {padded[4:]}".replace("_", "＿")

    # --- checking in ------------------------------------------------------------------------
    def refuse(self, message_zh: str) -> None:
        self.state, self.error_zh = CheckInState.FAILED, message_zh
        self._emit("changed")

    def checking(self) -> None:
        self.state, self.error_zh = CheckInState.CHECKING, ""
        self._emit("changed")

    def checked_in(self, ticket: IssuedTicket) -> None:
        self.state, self.ticket, self.error_zh = CheckInState.DONE, ticket, ""
        self.code = ""  # done with: the ticket carries on, the code is not kept on screen
        log.info("appointment checked in at the kiosk: ticket %s", ticket.number)
        self._emit("changed")

    def failed(self, error: BaseException) -> None:
        self.state, self.error_zh = CheckInState.FAILED, failure_text(error)
        self._emit("changed")

    def clear(self) -> None:
        self.code, self.state, self.error_zh, self.ticket = "", CheckInState.EDITING, "", None
        self._emit("changed")


def failure_text(error: BaseException) -> str:
    """What the screen says when a check-in did not give a ticket."""
    if not isinstance(error, HallError):
        log.error("appointment check-in failed: %r", error)
        return "签到没有成功：本机出错，请到咨询台，或按“呼叫帮办”。"
    code = error.error.code
    if code == "appointment_unknown":
        return "没有找到这个预约码。请核对预约短信里的8位预约码，改正后再按“签到”。"
    if code == "appointment_other_day":
        # The server's own words name the day of the appointment.
        return f"{error.message_zh.rstrip('。')}。请在预约的那天来签到；今天办理请取号排队。"
    if code == "appointment_cancelled":
        return "这个预约已经取消，不能签到。今天办理请取号排队，或到咨询台。"
    if code == "too_many_attempts":
        return "输错的次数太多，请稍后再试，或到咨询台。"
    if error.rejected:
        return f"签到没有成功：{error.message_zh}"
    return OFFLINE_ZH
