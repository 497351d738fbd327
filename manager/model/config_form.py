"""The hall's configuration as the manager edits it, Qt-free: the server's document
(`GET /hall/config`) and its version, changed field by field, checked here for what a form can
check (numbers, times, dates), then sent whole (`PUT /hall/config` with `If-Match`). Everything
else — a window serving no queue, overlapping hours, a prefix used twice — is hallcore's rule,
checked by the server, whose Chinese message the screen shows as it is.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

from hallui.observable import Observable

__all__ = ["ConfigForm", "FormError"]

_HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class FormError(ValueError):
    """A value the form cannot take; `message_zh` says why."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


def _whole(text: str, what: str, *, low: int, high: int) -> int:
    value = text.strip()
    # `isdecimal`, not `isdigit`: digits such as "²" pass `isdigit` but `int` refuses them.
    # Full-width digits from a Chinese input method ("１５") are decimal and read as numbers.
    if not value.isdecimal():
        raise FormError(f"{what}须为 {low}–{high} 的整数")
    number = int(value)
    if not low <= number <= high:
        raise FormError(f"{what}须为 {low}–{high} 的整数")
    return number


class ConfigForm(Observable):
    """Events:
    changed(): a new document was loaded or a field changed.
    """

    EVENTS = ("changed",)

    def __init__(self) -> None:
        super().__init__()
        self.doc: dict[str, Any] = {}
        self.version: str | None = None
        self.dirty = False

    def load(self, doc: dict[str, Any], version: str | None) -> None:
        self.doc = copy.deepcopy(doc)
        self.version = version
        self.dirty = False
        self._emit("changed")

    def _touch(self) -> None:
        self.dirty = True
        self._emit("changed")

    # --- reading -----------------------------------------------------------------------------

    @property
    def queue_codes(self) -> list[str]:
        return [str(q["code"]) for q in self.doc.get("queues", [])]

    def queue(self, code: str) -> dict[str, Any]:
        for queue in self.doc["queues"]:
            if queue["code"] == code:
                return dict(queue)
        raise KeyError(code)

    def weight(self, window: int, queue: str) -> int | None:
        for serve in self._window(window)["serves"]:
            if serve["queue"] == queue:
                return int(serve.get("weight", 1))
        return None

    def _window(self, number: int) -> dict[str, Any]:
        for window in self.doc["windows"]:
            if int(window["number"]) == number:
                found: dict[str, Any] = window  # the stored dict: edits change the document
                return found
        raise KeyError(number)

    def sessions_text(self) -> str:
        return "，".join(f"{s['start']}-{s['end']}" for s in self.doc.get("sessions", []))

    # --- editing -----------------------------------------------------------------------------

    def set_weight(self, window: int, queue: str, text: str) -> None:
        """权重: empty removes the queue from the window; 0 makes it a fallback line."""
        entry = self._window(window)
        serves = [s for s in entry["serves"] if s["queue"] != queue]
        if text.strip():
            weight = _whole(text, f"{window}号窗口的“{queue}”权重", low=0, high=100)
            old = [s["queue"] for s in entry["serves"]]
            serves.append({"queue": queue, "weight": weight})
            order = {q: i for i, q in enumerate(old)}
            serves.sort(key=lambda s: order.get(s["queue"], len(order)))
        entry["serves"] = serves
        self._touch()

    def set_priority_ratio(self, normal: str, priority: str) -> None:
        self.doc["priority_ratio"] = {
            "normal": _whole(normal, "优先比例中的普通号数", low=0, high=100),
            "priority": _whole(priority, "优先比例中的优先号数", low=1, high=100),
        }
        self._touch()

    def set_cap(self, queue: str, half: str, text: str) -> None:
        """上午/下午上限 (`half` is `am` or `pm`); empty means no cap."""
        if half not in ("am", "pm"):
            raise ValueError(half)
        entry = next(q for q in self.doc["queues"] if q["code"] == queue)
        label = "上午" if half == "am" else "下午"
        entry[f"cap_{half}"] = (
            _whole(text, f"“{entry['name_zh']}”{label}取号上限", low=0, high=100_000)
            if text.strip()
            else None
        )
        self._touch()

    def set_cut_off(self, text: str) -> None:
        self.doc["cut_off_minutes"] = _whole(text, "停止取号提前分钟数", low=0, high=600)
        self._touch()

    def set_sessions(self, text: str) -> None:
        """营业时间 as `08:30-12:00，13:00-17:30` (Chinese or ASCII commas)."""
        sessions = []
        for part in re.split(r"[，,；;\s]+", text.strip()):
            if not part:
                continue
            start, sep, end = part.partition("-")
            if not sep or not _HHMM.match(start) or not _HHMM.match(end):
                raise FormError(f"营业时间“{part}”格式不对，应为 08:30-12:00")
            if end <= start:
                raise FormError(f"营业时间“{part}”的结束须晚于开始")
            sessions.append({"start": start, "end": end})
        if not sessions:
            raise FormError("至少需要一个营业时段")
        self.doc["sessions"] = sessions
        self._touch()

    def set_targets(self, wait: str, length: str, service: str) -> None:
        self.doc["targets"] = {
            "wait_minutes": _whole(wait, "最长等待目标（分钟）", low=1, high=1440),
            "queue_length": _whole(length, "排队人数目标", low=1, high=10_000),
            "service_minutes": _whole(service, "办理时长目标（分钟）", low=1, high=1440),
        }
        self._touch()

    def set_follow_up_days(self, days: int) -> None:
        if days not in (5, 15):
            raise FormError("差评办结期限为 5 或 15 个工作日")
        self.doc["follow_up_working_days"] = days
        self._touch()

    def add_holiday(self, day_text: str, working: bool, reason: str) -> None:
        """A hall day override: closed on a working day, or open on a rest day."""
        try:
            day = date.fromisoformat(day_text.strip())
        except ValueError:
            raise FormError(f"日期“{day_text}”格式不对，应为 2024-05-10") from None
        if not reason.strip():
            raise FormError("请填写调整原因")
        holidays = [h for h in self.doc.get("holidays", []) if h["day"] != day.isoformat()]
        holidays.append({"day": day.isoformat(), "working": working, "reason": reason.strip()})
        self.doc["holidays"] = sorted(holidays, key=lambda h: str(h["day"]))
        self._touch()

    def remove_holiday(self, day_text: str) -> None:
        self.doc["holidays"] = [h for h in self.doc.get("holidays", []) if h["day"] != day_text]
        self._touch()

    def to_document(self) -> dict[str, Any]:
        return copy.deepcopy(self.doc)
