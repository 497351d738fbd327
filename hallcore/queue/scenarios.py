"""Sample halls and days for the simulator: the busy day of the benchmark, and a small hall.

Numbers are plausible for a county-level 政务服务大厅 on a busy Monday, not measured ones: quick
transactions (取件, 咨询) are a large share of the tickets, 一件事 themes take longer, and the
morning and afternoon each have a peak an hour after opening.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from hallcore.queue.config import (
    HallConfig,
    NoShowRule,
    PriorityRatio,
    QueueConfig,
    Serve,
    Session,
    WindowConfig,
    WindowKind,
)
from hallcore.queue.simulator import PauseSpec, Scenario, ThemeLoad

#: Arrival-rate factor per local hour: a peak an hour after each opening, a dip before closing.
BUSY_PROFILE: dict[int, float] = {
    8: 0.9,
    9: 1.25,
    10: 1.3,
    11: 0.8,
    13: 0.8,
    14: 1.2,
    15: 1.1,
    16: 0.75,
}


def busy_hall() -> HallConfig:
    """Six queues, eight themes, twelve windows. Four comprehensive windows (综合窗口) share the
    一件事 queue (weight 2) with 社保医保 (weight 1) and take 咨询 as a fallback; special windows
    serve their line and fall back on a neighbour's. Open 08:30–12:00 and 13:00–17:30."""
    queues = (
        QueueConfig("pickup", "Q", "取件", "pick-up", ("pickup",), fallback_service_seconds=60),
        QueueConfig("consult", "Z", "咨询", "enquiries", ("consult",), fallback_service_seconds=90),
        QueueConfig(
            "social",
            "S",
            "社保医保",
            "social and medical insurance",
            ("social_insurance", "medical_insurance"),
            fallback_service_seconds=90,
        ),
        QueueConfig(
            "one_thing",
            "Y",
            "一件事",
            "one-thing themes",
            # The simulator's load names, then the catalog's person themes (resources/catalog).
            ("birth", "retirement", "BIRTH", "RETIRE", "POSTHUMOUS", "VETERAN", "MARRIAGE"),
            fallback_service_seconds=180,
        ),
        QueueConfig(
            "company",
            "E",
            "企业开办",
            "company set-up",
            ("company", "STARTUP", "RESTAURANT"),
            fallback_service_seconds=240,
        ),
        QueueConfig(
            "property", "B", "不动产", "real estate", ("property",), fallback_service_seconds=120
        ),
    )
    comprehensive = (Serve("one_thing", 2), Serve("social", 1), Serve("consult", 0))
    special = WindowKind.SPECIAL
    windows = (
        *(WindowConfig(n, f"{n}号综合窗口", comprehensive) for n in (1, 2, 3, 4)),
        WindowConfig(5, "5号社保窗口", (Serve("social"), Serve("one_thing", 0)), special),
        WindowConfig(6, "6号社保窗口", (Serve("social"), Serve("one_thing", 0)), special),
        WindowConfig(7, "7号企业窗口", (Serve("company"), Serve("property", 0)), special),
        WindowConfig(8, "8号企业窗口", (Serve("company"), Serve("property", 0)), special),
        WindowConfig(9, "9号不动产窗口", (Serve("property"), Serve("company", 0)), special),
        WindowConfig(10, "10号取件窗口", (Serve("pickup"), Serve("consult", 0)), special),
        WindowConfig(11, "11号取件咨询窗口", (Serve("pickup"), Serve("consult")), special),
        WindowConfig(12, "12号咨询窗口", (Serve("consult"), Serve("pickup", 0)), special),
    )
    return HallConfig(
        "busy-hall",
        "示例县政务服务中心",
        queues,
        windows,
        sessions=(Session(time(8, 30), time(12)), Session(time(13), time(17, 30))),
        priority_ratio=PriorityRatio(2, 1),
        recall_limit=2,
        no_show=NoShowRule(requeue_after=3, max_requeues=1),
        cut_off=timedelta(minutes=30),
    )


#: Tickets per hour at factor 1, mean service seconds, lognormal shape. Offered load per queue
#: against its windows' shares is about 0.75–0.9 on average, above 1 at the peaks.
BUSY_THEMES: tuple[ThemeLoad, ...] = (
    ThemeLoad("pickup", 105.0, 40.0, 0.4),
    ThemeLoad("consult", 70.0, 60.0, 0.6),
    ThemeLoad("social_insurance", 70.0, 80.0, 0.6),
    ThemeLoad("medical_insurance", 55.0, 75.0, 0.6),
    ThemeLoad("birth", 28.0, 150.0, 0.6),
    ThemeLoad("retirement", 26.0, 140.0, 0.6),
    ThemeLoad("company", 30.0, 180.0, 0.7),
    ThemeLoad("property", 28.0, 110.0, 0.6),
)


def busy_day(seed: int, *, day: date | None = None, estimate: bool = True) -> Scenario:
    """About 3,000 tickets over the day on `busy_hall`, with breaks, no-shows and priority."""
    return Scenario(
        config=busy_hall(),
        day=day or date(2024, 5, 6),
        themes=BUSY_THEMES,
        profile=BUSY_PROFILE,
        pauses=(
            PauseSpec(2, time(10, 30), time(10, 50), "休息"),
            PauseSpec(6, time(11, 0), time(11, 20), "休息"),
            PauseSpec(3, time(15, 0), time(15, 20), "休息"),
            PauseSpec(11, time(15, 30), time(15, 45), "休息"),
        ),
        priority_share=0.08,
        green_share=0.01,
        no_show_share=0.04,
        return_share=0.5,
        walk_seconds=20.0,
        recall_seconds=45.0,
        estimate=estimate,
        seed=seed,
    )
