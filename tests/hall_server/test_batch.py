"""`POST /batch`: each command has exactly the semantics of its own request — roles,
Idempotency-Key replay and 409, its own result — in order, stopping at the first refusal; a
refusal never undoes what ran before it. On SQLite and PostgreSQL (the `hall` fixture)."""

from __future__ import annotations

from typing import Any

from tests.hall_server.conftest import Hall


def _batch(hall: Hall, role: str, commands: list[dict[str, Any]], **extra: Any) -> Any:
    response = hall.client.post(
        "/api/v1/batch",
        json={"commands": commands, **extra},
        headers=hall.headers(role, key=False),
    )
    assert response.status_code == 200, response.text
    return response.json()


def _issue(key: str, queue: str = "social") -> dict[str, Any]:
    return {"method": "POST", "path": "/tickets", "idempotency_key": key, "body": {"queue": queue}}


def _ticket_ids(hall: Hall) -> list[str]:
    response = hall.get("admin", "/tickets")
    assert response.status_code == 200
    return [t["ticket_id"] for t in response.json()]


def test_commands_run_in_order_and_a_replayed_batch_applies_nothing_twice(hall: Hall) -> None:
    commands = [_issue(f"k{i}", queue) for i, queue in enumerate(["social", "pickup", "social"])]
    first = _batch(hall, "kiosk", commands)
    assert first["stopped_at"] is None
    assert [r["status"] for r in first["results"]] == [201, 201, 201]
    assert [r["replayed"] for r in first["results"]] == [False] * 3
    issued = [r["body"]["ticket"]["ticket_id"] for r in first["results"]]
    assert _ticket_ids(hall) == issued  # in the batch's order
    numbers = [r["body"]["ticket"]["number"] for r in first["results"]]
    assert numbers[0] < numbers[2]  # same queue: numbered in order

    again = _batch(hall, "kiosk", commands)
    assert [r["replayed"] for r in again["results"]] == [True] * 3
    assert [r["body"] for r in again["results"]] == [r["body"] for r in first["results"]]
    assert _ticket_ids(hall) == issued


def test_a_key_sent_alone_then_in_a_batch_is_the_same_command(hall: Hall) -> None:
    alone = hall.client.post(
        "/api/v1/tickets",
        json={"queue": "pickup"},
        headers={**hall.headers("kiosk", key=False), "Idempotency-Key": "once"},
    )
    assert alone.status_code == 201
    batched = _batch(hall, "kiosk", [_issue("once", "pickup")])
    assert batched["results"][0] == {"status": 201, "body": alone.json(), "replayed": True}
    other_body = _batch(hall, "kiosk", [_issue("once", "social")])
    assert other_body["results"][0]["status"] == 409
    assert other_body["results"][0]["body"]["code"] == "idempotency_key_reused"
    assert len(_ticket_ids(hall)) == 1


def test_roles_are_checked_per_command_and_a_refusal_stops_without_undoing(hall: Hall) -> None:
    commands = [
        _issue("a"),
        {"method": "POST", "path": "/windows/1/call-next", "idempotency_key": "b"},
        _issue("c"),
    ]
    stopped = _batch(hall, "kiosk", commands)
    assert stopped["stopped_at"] == 1
    assert [r["status"] for r in stopped["results"]] == [201, 403]
    assert stopped["results"][1]["body"]["code"] == "forbidden_role"
    assert stopped["results"][1]["body"]["message_zh"]
    assert len(_ticket_ids(hall)) == 1  # the first stays; the third never ran

    # Resent from the refusal on, as a client does: the refusal is the key's stored answer.
    resent = _batch(hall, "kiosk", commands[1:], stop_on_error=False)
    assert [r["status"] for r in resent["results"]] == [403, 201]
    assert resent["stopped_at"] is None
    assert len(_ticket_ids(hall)) == 2

    # The clerk may call: the same path, the clerk's own role.
    call = _batch(
        hall, "clerk", [{"method": "POST", "path": "/windows/1/call-next", "idempotency_key": "d"}]
    )
    assert call["results"][0]["status"] == 200
    assert call["results"][0]["body"]["ticket"] is not None


def test_a_queue_refusal_is_the_command_s_result_and_is_kept_for_its_key(hall: Hall) -> None:
    result = _batch(hall, "kiosk", [_issue("x", "no-such-queue"), _issue("y")])
    assert result["stopped_at"] == 0
    assert result["results"][0]["status"] == 404
    assert result["results"][0]["body"]["code"] == "unknown_queue"
    replay = _batch(hall, "kiosk", [_issue("x", "no-such-queue")])
    assert replay["results"][0]["replayed"] is True
    assert replay["results"][0]["status"] == 404
    assert _ticket_ids(hall) == []


def test_what_cannot_be_batched_and_bad_batches(hall: Hall) -> None:
    logout = {"method": "POST", "path": "/auth/logout", "idempotency_key": "l"}
    result = _batch(hall, "clerk", [logout])
    assert result["results"][0]["status"] == 422
    assert result["results"][0]["body"]["code"] == "not_batchable"
    assert hall.get("clerk", "/me").status_code == 200  # the token was not revoked
    nested = {"method": "POST", "path": "/batch", "idempotency_key": "n", "body": {}}
    assert _batch(hall, "clerk", [nested])["results"][0]["body"]["code"] == "not_batchable"
    unknown = {"method": "POST", "path": "/nowhere", "idempotency_key": "u"}
    assert _batch(hall, "clerk", [unknown])["results"][0]["status"] == 404
    invalid = _batch(
        hall, "kiosk", [{"method": "POST", "path": "/tickets", "idempotency_key": "i"}]
    )
    assert invalid["results"][0]["status"] == 422
    assert invalid["results"][0]["body"]["code"] == "invalid_request"

    headers = hall.headers("kiosk", key=False)
    bad_batches: list[dict[str, Any]] = [
        {"commands": []},
        {"commands": [_issue(f"m{i}") for i in range(101)]},
        {"commands": [{**_issue("p"), "path": "/../tickets?x=1"}]},
        {"commands": [{**_issue("q"), "method": "GET"}]},
    ]
    for bad in bad_batches:
        response = hall.client.post("/api/v1/batch", json=bad, headers=headers)
        assert response.status_code == 422, bad
        assert response.json()["code"] == "invalid_request"
    assert _ticket_ids(hall) == []
    no_token = hall.client.post("/api/v1/batch", json={"commands": [_issue("z")]})
    assert (no_token.status_code, no_token.json()["code"]) == (401, "unauthenticated")
