"""Tickets and window actions over HTTP: hallcore's rules, applied by the server."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from hall_server.app import create_app
from hall_server.db import Database
from hall_server.models import TicketRow
from tests.hall_server.conftest import (
    MONDAY_9AM,
    Hall,
    TestClient,
    enrol_everyone,
    settings_for,
)


def issue(hall: Hall, queue: str = "social", **body: object) -> dict[str, object]:
    response = hall.post("kiosk", "/tickets", {"queue": queue, **body})
    assert response.status_code == 201, response.text
    ticket: dict[str, object] = response.json()
    return ticket


def test_numbers_run_per_queue_and_the_qr_status_needs_the_secret(hall: Hall) -> None:
    first, second = issue(hall), issue(hall)
    other = issue(hall, "company")
    numbers = [t["ticket"]["number"] for t in (first, second, other)]  # type: ignore[index]
    assert numbers == ["S001", "S002", "E001"]
    assert second["waiting_ahead"] == 1
    url = "/api/v1/public/halls/busy-hall/tickets/S002"
    public = hall.client.get(url, params={"secret": second["status_secret"]})
    assert public.status_code == 200
    # The estimate is hallcore's, rounded for a ticket: at least 5 minutes, in steps of 5 (on
    # the issued ticket: the queue's wait for a new ticket, kept for a few seconds; on the
    # status page: this ticket's own).
    assert second["estimated_wait_minutes"] == first["estimated_wait_minutes"] == 5
    estimate = public.json()["estimated_wait_minutes"]
    assert isinstance(estimate, int)
    assert estimate >= 5
    assert estimate % 5 == 0
    assert public.json() == {
        "ticket_id": second["ticket"]["ticket_id"],  # type: ignore[index]
        "number": "S002",
        "queue": "social",
        "state": "waiting",
        "state_zh": "等待中",
        "window": None,
        "waiting_ahead": 1,
        "estimated_wait_minutes": estimate,
    }
    wrong = hall.client.get(url, params={"secret": "ZZZZZZ"})
    assert (wrong.status_code, wrong.json()["code"]) == (404, "unknown_ticket")


def test_one_waiting_ticket_per_person_and_the_id_is_encrypted_at_rest(
    hall: Hall, db_url: str
) -> None:
    citizen = "110105194912310021"
    issue(hall, applicant_id=citizen)
    again = hall.post("kiosk", "/tickets", {"queue": "social", "applicant_id": citizen})
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_ticket"
    assert again.json()["message_zh"].startswith("您已在当前队列取号（S001号）")
    assert citizen not in again.text
    issue(hall, "company", applicant_id=citizen)  # another queue is fine
    db = Database(db_url)
    try:
        with db.read() as session:
            rows = session.scalars(select(TicketRow)).all()
            assert {r.applicant_key for r in rows} == {rows[0].applicant_key}
            for row in rows:
                assert row.applicant_id_enc is not None
                assert citizen.encode() not in row.applicant_id_enc
                assert citizen not in repr(row)
                assert (
                    hall.app.state.server.vault.decrypt(
                        row.applicant_id_enc, context="tickets.applicant_id"
                    )
                    == citizen
                )
    finally:
        db.dispose()


def test_a_replay_returns_the_first_result_and_a_changed_body_is_a_conflict(hall: Hall) -> None:
    headers = hall.headers("kiosk")
    first = hall.client.post("/api/v1/tickets", json={"queue": "social"}, headers=headers)
    replay = hall.client.post("/api/v1/tickets", json={"queue": "social"}, headers=headers)
    assert replay.status_code == 201
    assert replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    changed = hall.client.post("/api/v1/tickets", json={"queue": "company"}, headers=headers)
    assert (changed.status_code, changed.json()["code"]) == (409, "idempotency_key_reused")
    assert issue(hall)["ticket"]["number"] == "S002"  # type: ignore[index]


def test_a_refusal_is_replayed_too_and_bad_input_is_a_422(hall: Hall) -> None:
    headers = hall.headers("kiosk")
    for _ in range(2):
        response = hall.client.post("/api/v1/tickets", json={"queue": "nope"}, headers=headers)
        assert (response.status_code, response.json()["code"]) == (404, "unknown_queue")
        assert response.json()["message_zh"] == "没有这个队列：nope"
    bad = hall.client.post(
        "/api/v1/tickets",
        content=b"{not json",
        headers={**hall.headers("kiosk"), "Content-Type": "application/json"},
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_request")
    missing_key = hall.client.post(
        "/api/v1/tickets", json={"queue": "social"}, headers=hall.headers("kiosk", key=False)
    )
    assert missing_key.status_code == 422
    both = hall.post("kiosk", "/tickets", {"queue": "social", "theme": "company"})
    assert both.json()["code"] == "queue_or_theme"


def test_a_window_day_call_recall_no_show_transfer_park_resume_finish(hall: Hall) -> None:
    for _ in range(4):
        issue(hall)
    called = hall.post("clerk", "/windows/5/call-next").json()["ticket"]
    assert (called["number"], called["state"], called["window"]) == ("S001", "calling", 5)
    busy = hall.post("clerk", "/windows/5/call-next")
    assert (busy.status_code, busy.json()["code"]) == (409, "window_busy")
    ref = {"ticket_id": called["ticket_id"]}
    assert hall.post("clerk", "/windows/5/recall", ref).json()["ticket"]["recalls"] == 1
    requeued = hall.post("clerk", "/windows/5/no-show", ref).json()["ticket"]
    assert (requeued["state"], requeued["requeues"]) == ("waiting", 1)
    s2 = hall.post("clerk", "/windows/5/call-next").json()["ticket"]
    assert s2["number"] == "S002"
    ref2 = {"ticket_id": s2["ticket_id"]}
    assert hall.post("clerk", "/windows/5/start", ref2).json()["ticket"]["state"] == "serving"
    parked = hall.post("clerk", "/windows/5/park", {**ref2, "reason": "回家取户口簿"})
    assert parked.json()["ticket"]["state"] == "parked"
    s3 = hall.post("clerk", "/windows/5/call-next").json()["ticket"]
    assert s3["number"] == "S003"
    moved = hall.post(
        "clerk", "/windows/5/transfer", {"ticket_id": s3["ticket_id"], "to_queue": "one_thing"}
    ).json()["ticket"]
    assert (moved["queue"], moved["number"], moved["state"]) == ("one_thing", "S003", "waiting")
    back = hall.post("clerk", "/windows/5/resume", ref2).json()["ticket"]
    assert (back["state"], back["window"]) == ("calling", 5)
    hall.post("clerk", "/windows/5/start", ref2)
    done = hall.post("clerk", "/windows/5/finish", ref2).json()["ticket"]
    assert done["state"] == "done"
    pause = hall.post("clerk", "/windows/5/pause", {"reason": "休息"})
    assert pause.json()["state"] == "paused"
    refused = hall.post("clerk", "/windows/5/call-next")
    assert refused.json()["code"] == "window_not_open"
    assert hall.post("clerk", "/windows/5/unpause").json()["state"] == "idle"
    snapshot = hall.get("board", "/snapshot").json()
    assert [(t["number"], t["state"]) for t in snapshot["tickets"]] == [
        ("S001", "waiting"),
        ("S003", "waiting"),
        ("S004", "waiting"),
    ]


def test_call_specific_needs_the_permission_and_a_reason(hall: Hall) -> None:
    issue(hall)
    target = issue(hall)["ticket"]["ticket_id"]  # type: ignore[index]
    body = {"ticket_id": target, "reason": ""}
    skip = hall.post("clerk", "/windows/5/call-specific", body)
    assert (skip.status_code, skip.json()["code"]) == (409, "skip_refused")
    assert skip.json()["message_zh"] == "此号之前还有等待中的号，不能跳号"
    no_reason = hall.post("manager", "/windows/5/call-specific", body)
    assert no_reason.json()["code"] == "reason_required"
    ok = hall.post("manager", "/windows/5/call-specific", {**body, "reason": "急事急办"})
    assert ok.json()["ticket"]["number"] == "S002"
    events = read_events(hall, after=0)
    last = events[-1]
    assert (last["kind"], last["reason"], last["passed_over"]) == (
        "call_specific",
        "急事急办",
        ["S001"],
    )
    assert str(last["actor"]).startswith("user:")


def read_events(hall: Hall, *, after: int) -> list[dict[str, object]]:
    """Every event after `after` from the SSE stream (up to the snapshot's seq)."""
    until = hall.get("board", "/snapshot").json()["seq"]
    events: list[dict[str, object]] = []
    headers = hall.headers("board", key=False)
    with hall.client.stream("GET", f"/api/v1/events?after={after}", headers=headers) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                if events[-1]["seq"] == until:
                    break
    return events


def test_events_are_numbered_without_gaps_and_replayed_from_any_point(hall: Hall) -> None:
    for _ in range(3):
        issue(hall)
    hall.post("clerk", "/windows/5/call-next")
    events = read_events(hall, after=0)
    assert [e["seq"] for e in events] == [1, 2, 3, 4]
    assert [e["kind"] for e in events] == ["take", "take", "take", "call"]
    assert [e["seq"] for e in read_events(hall, after=2)] == [3, 4]
    assert all("applicant" not in json.dumps(e) for e in events)


def test_the_catalog_is_served_with_an_etag(hall: Hall) -> None:
    first = hall.get("kiosk", "/catalog")
    assert first.status_code == 200
    document = first.json()
    assert document["version"] == first.headers["X-Catalog-Version"]
    assert "catalog.yaml" in document["files"]
    etag = first.headers["ETag"]
    headers = {**hall.headers("board", key=False), "If-None-Match": etag}
    again = hall.client.get("/api/v1/catalog", headers=headers)
    assert (again.status_code, again.content) == (304, b"")


def test_an_idle_event_stream_sends_heartbeats(app_factory: Any) -> None:
    with TestClient(app_factory(heartbeat_seconds=0.05)) as client:
        tokens = enrol_everyone(client)
        headers = {"Authorization": f"Bearer {tokens['board']}"}
        with client.stream("GET", "/api/v1/events", headers=headers) as response:
            lines = response.iter_lines()
            assert next(lines) == ": connected"
            assert [line for line in (next(lines), next(lines)) if line] == [": ping"]


def test_appointments_check_in_and_the_green_channel_needs_staff(hall: Hall) -> None:
    slot = {"start": "2024-05-06T09:10:00+08:00", "end": "2024-05-06T09:40:00+08:00"}
    booked = issue(hall, "social", appointment=slot)["ticket"]
    assert booked["channel"] == "appointment"  # type: ignore[index]
    refused = hall.post("kiosk", "/tickets", {"queue": "social", "priority": "green"})
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_required")
    assert refused.json()["message_zh"] == "「绿色通道」须由大厅工作人员开通"
    green = hall.post(
        "manager", "/tickets", {"queue": "social", "priority": "green", "channel": "window"}
    )
    assert green.status_code == 201, green.text
    first = hall.post("clerk", "/windows/5/call-next").json()["ticket"]
    assert first["number"] == green.json()["ticket"]["number"]  # green channel goes first
    naive = hall.post(
        "kiosk",
        "/tickets",
        {
            "queue": "social",
            "appointment": {"start": "2024-05-06T09:10:00", "end": "2024-05-06T09:40:00"},
        },
    )
    assert (naive.status_code, naive.json()["code"]) == (422, "invalid_request")


def test_idempotency_keys_expire_after_the_kept_days(app_factory: Any, db_url: str) -> None:
    with TestClient(app_factory()) as client:
        tokens = enrol_everyone(client)
        headers = {"Authorization": f"Bearer {tokens['kiosk']}", "Idempotency-Key": "once"}
        assert client.post("/api/v1/tickets", json={"queue": "social"}, headers=headers).is_success
    later = MONDAY_9AM + timedelta(days=8)
    with TestClient(create_app(settings_for(db_url, frozen_clock=later))) as client:
        again = client.post("/api/v1/tickets", json={"queue": "social"}, headers=headers)
        assert again.status_code == 201
        assert "Idempotent-Replayed" not in again.headers
        assert again.json()["ticket"]["number"] == "S001"  # a new business day, a new ticket
