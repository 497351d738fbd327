"""呼叫帮办 over HTTP: a kiosk calls, the call shows as an open alert on the live figures, a
clerk answers it once; the events carry the call's id and the kiosk's name, nothing personal."""

from __future__ import annotations

from sqlalchemy import select

from hall_server.models import EventRow
from tests.hall_server.conftest import Hall


def test_a_kiosk_calls_for_help_and_a_clerk_answers(hall: Hall) -> None:
    called = hall.post("kiosk", "/help-calls", {"kiosk": "1号自助机", "reason": "不会扫码"})
    assert called.status_code == 201, called.text
    call = called.json()
    assert (call["kiosk"], call["reason"], call["open"]) == ("1号自助机", "不会扫码", True)
    assert hall.post("clerk", "/help-calls", {"kiosk": "x"}).status_code == 403

    open_calls = hall.get("clerk", "/help-calls", params={"open": True}).json()
    assert [c["id"] for c in open_calls] == [call["id"]]
    alerts = hall.get("manager", "/figures/live").json()["alerts"]
    assert [a["ref"] for a in alerts if a["kind"] == "help_call"] == [str(call["id"])]

    answered = hall.post("clerk", f"/help-calls/{call['id']}/answer")
    assert answered.status_code == 200, answered.text
    assert answered.json()["open"] is False
    assert answered.json()["answered_by"].startswith("user:")
    again = hall.post("manager", f"/help-calls/{call['id']}/answer")
    assert (again.status_code, again.json()["code"]) == (409, "already_answered")
    missing = hall.post("manager", "/help-calls/4242/answer")
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_help_call")
    assert hall.get("clerk", "/help-calls", params={"open": True}).json() == []
    assert len(hall.get("clerk", "/help-calls").json()) == 1
    live = hall.get("manager", "/figures/live").json()
    assert not [a for a in live["alerts"] if a["kind"] == "help_call"]
    assert live["help_calls"] == []

    server = hall.app.state.server
    with server.db.read() as session:
        events = session.execute(
            select(EventRow.kind, EventRow.data).where(EventRow.kind.like("help_call%"))
        ).all()
    assert [kind for kind, _ in events] == ["help_call", "help_call_answered"]
    for _, data in events:
        assert set(data) <= {"help_call_id", "kiosk", "actor"}  # no reason, no person


def test_a_help_call_is_idempotent(hall: Hall) -> None:
    headers = {**hall.headers("kiosk"), "Idempotency-Key": "help-1"}
    body = {"kiosk": "2号自助机", "reason": None}
    first = hall.client.post("/api/v1/help-calls", json=body, headers=headers)
    second = hall.client.post("/api/v1/help-calls", json=body, headers=headers)
    assert first.json() == second.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    other = hall.client.post("/api/v1/help-calls", json={"kiosk": "3号"}, headers=headers)
    assert (other.status_code, other.json()["code"]) == (409, "idempotency_key_reused")
    assert len(hall.get("manager", "/help-calls").json()) == 1
