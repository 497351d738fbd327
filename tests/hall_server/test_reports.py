"""The report over two business days, against figures this test computes itself from the
tickets it created: the times it set the clock to when it took, called, started and finished
each one, the no-shows it declared, the ratings it gave — never from the server's code."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hallcore.catalog import load_catalog, resolve
from tests.hall_server.conftest import MONDAY_9AM, Hall
from tests.hall_server.test_cases import CITIZEN, complete_answers

THEMES = {  # theme → (queue, the window that serves it)
    "social_insurance": ("social", 5),
    "medical_insurance": ("social", 5),
    "pickup": ("pickup", 11),
    "consult": ("consult", 11),
}


@dataclass
class Record:
    number: str
    ticket_id: str
    theme: str
    channel: str
    taken: datetime
    called: datetime | None = None
    started: datetime | None = None
    ended: datetime | None = None
    no_show: bool = False
    window: int | None = None
    clerk: str | None = None
    level: int | None = None


def set_clock(hall: Hall, moment: datetime) -> None:
    hall.app.state.server.clock = lambda: moment


def nearest_rank_p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def play_day(hall: Hall, day: int, rng: random.Random, actors: dict[str, str]) -> list[Record]:
    """Tickets every 2–4 minutes from 09:00, then the two windows work through them."""
    clock = MONDAY_9AM.replace(day=day)
    records: list[Record] = []
    for _ in range(14):
        clock += timedelta(minutes=rng.randint(2, 4))
        set_clock(hall, clock)
        theme = rng.choice(sorted(THEMES))
        channel = rng.choice(["kiosk", "kiosk", "window", "mobile"])
        issued = hall.post("kiosk", "/tickets", {"theme": theme, "channel": channel})
        assert issued.status_code == 201, issued.text
        ticket = issued.json()["ticket"]
        records.append(Record(ticket["number"], ticket["ticket_id"], theme, channel, clock))
    by_number = {r.number: r for r in records}
    for number, role in ((5, "clerk"), (11, "manager")):
        while True:
            clock += timedelta(minutes=rng.randint(1, 3))
            set_clock(hall, clock)
            response = hall.post(role, f"/windows/{number}/call-next")
            if response.status_code != 200 or response.json().get("ticket") is None:
                break
            record = by_number[response.json()["ticket"]["number"]]
            record.called, record.window, record.clerk = clock, number, actors[role]
            ref = {"ticket_id": record.ticket_id}
            if rng.random() < 0.15:
                clock += timedelta(minutes=1)
                set_clock(hall, clock)
                gone = hall.post(role, f"/windows/{number}/no-show", ref)
                assert gone.status_code == 200, gone.text
                record.no_show = True
                continue
            clock += timedelta(seconds=rng.randint(20, 90))
            set_clock(hall, clock)
            assert hall.post(role, f"/windows/{number}/start", ref).status_code == 200
            record.started = clock
            clock += timedelta(seconds=rng.randint(60, 900))
            set_clock(hall, clock)
            assert hall.post(role, f"/windows/{number}/finish", ref).status_code == 200
            record.ended = clock
            if rng.random() < 0.7:
                level = rng.randint(1, 5)
                body: dict[str, Any] = {"ticket_id": record.ticket_id, "level": level}
                if level <= 2:
                    body["reason"] = "等候太久"
                assert hall.post("kiosk", "/ratings", body).status_code == 201
                record.level = level
    return records


def groups(records: list[Record], key: Any) -> list[dict[str, Any]]:
    levels: dict[str, list[int]] = defaultdict(list)
    for r in records:
        if r.level is not None:
            levels[key(r)].append(r.level)
    return [
        {"key": k, "count": len(v), "mean": sum(v) / len(v), "bad": sum(x <= 2 for x in v)}
        for k, v in sorted(levels.items())
    ]


def test_the_report_matches_the_figures_computed_from_the_tickets(hall: Hall) -> None:
    doc = hall.get("manager", "/hall/config").json()
    doc["no_show"]["max_requeues"] = 0  # a no-show is final: the test knows every one
    headers = {**hall.headers("manager"), "If-Match": '"1"'}
    assert hall.client.put("/api/v1/hall/config", json=doc, headers=headers).status_code == 200
    actors = {role: hall.get(role, "/me").json()["actor"] for role in ("clerk", "manager")}
    rng = random.Random(20240506)
    records = play_day(hall, 6, rng, actors) + play_day(hall, 7, rng, actors)
    set_clock(hall, MONDAY_9AM.replace(day=7, hour=16))
    case = hall.post(
        "clerk",
        "/cases",
        {"theme": "BIRTH", "applicant": CITIZEN, "answers": complete_answers("BIRTH")},
    )
    assert case.status_code == 201, case.text

    report = hall.get("manager", "/reports", params={"from": "2024-05-06", "to": "2024-05-07"})
    assert report.status_code == 200, report.text
    got = report.json()

    assert (got["from"], got["to"]) == ("2024-05-06", "2024-05-07")
    assert got["tickets"] == {
        "total": len(records),
        "by_theme": dict(sorted(Counter(r.theme for r in records).items())),
        "by_channel": dict(Counter(r.channel for r in records)),
    }
    waits = [(r.called - r.taken).total_seconds() for r in records if r.called is not None]
    assert got["waits"]["count"] == len(waits)
    assert math.isclose(got["waits"]["mean_seconds"], sum(waits) / len(waits))
    assert got["waits"]["p90_seconds"] == nearest_rank_p90(waits)
    over = sum(w > 30 * 60 for w in waits) / len(waits)
    assert math.isclose(got["waits"]["over_target_share"], over)
    services = [
        (r.ended - r.started).total_seconds()
        for r in records
        if r.started is not None and r.ended is not None
    ]
    assert got["service"]["count"] == len(services)
    assert math.isclose(got["service"]["mean_seconds"], sum(services) / len(services))
    assert got["service"]["p90_seconds"] == nearest_rank_p90(services)
    no_shows = sum(r.no_show for r in records)
    assert no_shows > 0
    assert got["no_shows"] == no_shows
    assert math.isclose(got["no_show_share"], no_shows / len(records))

    catalog = load_catalog()
    answers = {k: tuple(v) for k, v in complete_answers("BIRTH").items()}
    multi = int(len(resolve(catalog.theme("BIRTH"), answers, catalog.fields).items) > 1)
    assert got["one_thing"] == {
        "cases": 1,
        "multi_item": multi,
        "share_of_cases": float(multi),
        "share_of_tickets": multi / len(records),
    }

    rated = [r for r in records if r.level is not None]
    ratings = got["ratings"]
    assert ratings["count"] == len(rated)
    assert ratings["levels"] == {str(n): sum(r.level == n for r in rated) for n in range(1, 6)}
    assert ratings["by_window"] == groups(records, lambda r: str(r.window))
    assert ratings["by_theme"] == groups(records, lambda r: r.theme)
    assert ratings["by_clerk"] == groups(records, lambda r: r.clerk)
    bad = sum(r.level is not None and r.level <= 2 for r in records)
    assert ratings["follow_up_states"] == ({"open": bad} if bad else {})

    only_monday = hall.get("manager", "/reports", params={"from": "2024-05-06", "to": "2024-05-06"})
    monday = [r for r in records if r.taken.day == 6]
    assert only_monday.json()["tickets"]["total"] == len(monday)


def test_a_bad_range_is_refused(hall: Hall) -> None:
    backwards = hall.get("manager", "/reports", params={"from": "2024-05-07", "to": "2024-05-06"})
    assert (backwards.status_code, backwards.json()["code"]) == (422, "bad_range")
    assert backwards.json()["message_zh"] == "结束日期早于开始日期"
    too_long = hall.get("manager", "/reports", params={"from": "2023-01-01", "to": "2024-05-06"})
    assert (too_long.status_code, too_long.json()["code"]) == (422, "range_too_long")
    assert (
        hall.get("clerk", "/reports", params={"from": "2024-05-06", "to": "2024-05-06"}).status_code
        == 403
    )
