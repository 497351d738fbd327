"""Appointments (预约签到) on both stores: booking (slot rules on the hall's calendar and hours,
the 8-digit code, idempotency, the applicant sealed), the day's list, cancelling, and the
kiosk's check-in — a ticket numbered in the queue, the same ticket again, another day, an
unknown or cancelled code, a late arrival queued as a walk-in, and the guessing defence (429
after 5 unknown codes). The demo hall's seeded appointments check in too."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from hall_server.demo import DemoCredentials, seed_demo
from hall_server.models import AppointmentRow, EventRow
from tests.hall_server.conftest import MONDAY_9AM, Hall, TestClient

APPLICANT_ID = "110101198503121239"


def slot(hour: int, minute: int = 0, *, day: int = 6, minutes: int = 30) -> dict[str, str]:
    start = MONDAY_9AM.replace(day=day, hour=hour, minute=minute)
    return {"start": start.isoformat(), "end": (start + timedelta(minutes=minutes)).isoformat()}


def book(hall: Hall, role: str = "manager", **body: Any) -> Any:
    return hall.post(role, "/appointments", {"theme": "BIRTH", **slot(9, 30), **body})


def booked(hall: Hall, **body: Any) -> dict[str, Any]:
    response = book(hall, **body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def check_in(hall: Hall, code: str, role: str = "kiosk") -> Any:
    return hall.post(role, "/appointments/check-in", {"code": code})


def at(hall: Hall, moment: datetime) -> None:
    hall.app.state.server.clock = lambda: moment


def events(hall: Hall) -> list[EventRow]:
    with hall.app.state.server.db.read() as session:
        return list(session.scalars(select(EventRow).order_by(EventRow.seq)))


def test_a_booking_checks_in_to_a_numbered_ticket_and_again_to_the_same(hall: Hall) -> None:
    walk_in = hall.post("kiosk", "/tickets", {"theme": "BIRTH"}).json()["ticket"]
    assert walk_in["number"] == "Y001"
    key = hall.headers("manager")
    body = {"theme": "BIRTH", **slot(9, 30), "applicant_id": APPLICANT_ID}
    made = hall.client.post("/api/v1/appointments", json=body, headers=key)
    assert made.status_code == 201, made.text
    appointment = made.json()
    assert re.fullmatch(r"\d{8}", appointment["code"])
    assert appointment == {
        "appointment_id": appointment["appointment_id"],
        "code": appointment["code"],
        "queue": "one_thing",
        "theme": "BIRTH",
        "start": "2024-05-06T09:30:00+08:00",
        "end": "2024-05-06T10:00:00+08:00",
        "state": "booked",
        "applicant_id": "1101**********1239",
        "ticket_id": None,
    }
    replay = hall.client.post("/api/v1/appointments", json=body, headers=key)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == appointment  # the same code, not a second booking
    listed = hall.get("clerk", "/appointments", params={"day": "2024-05-06"}).json()
    assert listed == [appointment]
    assert hall.get("dept", "/appointments").json() == [appointment]  # today by default

    first = check_in(hall, appointment["code"])
    assert first.status_code == 201, first.text
    answer = first.json()
    assert answer["ticket"]["number"] == "Y002"  # numbered in the queue, after the walk-in
    assert (answer["ticket"]["channel"], answer["ticket"]["state"]) == ("appointment", "waiting")
    assert answer["ticket"]["theme"] == "BIRTH"
    assert re.fullmatch(r"[2-9A-Z]{6}", answer["status_secret"])
    assert "estimated_wait_minutes" in answer
    assert answer["appointment"] == {
        "appointment_id": appointment["appointment_id"],
        "start": appointment["start"],
        "end": appointment["end"],
        "lapsed": False,
    }
    # The printer jammed: the same code answers the same ticket, not a second one.
    again = check_in(hall, f" {appointment['code'][:4]} {appointment['code'][4:]} ")
    assert again.status_code == 200, again.text
    assert again.json()["ticket"]["ticket_id"] == answer["ticket"]["ticket_id"]
    assert again.json()["status_secret"] == answer["status_secret"]
    assert again.json()["appointment"] == answer["appointment"]
    by_clerk = check_in(hall, appointment["code"], "clerk")
    assert by_clerk.status_code == 200
    tickets = hall.get("clerk", "/tickets").json()
    assert [t["number"] for t in tickets] == ["Y001", "Y002"]
    now_listed = hall.get("clerk", "/appointments").json()[0]
    assert (now_listed["state"], now_listed["ticket_id"]) == (
        "checked_in",
        answer["ticket"]["ticket_id"],
    )
    # The applicant holds one waiting ticket per queue: the booking's ID number went with it.
    twice = hall.post("kiosk", "/tickets", {"theme": "BIRTH", "applicant_id": APPLICANT_ID})
    assert (twice.status_code, twice.json()["code"]) == (409, "duplicate_ticket")

    # On time, the appointment is called in its slot before the earlier walk-in.
    at(hall, MONDAY_9AM.replace(minute=20))
    called = hall.post("clerk", "/windows/1/call-next").json()["ticket"]
    assert called["number"] == "Y002"

    kinds = [e.kind for e in events(hall)]
    assert kinds.count("appointment_booked") == 1
    assert kinds.count("appointment_checked_in") == 1
    assert kinds.index("appointment_checked_in") == kinds.index("take", kinds.index("take") + 1) + 1
    for event in events(hall):  # neither the code nor the person
        assert appointment["code"] not in str(event.data)
        assert APPLICANT_ID not in str(event.data)
    with hall.app.state.server.db.read() as session:
        row = session.scalars(select(AppointmentRow)).one()
        assert row.applicant_id_enc is not None
        assert APPLICANT_ID.encode() not in row.applicant_id_enc
        assert appointment["code"] not in repr(row)


def test_another_day_an_unknown_code_and_a_cancelled_booking(hall: Hall) -> None:
    tuesday = booked(hall, **slot(10, day=7))
    other = check_in(hall, tuesday["code"])
    assert (other.status_code, other.json()["code"]) == (422, "appointment_other_day")
    assert other.json()["message_zh"] == "您的预约日期是5月7日，请当天来办理"
    assert other.json()["detail"] == {"date": "2024-05-07"}
    assert hall.get("clerk", "/appointments", params={"day": "2024-05-07"}).json() == [tuesday]
    assert hall.get("clerk", "/appointments").json() == []

    unknown_code = "00000000" if tuesday["code"] != "00000000" else "00000001"
    unknown = check_in(hall, unknown_code)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "appointment_unknown")
    assert unknown.json()["message_zh"] == "预约码不存在，请核对后重新输入"
    assert unknown.json()["message_en"]

    today = booked(hall)
    assert hall.post("clerk", f"/appointments/{today['appointment_id']}/cancel").status_code == 403
    cancelled = hall.post("manager", f"/appointments/{today['appointment_id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json() == {**today, "state": "cancelled"}
    again = hall.post("admin", f"/appointments/{today['appointment_id']}/cancel")
    assert again.json() == cancelled.json()
    refused = check_in(hall, today["code"])
    assert (refused.status_code, refused.json()["code"]) == (409, "appointment_cancelled")
    assert [e.kind for e in events(hall)].count("appointment_cancelled") == 1
    missing = hall.post("manager", "/appointments/nope/cancel")
    assert (missing.status_code, missing.json()["code"]) == (404, "appointment_unknown")

    checked = booked(hall, **slot(10))
    assert check_in(hall, checked["code"]).status_code == 201
    too_late = hall.post("manager", f"/appointments/{checked['appointment_id']}/cancel")
    assert (too_late.status_code, too_late.json()["code"]) == (409, "appointment_checked_in")
    assert hall.get("clerk", "/tickets").json()[0]["number"] == "Y001"  # nothing else issued


def test_a_late_arrival_is_queued_as_a_walk_in(hall: Hall) -> None:
    early = booked(hall, **slot(9, 10))  # checked in after 09:40 (30 min late) it lapses
    at(hall, MONDAY_9AM.replace(minute=41))
    walk_in = hall.post("kiosk", "/tickets", {"theme": "BIRTH"}).json()["ticket"]
    at(hall, MONDAY_9AM.replace(minute=45))
    late = check_in(hall, early["code"])
    assert late.status_code == 201, late.text
    assert late.json()["appointment"]["lapsed"] is True
    assert late.json()["ticket"]["number"] == "Y002"
    assert late.json()["waiting_ahead"] == 1  # behind the walk-in, by check-in time
    checked_in = [e for e in events(hall) if e.kind == "appointment_checked_in"]
    assert checked_in[0].data["lapsed"] is True
    called = hall.post("clerk", "/windows/1/call-next").json()["ticket"]
    assert called["number"] == walk_in["number"]
    assert check_in(hall, early["code"]).json()["appointment"]["lapsed"] is True  # reprinted


def test_five_unknown_codes_make_the_device_wait(hall: Hall) -> None:
    good = booked(hall)
    wrong = [f"{n:08d}" for n in range(1, 10) if f"{n:08d}" != good["code"]]
    headers = hall.headers("kiosk")
    first = hall.client.post(
        "/api/v1/appointments/check-in", json={"code": wrong[0]}, headers=headers
    )
    assert first.status_code == 404
    # A replayed request (same key) is not a second guess.
    replay = hall.client.post(
        "/api/v1/appointments/check-in", json={"code": wrong[0]}, headers=headers
    )
    assert (replay.status_code, replay.headers["Idempotent-Replayed"]) == (404, "true")
    for code in wrong[1:5]:
        assert check_in(hall, code).status_code == 404
    blocked = check_in(hall, good["code"])  # even the right code waits now
    assert (blocked.status_code, blocked.json()["code"]) == (429, "too_many_attempts")
    assert blocked.json()["message_zh"] == "输错次数过多，请稍后再试或到咨询台"
    assert blocked.headers["Retry-After"] == "600"
    # Another device is not affected; the clerk's window checks the person in.
    assert check_in(hall, good["code"], "clerk").status_code == 201
    at(hall, MONDAY_9AM + timedelta(minutes=9, seconds=59))
    assert check_in(hall, good["code"]).status_code == 429
    at(hall, MONDAY_9AM + timedelta(minutes=10))
    assert check_in(hall, good["code"]).status_code == 200  # the failures aged out


def test_a_booking_must_fit_the_halls_hours_and_calendar(hall: Hall) -> None:
    cases = [
        (slot(10, day=12), 422, "slot_not_working_day"),  # a Sunday
        (slot(10, day=4), 422, "slot_past"),  # Labour Day, and past anyway
        (slot(12), 422, "slot_outside_hours"),  # lunch
        (slot(11, 45), 422, "slot_outside_hours"),  # runs into the lunch break
        (slot(8, 0), 422, "slot_past"),  # earlier today
        (slot(10, minutes=0), 422, "bad_slot"),
        ({**slot(10), "queue": "one_thing"}, 422, "queue_or_theme"),
        ({**slot(10), "applicant_id": "110101198503121238"}, 422, "invalid_applicant_id"),
        ({**slot(10), "theme": "NO_SUCH_THEME"}, 404, "unknown_queue"),
    ]
    for body, status, code in cases:
        response = hall.post("manager", "/appointments", {"theme": "BIRTH", **body})
        assert (response.status_code, response.json()["code"]) == (status, code), body
    sunday = hall.post("manager", "/appointments", {"theme": "BIRTH", **slot(10, day=12)})
    assert sunday.json()["message_zh"].startswith("5月12日不是工作日")
    bad_id = hall.post(
        "manager",
        "/appointments",
        {"theme": "BIRTH", **slot(10), "applicant_id": "110101198503121238"},
    )
    assert "110101198503121238" not in bad_id.text
    # 2024-05-11 is a Saturday worked in lieu of the Labour Day holiday (调休上班).
    saturday = book(hall, **slot(10, day=11))
    assert saturday.status_code == 201, saturday.text
    by_queue = hall.post("admin", "/appointments", {"queue": "company", **slot(14, day=7)})
    assert by_queue.status_code == 201, by_queue.text
    assert (by_queue.json()["queue"], by_queue.json()["theme"]) == ("company", None)
    for role in ("kiosk", "clerk", "dept", "board"):
        assert book(hall, role).status_code == 403, role
    for role in ("manager", "admin", "dept", "board"):
        assert check_in(hall, "12345678", role).status_code == 403, role
    assert hall.get("kiosk", "/appointments").status_code == 403
    codes = {a["code"] for a in hall.get("clerk", "/appointments?day=2024-05-11").json()}
    codes |= {a["code"] for a in hall.get("clerk", "/appointments?day=2024-05-07").json()}
    assert len(codes) == 2


def test_the_demo_halls_appointments_check_in(
    app_factory: Callable[..., FastAPI], tmp_path: Path
) -> None:
    app = app_factory()
    with TestClient(app) as client:
        _check_in_the_demo(Hall(app, client, {}), tmp_path)


def _check_in_the_demo(hall: Hall, tmp_path: Path) -> None:
    credentials, new = seed_demo(hall.app.state.server, tmp_path)
    assert new
    hall.tokens.update(credentials.devices)
    assert [(a.code, a.theme) for a in credentials.appointments] == [
        ("20240506", "BIRTH"),
        ("31415926", "BIRTH"),
        ("27182818", "BIRTH"),
    ]
    assert credentials.appointments[0].start == "2024-05-06T09:30:00+08:00"
    again, new = seed_demo(hall.app.state.server, tmp_path)
    assert not new
    assert again.appointments == credentials.appointments
    assert DemoCredentials.read(tmp_path).appointments == credentials.appointments
    manager = credentials.account("manager")
    login = hall.client.post(
        "/api/v1/auth/login",
        json={"hall_id": "busy-hall", "username": "manager", "password": manager.password},
    )
    hall.tokens["manager"] = login.json()["token"]
    listed = hall.get("manager", "/appointments").json()
    assert [a["code"] for a in listed] == [a.code for a in credentials.appointments]
    assert {a["state"] for a in listed} == {"booked"}
    checked = check_in(hall, credentials.appointments[0].code)  # the demo kiosk
    assert checked.status_code == 201, checked.text
    assert checked.json()["appointment"]["lapsed"] is False
    assert checked.json()["ticket"]["number"] == "Y001"
