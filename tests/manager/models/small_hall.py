"""A small hall for the dashboard's model tests, built from hallcore's real objects: its
`HallConfig`, a `HallQueue` that moves tickets by the hall's rules, and the server's own shapes
for what the dashboard reads (`GET /hall`, `/tickets`, the snapshot's windows, the event feed).

Queues: 社保医保 (S), 一件事 (Y) and 不动产 (YB, a prefix that starts with another queue's).
Windows: 1号综合窗口 serves 一件事 (2) and 社保医保 (1); 2号社保窗口 serves 社保医保 (1) and takes
一件事 as a fallback (0); 3号不动产窗口 serves 不动产. The day is Monday 6 May 2024, Beijing time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from hall_server.queue_service import event_of
from hall_server.routes.queue import ticket_out
from hall_server.schemas import HallOut, HallWindowOut, QueueOut, WindowOut
from hallcore.queue import HallConfig, HallQueue, QueueConfig, QueueEvent, Serve, WindowConfig
from manager.model.layout import HallLayout
from manager.model.live import LiveHall

DAY = date(2024, 5, 6)
ZONE = ZoneInfo("Asia/Shanghai")


def at(clock: str) -> datetime:
    """An instant of the test day, local time (`"09:05"`)."""
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=ZONE)


def small_hall() -> HallConfig:
    return HallConfig(
        "small-hall",
        "小厅",
        (
            QueueConfig("social", "S", "社保医保", themes=("social_insurance",)),
            QueueConfig("one_thing", "Y", "一件事", themes=("birth",)),
            QueueConfig("property", "YB", "不动产", themes=("property",)),
        ),
        (
            WindowConfig(1, "1号综合窗口", (Serve("one_thing", 2), Serve("social", 1))),
            WindowConfig(2, "2号社保窗口", (Serve("social", 1), Serve("one_thing", 0))),
            WindowConfig(3, "3号不动产窗口", (Serve("property", 1),)),
        ),
    )


def hall_json(config: HallConfig) -> dict[str, Any]:
    """`GET /hall` for `config`, in the server's response model (as its route builds it)."""
    return HallOut(
        hall_id=config.hall_id,
        name_zh=config.name_zh,
        time_zone=config.time_zone,
        queues=[
            QueueOut(
                code=q.code,
                prefix=q.prefix,
                name_zh=q.name_zh,
                name_en=q.name_en,
                themes=list(q.themes),
            )
            for q in config.queues
        ],
        windows=[
            HallWindowOut(
                number=w.number, name_zh=w.name_zh, serves={s.queue: s.weight for s in w.serves}
            )
            for w in config.windows
        ],
        sessions=[f"{s.start:%H:%M}-{s.end:%H:%M}" for s in config.sessions],
        priority_classes=[c.code for c in config.priority_classes],
    ).model_dump(mode="json")


@dataclass
class Hall:
    """hallcore's queue for the day, with every event it makes kept in feed order."""

    config: HallConfig = field(default_factory=small_hall)
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    queue: HallQueue = field(init=False)

    def __post_init__(self) -> None:
        self.queue = HallQueue(self.config, DAY, sink=self._keep)

    def _keep(self, event: QueueEvent) -> None:
        """As the server writes it (`event_of`): with the queue the ticket is in after it."""
        queue = self.queue.ticket(event.ticket_id).queue if event.ticket_id else None
        new = event_of(event, None, queue)
        self.events.append((new.kind, {"at": new.at.isoformat(), **new.data}))

    def layout(self) -> HallLayout:
        return HallLayout.from_json(hall_json(self.config))

    def live(self) -> LiveHall:
        return LiveHall(self.layout(), follow_wall_clock=False)

    def feed(self, start: int = 0) -> list[tuple[int, str, dict[str, Any]]]:
        """Events `start`… as the server's feed carries them: (seq, kind, data with `at`)."""
        return [
            (seq, kind, dict(data))
            for seq, (kind, data) in enumerate(self.events[start:], start=start + 1)
        ]

    def ticket_rows(self) -> list[dict[str, Any]]:
        """`GET /tickets`, in the server's response model."""
        return [ticket_out(t).model_dump(mode="json") for t in self.queue.all_tickets()]

    def window_rows(self) -> list[dict[str, Any]]:
        """The snapshot's windows, in the server's response model."""
        rows = []
        for status in self.queue.window_statuses():
            number = status.ticket_id.rsplit("-", 1)[-1] if status.ticket_id else None
            rows.append(
                WindowOut(
                    number=status.number,
                    name_zh=self.config.window(status.number).name_zh,
                    state=status.state,
                    state_zh=status.state.label_zh,
                    reason=status.reason,
                    ticket_number=number,
                    since=status.since,
                ).model_dump(mode="json")
            )
        return rows


def follow(live: LiveHall, feed: list[tuple[int, str, dict[str, Any]]]) -> None:
    for seq, kind, data in feed:
        live.apply(seq, kind, data)
