"""The kiosk's pre-scan draft on both stores: `PUT /tickets/{id}/draft` (kiosk) after the pages
are uploaded, `GET` for window staff; wholesale replacement, idempotency, the event with counts
only, the body sealed at rest; page_missing, ticket_closed, ticket_unknown, limits and roles."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from hall_server.models import EventRow, KioskDraftRow
from tests.hall_server.conftest import MONDAY_9AM, Hall
from tests.hall_server.test_pages import jpeg, put, sha, upload


def ticket(hall: Hall, theme: str = "BIRTH") -> dict[str, Any]:
    issued = hall.post("kiosk", "/tickets", {"theme": theme})
    assert issued.status_code == 201, issued.text
    return dict(issued.json()["ticket"])


def put_draft(hall: Hall, ticket_id: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    return hall.client.put(
        f"/api/v1/tickets/{ticket_id}/draft", json=body, headers=headers or hall.headers("kiosk")
    )


def draft_events(hall: Hall) -> list[dict[str, Any]]:
    with hall.app.state.server.db.read() as session:
        return [
            dict(e.data)
            for e in session.scalars(select(EventRow).where(EventRow.kind == "kiosk_draft_saved"))
        ]


def test_a_draft_round_trip_replaced_wholesale_and_sealed_at_rest(hall: Hall) -> None:
    t = ticket(hall)
    photo = upload(hall, jpeg(seed=41), role="kiosk")
    pages = [upload(hall, jpeg(seed=42), role="kiosk"), upload(hall, jpeg(seed=43), role="kiosk")]
    body = {
        "theme": "BIRTH",
        "answers": {"birth_cert_issued": ["yes"], "parents_married": ["yes"]},
        "materials": {"CHILD_PHOTO": [photo], "HOUSEHOLD_BOOK": pages},
        "note": "户口本第二页折角",
    }
    headers = hall.headers("kiosk")
    saved = put_draft(hall, t["ticket_id"], body, headers)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {
        **body,
        "ticket_id": t["ticket_id"],
        "number": t["number"],
        "updated_at": saved.json()["updated_at"],
    }
    replay = put_draft(hall, t["ticket_id"], body, headers)
    assert (replay.status_code, replay.headers["Idempotent-Replayed"]) == (200, "true")
    assert replay.json() == saved.json()

    read = hall.get("clerk", f"/tickets/{t['ticket_id']}/draft")
    assert read.status_code == 200, read.text
    assert read.json() == saved.json()
    assert hall.get("manager", f"/tickets/{t['ticket_id']}/draft").json() == saved.json()
    assert draft_events(hall) == [
        {"ticket_id": t["ticket_id"], "number": t["number"], "materials": 2, "pages": 3}
    ]

    with hall.app.state.server.db.read() as session:  # nothing of it in the clear
        row = session.scalars(select(KioskDraftRow)).one()
        assert (row.ticket_id, row.device) == (t["ticket_id"], "kiosk-1")
        for clear in ("户口本".encode(), b"birth_cert_issued", photo.encode(), b"CHILD_PHOTO"):
            assert clear not in row.body_enc

    # A second save replaces the draft whole: the materials it no longer names are gone.
    later = put_draft(hall, t["ticket_id"], {"theme": None, "materials": {"CHILD_PHOTO": [photo]}})
    assert later.status_code == 200, later.text
    assert hall.get("clerk", f"/tickets/{t['ticket_id']}/draft").json() == {
        "ticket_id": t["ticket_id"],
        "number": t["number"],
        "theme": None,
        "answers": {},
        "materials": {"CHILD_PHOTO": [photo]},
        "note": "",
        "updated_at": later.json()["updated_at"],
    }
    assert draft_events(hall)[-1] == {
        "ticket_id": t["ticket_id"],
        "number": t["number"],
        "materials": 1,
        "pages": 1,
    }
    with hall.app.state.server.db.read() as session:
        assert len(session.scalars(select(KioskDraftRow)).all()) == 1


def test_every_page_must_be_uploaded_completely_first(hall: Hall) -> None:
    t = ticket(hall)
    whole = upload(hall, jpeg(seed=51), role="kiosk")
    data = jpeg(seed=52)
    half = len(data) // 2
    partial = put(hall, "kiosk", sha(data), data[:half], f"bytes 0-{half - 1}/{len(data)}")
    assert partial.status_code == 202
    for missing in (sha(data), "f" * 64):
        refused = put_draft(
            hall, t["ticket_id"], {"materials": {"ID_CARD": [whole], "BIRTH_CERT": [missing]}}
        )
        assert (refused.status_code, refused.json()["code"]) == (422, "page_missing")
        assert refused.json()["detail"] == {"material": "BIRTH_CERT", "pages": [missing]}
        assert "BIRTH_CERT" in refused.json()["message_zh"]
    nothing = hall.get("clerk", f"/tickets/{t['ticket_id']}/draft")
    assert (nothing.status_code, nothing.json()["code"]) == (404, "draft_missing")
    assert draft_events(hall) == []
    # The rest of the upload arrives; the same draft is then stored.
    rest = put(hall, "kiosk", sha(data), data[half:], f"bytes {half}-{len(data) - 1}/{len(data)}")
    assert rest.status_code == 201
    stored = put_draft(
        hall, t["ticket_id"], {"materials": {"ID_CARD": [whole], "BIRTH_CERT": [sha(data)]}}
    )
    assert stored.status_code == 200, stored.text


def test_a_closed_or_unknown_ticket_takes_no_draft(hall: Hall) -> None:
    unknown = put_draft(hall, "20240506-Y999", {"materials": {}})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "ticket_unknown")

    served = ticket(hall)
    ref = {"ticket_id": served["ticket_id"]}
    assert (
        hall.post("clerk", "/windows/1/call-next").json()["ticket"]["ticket_id"] == ref["ticket_id"]
    )
    assert put_draft(hall, served["ticket_id"], {"note": "叫号中也可以"}).status_code == 200
    assert hall.post("clerk", "/windows/1/start", ref).is_success
    assert hall.post("clerk", "/windows/1/finish", ref).is_success
    closed = put_draft(hall, served["ticket_id"], {"note": "办结后"})
    assert (closed.status_code, closed.json()["code"]) == (409, "ticket_closed")
    assert closed.json()["detail"]["state"] == "done"
    assert hall.get("clerk", f"/tickets/{served['ticket_id']}/draft").json()["note"] == (
        "叫号中也可以"
    )  # the refused save changed nothing

    yesterday = ticket(hall)
    tomorrow = MONDAY_9AM + timedelta(days=1)
    hall.app.state.server.clock = lambda: tomorrow
    stale = put_draft(hall, yesterday["ticket_id"], {"note": "隔天"})
    assert (stale.status_code, stale.json()["code"]) == (409, "ticket_closed")


def test_limits_and_roles(hall: Hall) -> None:
    t = ticket(hall)
    page = upload(hall, jpeg(seed=61), role="kiosk")
    too_many_materials = {"materials": {f"M{n}": [page] for n in range(61)}}
    too_many_pages = {"materials": {"M": [page] * 51}}
    long_note = {"note": "长" * 201}
    not_a_hash = {"materials": {"M": ["photo.jpg"]}}
    for body in (too_many_materials, too_many_pages, long_note, not_a_hash):
        refused = put_draft(hall, t["ticket_id"], body)
        assert (refused.status_code, refused.json()["code"]) == (422, "invalid_request")
    at_the_limit = {"materials": {f"M{n}": [page] * 50 for n in range(60)}}
    assert put_draft(hall, t["ticket_id"], at_the_limit).status_code == 200
    assert draft_events(hall)[-1]["pages"] == 3000

    for role in ("clerk", "manager", "admin", "dept", "board"):
        response = put_draft(hall, t["ticket_id"], {"note": ""}, hall.headers(role))
        assert (response.status_code, response.json()["code"]) == (403, "forbidden_role"), role
    for role in ("kiosk", "dept", "board"):
        response = hall.get(role, f"/tickets/{t['ticket_id']}/draft")
        assert (response.status_code, response.json()["code"]) == (403, "forbidden_role"), role
    no_key = hall.client.put(
        f"/api/v1/tickets/{t['ticket_id']}/draft",
        json={"note": ""},
        headers=hall.headers("kiosk", key=False),
    )
    assert (no_key.status_code, no_key.json()["code"]) == (422, "invalid_request")
