"""The live figures against a morning played through the API with a moving clock: waiting
counts, longest waits and targets, window states and idle-while-waiting, served today, the
hours, and case clocks read on the working calendar (the oracle here is hallcore's calendar
and the times this test chose, not the server's code)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hallcore.workdays import WorkingCalendar
from tests.hall_server.conftest import MONDAY_9AM, Hall
from tests.hall_server.test_case_lifecycle import FORM, application_form, new_case, photo
from tests.hall_server.test_cases import CITIZEN, complete_answers


def at(hall: Hall, hour: int, minute: int, day: int = 6) -> datetime:
    moment = MONDAY_9AM.replace(day=day, hour=hour, minute=minute)
    hall.app.state.server.clock = lambda: moment
    return moment


def on(hall: Hall, day: date) -> None:
    """09:00 on `day` in the hall."""
    moment = MONDAY_9AM.replace(year=day.year, month=day.month, day=day.day)
    hall.app.state.server.clock = lambda: moment


def queue(figures: dict[str, Any], code: str) -> dict[str, Any]:
    return next(q for q in figures["queues"] if q["code"] == code)


def window(figures: dict[str, Any], number: int) -> dict[str, Any]:
    return next(w for w in figures["windows"] if w["number"] == number)


def test_a_morning_in_figures(hall: Hall) -> None:
    doc = hall.get("manager", "/hall/config").json()
    next(q for q in doc["queues"] if q["code"] == "social")["target_length"] = 1
    headers = {**hall.headers("manager"), "If-Match": '"1"'}
    assert hall.client.put("/api/v1/hall/config", json=doc, headers=headers).status_code == 200

    numbers = []
    for minute in (0, 5, 10):
        at(hall, 9, minute)
        numbers.append(hall.post("kiosk", "/tickets", {"queue": "social"}).json()["ticket"])
    at(hall, 9, 20)
    first = hall.post("clerk", "/windows/5/call-next").json()["ticket"]
    assert first["number"] == numbers[0]["number"]
    at(hall, 9, 21)
    hall.post("clerk", "/windows/5/start", {"ticket_id": first["ticket_id"]})
    at(hall, 9, 30)
    hall.post("clerk", "/windows/5/finish", {"ticket_id": first["ticket_id"]})
    at(hall, 9, 31)
    second = hall.post("clerk", "/windows/5/call-next").json()["ticket"]
    hall.post("clerk", "/windows/5/start", {"ticket_id": second["ticket_id"]})
    at(hall, 9, 40)
    hall.post("kiosk", "/tickets", {"queue": "social"})

    at(hall, 9, 50)
    figures = hall.get("manager", "/figures/live").json()
    assert figures["business_date"] == "2024-05-06"
    assert figures["config_version"] == 2
    social = queue(figures, "social")
    assert social["waiting"] == 2
    assert social["longest_wait_seconds"] == 40 * 60  # 09:10 → 09:50
    assert (social["target_wait_seconds"], social["target_length"]) == (30 * 60, 1)
    assert social["wait_broken"]
    assert social["length_broken"]
    assert social["estimated_wait_seconds"] is not None
    assert social["estimated_wait_seconds"] > 0
    company = queue(figures, "company")
    assert (company["waiting"], company["longest_wait_seconds"], company["wait_broken"]) == (
        0,
        None,
        False,
    )
    five = window(figures, 5)
    assert (five["state"], five["ticket_number"], five["served_today"]) == (
        "serving",
        second["number"],
        1,
    )
    assert five["service_seconds"] == 19 * 60
    assert not five["service_broken"]
    # Windows 1–4 and 6 serve social and stand idle while two wait; 7 serves nothing waiting.
    idle = sorted(w["number"] for w in figures["windows"] if w["idle_while_waiting"])
    assert idle == [1, 2, 3, 4, 6]
    kinds = sorted(a["kind"] for a in figures["alerts"])
    assert kinds == ["longest_wait", "queue_length"]
    nine = next(h for h in figures["hours"] if h["hour"] == 9)
    # Taken at 09:00 and 09:05, first called 09:20 and 09:31: waits of 20 and 26 minutes.
    assert (nine["arrivals"], nine["called"], nine["mean_wait_seconds"]) == (4, 2, 23 * 60)
    assert [h["hour"] for h in figures["hours"]] == list(range(8, 18))
    assert figures["event_seq"] > 0

    at(hall, 9, 55)  # 24 minutes into a service against a 20-minute target
    figures = hall.get("clerk", "/figures/live").json()
    assert window(figures, 5)["service_broken"]
    alert = next(a for a in figures["alerts"] if a["kind"] == "service_time")
    assert (alert["window"], alert["ref"]) == (5, second["number"])
    assert "超过目标20分钟" in alert["message_zh"]
    assert hall.get("kiosk", "/figures/live").status_code == 403


def test_cases_in_progress_and_their_clocks(hall: Hall) -> None:
    at(hall, 9, 0, day=6)
    body = {"theme": "BIRTH", "applicant": CITIZEN, "answers": complete_answers("BIRTH")}
    created = hall.post("clerk", "/cases", body)
    assert created.status_code == 201, created.text
    case_id = created.json()["case_id"]
    calendar = WorkingCalendar()
    notice_due = calendar.add_working_days(date(2024, 5, 6), 5)

    at(hall, 10, 0, day=7)
    cases = hall.get("manager", "/figures/live").json()["cases"]
    assert cases["in_progress"] == [
        {"theme": "BIRTH", "state": "received", "state_zh": "已收件", "count": 1}
    ]
    assert cases["deemed_risk"] == []  # 4 working days left, more than 3
    left = calendar.working_days_between(date(2024, 5, 7), notice_due)
    assert left > 3

    at(hall, 10, 0, day=notice_due.day)
    cases = hall.get("manager", "/figures/live", params={"due_soon": 0}).json()["cases"]
    assert [(c["case_id"], c["due_on"], c["working_days_left"]) for c in cases["deemed_risk"]] == [
        (case_id, notice_due.isoformat(), 0)
    ]
    later = calendar.add_working_days(notice_due, 2)
    at(hall, 10, 0, day=later.day)
    cases = hall.get("manager", "/figures/live").json()["cases"]
    assert cases["deemed_risk"][0]["working_days_left"] == -2
    assert cases["overdue"] == []
    assert cases["due_soon"] == []


def test_an_accepted_case_comes_due_then_overdue(hall: Hall) -> None:
    at(hall, 9, 0, day=6)
    materials = {"APPLICATION_FORM": application_form(hall), "CHILD_PHOTO": photo(hall)}
    case_id = new_case(hall, form=FORM, materials=materials, delivery="window")
    assert hall.post("clerk", f"/cases/{case_id}/precheck").status_code == 200
    accepted = hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "accept"})
    assert accepted.status_code == 200, accepted.text
    due = date.fromisoformat(accepted.json()["promised_due"])
    calendar = WorkingCalendar()

    on(hall, calendar.add_working_days(due, -2))
    cases = hall.get("manager", "/figures/live", params={"due_soon": 2}).json()["cases"]
    assert [(c["case_id"], c["working_days_left"]) for c in cases["due_soon"]] == [(case_id, 2)]
    assert cases["overdue"] == []

    on(hall, calendar.add_working_days(due, 1))
    figures = hall.get("manager", "/figures/live").json()
    overdue = figures["cases"]["overdue"]
    assert [(c["case_id"], c["due_on"], c["working_days_left"]) for c in overdue] == [
        (case_id, due.isoformat(), -1)
    ]
    alert = next(a for a in figures["alerts"] if a["kind"] == "case_overdue")
    assert alert["ref"] == case_id
    assert alert["message_zh"] == f"办件{case_id}已超期1个工作日"
