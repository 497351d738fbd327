"""The hall as the dashboard shows it: its queues (code, number prefix, name) and windows (number,
name, the queues each serves with their weights), read once from `GET /hall`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["HallLayout", "QueueInfo", "WindowInfo"]


@dataclass(frozen=True, slots=True)
class QueueInfo:
    code: str
    prefix: str
    name_zh: str


@dataclass(frozen=True, slots=True)
class WindowInfo:
    number: int
    name_zh: str
    serves: dict[str, int]


@dataclass(frozen=True, slots=True)
class HallLayout:
    hall_id: str
    name_zh: str
    time_zone: ZoneInfo
    queues: tuple[QueueInfo, ...]
    windows: tuple[WindowInfo, ...]

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> HallLayout:
        return cls(
            hall_id=str(body["hall_id"]),
            name_zh=str(body["name_zh"]),
            time_zone=ZoneInfo(str(body["time_zone"])),
            queues=tuple(
                QueueInfo(str(q["code"]), str(q["prefix"]), str(q["name_zh"]))
                for q in body["queues"]
            ),
            windows=tuple(
                WindowInfo(
                    int(w["number"]),
                    str(w["name_zh"]),
                    {str(k): int(v) for k, v in dict(w["serves"]).items()},
                )
                for w in body["windows"]
            ),
        )

    def queue_of_number(self, number: str) -> str | None:
        """The queue a ticket number belongs to, by its prefix (the longest that matches): the
        take event carries the number, not the queue."""
        best: QueueInfo | None = None
        for queue in self.queues:
            if number.startswith(queue.prefix) and (
                best is None or len(queue.prefix) > len(best.prefix)
            ):
                best = queue
        return best.code if best is not None else None

    def queue_name(self, code: str) -> str:
        for queue in self.queues:
            if queue.code == code:
                return queue.name_zh
        return code

    def window_name(self, number: int) -> str:
        for window in self.windows:
            if window.number == number:
                return window.name_zh
        return f"{number}号窗口"

    def windows_serving(self, queue: str) -> list[WindowInfo]:
        """Windows for which `queue` is a weighted (not a fallback) line."""
        return [w for w in self.windows if w.serves.get(queue, 0) > 0]
