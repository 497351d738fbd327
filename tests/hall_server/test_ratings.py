"""好差评 over HTTP: a finished service is rated once; a 差评 needs a reason and a follow-up."""

from __future__ import annotations

from datetime import date
from typing import Any

from hallcore.workdays import WorkingCalendar
from tests.hall_server.conftest import MONDAY_9AM, Hall


def served_ticket(hall: Hall) -> str:
    hall.post("kiosk", "/tickets", {"queue": "social"})
    ticket = hall.post("clerk", "/windows/5/call-next").json()["ticket"]
    ref = {"ticket_id": ticket["ticket_id"]}
    hall.post("clerk", "/windows/5/start", ref)
    hall.post("clerk", "/windows/5/finish", ref)
    return str(ticket["ticket_id"])


def test_a_bad_rating_needs_a_reason_and_gets_a_follow_up(hall: Hall) -> None:
    ticket_id = served_ticket(hall)
    no_reason = hall.post("clerk", "/ratings", {"ticket_id": ticket_id, "level": 1})
    assert (no_reason.status_code, no_reason.json()["code"]) == (422, "reason_required")
    assert no_reason.json()["message_zh"] == "差评须填写原因"
    rated = hall.post(
        "clerk", "/ratings", {"ticket_id": ticket_id, "level": 2, "reason": "等候时间太长"}
    )
    assert rated.status_code == 201, rated.text
    rating = rated.json()
    assert (rating["label_zh"], rating["bad"], rating["window"]) == ("不满意", True, 5)
    again = hall.post("kiosk", "/ratings", {"ticket_id": ticket_id, "level": 5})
    assert (again.status_code, again.json()["code"]) == (409, "already_rated")
    followed = hall.post(
        "manager",
        f"/ratings/{rating['id']}/follow-ups",
        {"note": "已电话回访，致歉并说明高峰时段", "resolved": True},
    )
    assert followed.status_code == 201, followed.text
    listed = hall.get("manager", "/ratings", params={"bad_only": True}).json()
    assert [(r["id"], len(r["follow_ups"])) for r in listed] == [(rating["id"], 1)]
    assert listed[0]["follow_ups"][0]["resolved"] is True


def test_only_a_finished_service_is_rated(hall: Hall) -> None:
    waiting = hall.post("kiosk", "/tickets", {"queue": "social"}).json()["ticket"]["ticket_id"]
    early = hall.post("kiosk", "/ratings", {"ticket_id": waiting, "level": 5})
    assert (early.status_code, early.json()["code"]) == (409, "not_finished")
    unknown = hall.post("kiosk", "/ratings", {"ticket_id": "20240506-X999", "level": 5})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_ticket")
    assert hall.post("kiosk", "/ratings", {"ticket_id": waiting, "level": 6}).status_code == 422


def bad_rating(hall: Hall) -> dict[str, Any]:
    ticket_id = served_ticket(hall)
    rated = hall.post("kiosk", "/ratings", {"ticket_id": ticket_id, "level": 1, "reason": "态度差"})
    assert rated.status_code == 201, rated.text
    return dict(rated.json())


def step(hall: Hall, rating_id: int, name: str, **extra: Any) -> Any:
    return hall.post("manager", f"/ratings/{rating_id}/loop", {"step": name, "note": name, **extra})


def test_the_follow_up_loop_runs_in_order_to_its_close(hall: Hall) -> None:
    rating = bad_rating(hall)
    loop = rating["loop"]
    # Rated on Monday 2024-05-06: due 5 working days later on the hall's calendar.
    due = WorkingCalendar().add_working_days(date(2024, 5, 6), 5)
    assert (loop["state"], loop["due_on"], loop["overdue"]) == ("open", due.isoformat(), False)
    good = hall.post("kiosk", "/ratings", {"ticket_id": served_ticket(hall), "level": 5})
    assert good.json()["loop"] is None
    no_loop = step(hall, good.json()["id"], "assign", assignee="王科长")
    assert (no_loop.status_code, no_loop.json()["code"]) == (409, "no_follow_up")

    early = step(hall, rating["id"], "verify")
    assert (early.status_code, early.json()["code"]) == (409, "loop_step")
    assert early.json()["message_zh"] == "当前为「待指派」，不能「核实」"
    nobody = step(hall, rating["id"], "assign")
    assert (nobody.status_code, nobody.json()["code"]) == (422, "assignee_required")
    for name, state in [
        ("assign", "assigned"),
        ("call_back", "called_back"),
        ("verify", "verified"),
        ("rectify", "rectified"),
        ("close", "closed"),
    ]:
        extra = {"assignee": "王科长"} if name == "assign" else {}
        response = step(hall, rating["id"], name, **extra)
        assert response.status_code == 200, response.text
        assert response.json()["loop"]["state"] == state
    closed = response.json()
    assert closed["loop"]["assignee"] == "王科长"
    assert closed["loop"]["closed_at"] is not None
    assert [f["note"] for f in closed["follow_ups"]] == [
        "[指派] assign",
        "[回访] call_back",
        "[核实] verify",
        "[整改] rectify",
        "[办结] close",
    ]
    assert [f["resolved"] for f in closed["follow_ups"]][-1] is True
    assert step(hall, rating["id"], "close").status_code == 409


def test_an_overdue_follow_up_is_an_alert_and_the_deadline_follows_the_config(hall: Hall) -> None:
    first = bad_rating(hall)
    doc = hall.get("manager", "/hall/config").json()
    doc["follow_up_working_days"] = 15
    headers = {**hall.headers("manager"), "If-Match": '"1"'}
    assert hall.client.put("/api/v1/hall/config", json=doc, headers=headers).status_code == 200
    second = bad_rating(hall)
    calendar = WorkingCalendar()
    assert first["loop"]["due_on"] == calendar.add_working_days(date(2024, 5, 6), 5).isoformat()
    assert second["loop"]["due_on"] == calendar.add_working_days(date(2024, 5, 6), 15).isoformat()

    alerts = hall.get("manager", "/figures/live").json()["alerts"]
    follow_ups = [a for a in alerts if a["kind"] == "rating_follow_up"]
    assert [a["ref"] for a in follow_ups] == [str(first["id"]), str(second["id"])]
    assert not any("逾期" in a["message_zh"] for a in follow_ups)

    after = calendar.add_working_days(date(2024, 5, 6), 6)
    moment = MONDAY_9AM.replace(month=after.month, day=after.day)
    hall.app.state.server.clock = lambda: moment
    figures = hall.get("manager", "/figures/live").json()
    overdue = [o["rating_id"] for o in figures["follow_ups_open"] if o["overdue"]]
    assert overdue == [first["id"]]
    late = [
        a
        for a in figures["alerts"]
        if a["kind"] == "rating_follow_up" and "逾期" in a["message_zh"]
    ]
    assert [a["ref"] for a in late] == [str(first["id"])]
    listed = hall.get("manager", "/ratings", params={"bad_only": True}).json()
    assert {r["id"]: r["loop"]["overdue"] for r in listed} == {
        first["id"]: True,
        second["id"]: False,
    }
