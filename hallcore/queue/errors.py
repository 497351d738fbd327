"""Errors of the queue, each with a Chinese message for the clerk and its English twin.

A refusal in the queue is not a crash: the kiosk shows it to a citizen, the desk shows it to a
clerk, the server returns it in a problem response. So every error carries a stable `code` the
callers branch on, and `message_zh` / `message_en` they can show as they are. Illegal ticket
transitions name the ticket's state and the action that was refused, because "操作失败" alone
sends the clerk to the manager.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Why the queue refused. Stable strings: clients and the server's API branch on them."""

    CONFIG = "config"
    ILLEGAL_TRANSITION = "illegal_transition"
    UNKNOWN_TICKET = "unknown_ticket"
    UNKNOWN_QUEUE = "unknown_queue"
    UNKNOWN_WINDOW = "unknown_window"
    UNKNOWN_PRIORITY = "unknown_priority"
    WRONG_DAY = "wrong_day"
    NAIVE_TIME = "naive_time"
    HALL_CLOSED = "hall_closed"
    CUT_OFF = "cut_off"
    CAP_REACHED = "cap_reached"
    DUPLICATE_TICKET = "duplicate_ticket"
    SKIP_REFUSED = "skip_refused"
    REASON_REQUIRED = "reason_required"
    PERMISSION_REQUIRED = "permission_required"
    CALLED_ELSEWHERE = "called_elsewhere"
    WINDOW_BUSY = "window_busy"
    WINDOW_NOT_OPEN = "window_not_open"
    WINDOW_STATE = "window_state"
    NOT_AT_THIS_WINDOW = "not_at_this_window"


class QueueError(Exception):
    """A refusal with a code and a message in Chinese and English.

    `str(error)` gives both messages so that a log line or a test failure reads on its own.
    """

    def __init__(self, code: ErrorCode, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


class ConfigError(QueueError):
    """The hall configuration is inconsistent (found when it is built, not at the first call)."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(ErrorCode.CONFIG, message_zh, message_en)


class IllegalTransition(QueueError):
    """An action that the ticket's or the window's current state does not allow.

    Carries `state` and `action` (the enum values' `.value`) so a client can explain it, and a
    message that names both, e.g. "A012 号当前状态为「已办结」，不能执行「叫号」".
    """

    def __init__(
        self,
        *,
        subject_zh: str,
        subject_en: str,
        state: str,
        state_zh: str,
        action: str,
        action_zh: str,
        code: ErrorCode = ErrorCode.ILLEGAL_TRANSITION,
    ) -> None:
        super().__init__(
            code,
            f"{subject_zh}当前状态为「{state_zh}」，不能执行「{action_zh}」",
            f"{subject_en} is {state.replace('_', ' ')}; cannot {action.replace('_', ' ')}",
        )
        self.state = state
        self.action = action
