"""好差评 over HTTP: a finished service is rated once; a 差评 needs a reason and a follow-up."""

from __future__ import annotations

from tests.hall_server.conftest import Hall


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
