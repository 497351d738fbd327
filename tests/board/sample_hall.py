"""A busy moment and an empty hall for the layout tests and the screenshots: the dev server's
`busy-hall` (twelve windows, six queues) as the board's model sees it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from board.model import BoardModel
from hallcore.queue.scenarios import busy_hall

NINE = datetime(2024, 5, 6, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def hall_dict() -> dict[str, object]:
    config = busy_hall()
    return {
        "hall_id": config.hall_id,
        "name_zh": config.name_zh,
        "queues": [
            {"code": q.code, "prefix": q.prefix, "name_zh": q.name_zh} for q in config.queues
        ],
        "windows": [{"number": w.number, "name_zh": w.name_zh} for w in config.windows],
    }


def empty_model() -> BoardModel:
    model = BoardModel()
    model.set_hall(hall_dict())
    windows = [
        {"number": w.number, "name_zh": w.name_zh, "state": "idle", "ticket_number": None}
        for w in busy_hall().windows
    ]
    model.replace({"seq": 0, "windows": windows, "tickets": []})
    return model


def busy_model() -> BoardModel:
    """Twelve windows mid-morning: calls, services, a pause, long numbers, a recall."""
    model = empty_model()
    prefixes = {"one_thing": "Y", "social": "S", "consult": "Z", "pickup": "Q", "company": "E",
                "property": "B"}  # fmt: skip
    waiting = {"one_thing": 23, "social": 17, "consult": 9, "pickup": 31, "company": 6,
               "property": 4}  # fmt: skip
    seq = 0
    for queue, count in waiting.items():
        for i in range(count):
            seq += 1
            number = f"{prefixes[queue]}{100 + i:03d}"
            model.apply("take", {"number": number, "at": NINE.isoformat()}, seq)
    calls = [
        *[("Y088", 1), ("S061", 5), ("Q098", 10), ("Z047", 12), ("E018", 7), ("B029", 9)],
        *[("Y089", 2), ("S062", 6), ("Q099", 11), ("Y090", 4), ("E019", 8), ("Y091", 3)],
    ]
    for i, (number, window) in enumerate(calls):
        seq += 1
        at = NINE + timedelta(minutes=i)
        model.apply("call", {"number": number, "window": window, "at": at.isoformat()}, seq)
    for number, window in [("Y088", 1), ("S061", 5), ("Q098", 10), ("E018", 7), ("B029", 9)]:
        seq += 1
        model.apply("start", {"number": number, "window": window, "at": NINE.isoformat()}, seq)
    seq += 1
    model.apply("finish", {"number": "Z047", "window": 12, "at": NINE.isoformat()}, seq)
    seq += 1
    model.apply("window_pause", {"window": 12, "reason": "休息", "at": NINE.isoformat()}, seq)
    return model
