"""The hall's configuration in the database: seeded from the sample hall, read with its version,
replaced with If-Match (412 when stale), validated by hallcore with every problem at once,
audited, announced by an event, live on the next queue operation, and kept across restarts."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from hall_server.hall_config import HallConfigDoc, build
from hall_server.models import EventRow
from hallcore.queue.scenarios import busy_hall
from tests.hall_server.conftest import Hall, TestClient, enrol_everyone


def put(hall: Hall, doc: dict[str, Any], version: int, *, key: str | None = None) -> Any:
    headers = {**hall.headers("manager"), "If-Match": f'"{version}"'}
    if key is not None:
        headers["Idempotency-Key"] = key
    return hall.client.put("/api/v1/hall/config", json=doc, headers=headers)


def test_the_first_start_seeds_the_sample_hall(hall: Hall) -> None:
    response = hall.get("manager", "/hall/config")
    assert response.status_code == 200, response.text
    assert response.headers["ETag"] == '"1"'
    doc = response.json()
    assert doc["version"] == 1
    assert doc["follow_up_working_days"] == 5
    config, settings = build(HallConfigDoc.model_validate(doc))
    assert config == busy_hall()  # the document holds the whole queue configuration
    assert settings.target_wait_seconds("social") == 30 * 60
    assert hall.get("clerk", "/hall/config").status_code == 403
    assert hall.get("clerk", "/hall").status_code == 200


def test_a_change_is_audited_announced_and_live(hall: Hall) -> None:
    doc = hall.get("manager", "/hall/config").json()
    changed = copy.deepcopy(doc)
    social = next(q for q in changed["queues"] if q["code"] == "social")
    social["cap_am"] = 1
    changed["follow_up_working_days"] = 15
    changed["holidays"] = [{"day": "2024-05-07", "working": False, "reason": "线路改造停电"}]
    response = put(hall, changed, 1, key="cfg-1")
    assert response.status_code == 200, response.text
    assert response.json()["version"] == 2
    assert response.headers["ETag"] == '"2"'
    replay = put(hall, changed, 1, key="cfg-1")
    assert (replay.status_code, replay.headers.get("Idempotent-Replayed")) == (200, "true")

    # Live: the first walk-in of the morning fits the cap of 1, the second is refused.
    first = hall.post("kiosk", "/tickets", {"queue": "social"})
    assert first.status_code == 201, first.text
    second = hall.post("kiosk", "/tickets", {"queue": "social"})
    assert (second.status_code, second.json()["code"]) == (422, "cap_reached")

    audit = hall.get("manager", "/hall/config/audit").json()
    assert [(a["version"], a["changed"]) for a in audit] == [
        (2, ["queues.social", "holidays", "follow_up_working_days"]),
        (1, ["*"]),
    ]
    assert audit[0]["actor"].startswith("user:")
    server = hall.app.state.server
    assert not server.lifecycle.calendar.is_working_day(date(2024, 5, 7))  # the closure
    with server.db.read() as session:
        announced = session.scalars(
            select(EventRow.data).where(EventRow.kind == "hall_config_changed")
        ).all()
    assert announced == [
        {"version": 2, "changed": ["queues.social", "holidays", "follow_up_working_days"]}
    ]


def test_a_stale_version_is_refused(hall: Hall) -> None:
    doc = hall.get("manager", "/hall/config").json()
    doc["recall_limit"] = 3
    assert put(hall, doc, 1).status_code == 200
    doc["recall_limit"] = 4
    stale = put(hall, doc, 1)
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_version")
    assert "当前第 2 版" in stale.json()["message_zh"]
    assert hall.get("manager", "/hall/config").json()["recall_limit"] == 3


def test_every_problem_is_reported_at_once(hall: Hall) -> None:
    doc = hall.get("manager", "/hall/config").json()
    doc["queues"][0]["prefix"] = "q1"  # not capital letters
    doc["queues"][2]["themes"] = ["consult"]  # the theme of queue 1 as well
    doc["windows"][4]["serves"] = [{"queue": "nowhere", "weight": 1}]
    doc["sessions"] = [{"start": "12:00", "end": "09:00"}]
    response = put(hall, doc, 1)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "invalid_config"
    problems = body["detail"]["problems"]
    paths = [p["path"] for p in problems]
    assert "queues[0]" in paths
    assert "windows[4]" in paths
    assert "" in paths
    assert any("主题 consult 分配给了多个队列" in p["message_zh"] for p in problems)
    assert any("营业时段" in p["message_zh"] for p in problems)
    assert all(p["message_en"] for p in problems)
    assert "配置有" in body["message_zh"]
    assert len(problems) >= 4
    assert hall.get("manager", "/hall/config").headers["ETag"] == '"1"'  # nothing stored


def test_the_stored_version_survives_a_restart(app_factory: Callable[..., FastAPI]) -> None:
    with TestClient(app_factory()) as client:
        hall = Hall(client.app, client, enrol_everyone(client))  # type: ignore[arg-type]
        doc = hall.get("manager", "/hall/config").json()
        doc["windows"] = [w for w in doc["windows"] if w["number"] != 12]
        assert put(hall, doc, 1).status_code == 200
    with TestClient(app_factory()) as client:
        server = client.app.state.server  # type: ignore[attr-defined]
        assert [w.number for w in server.halls["busy-hall"].windows] == list(range(1, 12))
        assert server.hall_settings["busy-hall"].version == 2


def test_a_queue_with_open_tickets_cannot_be_removed(hall: Hall) -> None:
    assert hall.post("kiosk", "/tickets", {"queue": "property"}).status_code == 201
    doc = hall.get("manager", "/hall/config").json()
    doc["queues"] = [q for q in doc["queues"] if q["code"] != "property"]
    for window in doc["windows"]:
        window["serves"] = [s for s in window["serves"] if s["queue"] != "property"]
        if window["number"] == 9:  # the property window takes company set-up instead
            window["serves"] = [{"queue": "company", "weight": 1}]
    refused = put(hall, doc, 1)
    assert (refused.status_code, refused.json()["code"]) == (409, "queue_in_use")
    assert refused.json()["message_zh"] == "队列 property 今天还有未办结的号，不能删除"
    assert hall.get("manager", "/figures/live").status_code == 200


def test_a_version_stored_by_another_process_runs_the_next_operation(
    app_factory: Callable[..., FastAPI],
) -> None:
    """Two server processes on one database: what one stores, the other's queue runs on."""
    with TestClient(app_factory()) as first_client, TestClient(app_factory()) as second_client:
        first = Hall(first_client.app, first_client, enrol_everyone(first_client))  # type: ignore[arg-type]
        second_kiosk = {"Authorization": f"Bearer {first.tokens['kiosk']}"}
        doc = first.get("manager", "/hall/config").json()
        next(q for q in doc["queues"] if q["code"] == "pickup")["cap_am"] = 0
        assert put(first, doc, 1).status_code == 200
        refused = second_client.post(
            "/api/v1/tickets",
            json={"queue": "pickup"},
            headers={**second_kiosk, "Idempotency-Key": "other-process"},
        )
        assert (refused.status_code, refused.json()["code"]) == (422, "cap_reached")
        server = second_client.app.state.server  # type: ignore[attr-defined]
        assert server.hall_settings["busy-hall"].version == 2
