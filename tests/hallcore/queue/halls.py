"""Small halls for the queue tests: three queues A, B, C (prefix = code) and windows as asked."""

from __future__ import annotations

from datetime import date, datetime, time

from hallcore.queue import (
    HallConfig,
    NoShowRule,
    PriorityRatio,
    QueueConfig,
    Serve,
    WindowConfig,
)

#: A Monday. Every test day is in Asia/Shanghai, the default business-day zone.
DAY = date(2024, 5, 6)


def parse_serves(spec: str) -> tuple[Serve, ...]:
    """ "A:2 B:1 C:0" -> the serves of a window."""
    serves = []
    for part in spec.split():
        queue, weight = part.split(":")
        serves.append(Serve(queue, int(weight)))
    return tuple(serves)


def hall(
    windows: dict[int, str] | None = None,
    *,
    ratio: str = "2:1",
    recall_limit: int = 2,
    requeue: str = "3/1",
    to_front: bool = False,
    overnight: bool = False,
    caps: dict[str, list[int | None]] | None = None,
) -> HallConfig:
    """A hall with queues A, B, C and `windows` (number -> "A:2 B:1")."""
    caps = caps or {}
    queues = tuple(
        QueueConfig(
            code,
            code,
            f"{code}队列",
            f"queue {code}",
            (f"theme_{code.lower()}",),
            cap_am=caps.get(code, [None, None])[0],
            cap_pm=caps.get(code, [None, None])[1],
            fallback_service_seconds=300.0,
        )
        for code in ("A", "B", "C")
    )
    windows = windows or {1: "A:1"}
    normal, priority = (int(x) for x in ratio.split(":"))
    after, most = (int(x) for x in requeue.split("/"))
    return HallConfig(
        "test-hall",
        "测试大厅",
        queues,
        tuple(WindowConfig(n, f"{n}号窗口", parse_serves(spec)) for n, spec in windows.items()),
        priority_ratio=PriorityRatio(normal, priority),
        recall_limit=recall_limit,
        no_show=NoShowRule(after, most),
        transfer_to_front=to_front,
        keep_overnight=overnight,
    )


def at(config: HallConfig, clock: str, day: date = DAY) -> datetime:
    """ "09:30" on `day`, in the hall's zone."""
    hours, minutes = (int(x) for x in clock.split(":"))
    return config.at_local(day, time(hours, minutes))
