"""A case's data for window staff (`GET /cases/{id}/data`) on both stores: the answers, the form,
the parties unmasked, delivery, the selected items, the departments' decisions with their
opinions and the tickets the case was served on (`ticket_id` on create and update); every read
leaves a `data_read` audit row, and the lifecycle still replays past those rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hall_server.models import CaseAction, CaseTicket
from hallcore.catalog import load_catalog, resolve
from tests.hall_server.conftest import MONDAY_9AM, Hall
from tests.hall_server.test_case_lifecycle import FORM, application_form, photo
from tests.hall_server.test_cases import CITIZEN, complete_answers

AGENT = {
    "kind": "person",
    "name": "李代办",
    "id_number": "110101199001010011",
    "phone": "13700001111",
    "address": "北京市东城区某街2号",
}


def ticket(hall: Hall, role: str = "kiosk") -> dict[str, str]:
    issued = hall.post(role, "/tickets", {"theme": "BIRTH"})
    assert issued.status_code == 201, issued.text
    return {k: issued.json()["ticket"][k] for k in ("ticket_id", "number")}


def at(hall: Hall, moment: dt.datetime) -> None:
    hall.app.state.server.clock = lambda: moment


def test_the_data_round_trip_with_tickets_decisions_and_the_audit(hall: Hall) -> None:
    first = ticket(hall)
    answers = complete_answers("BIRTH")
    created = hall.post(
        "clerk",
        "/cases",
        {
            "theme": "BIRTH",
            "applicant": CITIZEN,
            "agent": AGENT,
            "answers": answers,
            "form": FORM,
            "materials": {"APPLICATION_FORM": application_form(hall), "CHILD_PHOTO": photo(hall)},
            "delivery": "post",
            "ticket_id": first["ticket_id"],
        },
    )
    assert created.status_code == 201, created.text
    case_id = created.json()["case_id"]
    assert created.json()["applicant_name"] == "张**"  # the header stays masked

    data = hall.get("clerk", f"/cases/{case_id}/data")
    assert data.status_code == 200, data.text
    body = data.json()
    assert (body["case_id"], body["theme"], body["state"]) == (case_id, "BIRTH", "received")
    assert body["answers"] == answers
    assert body["form"] == FORM
    assert body["applicant"] == {**CITIZEN, "address": "", "legal_representative": ""}
    assert body["agent"] == {**AGENT, "legal_representative": ""}
    assert body["delivery"] == "post"
    catalog = load_catalog()
    expected_items = resolve(
        catalog.theme("BIRTH"), {k: tuple(v) for k, v in answers.items()}, catalog.fields
    ).item_codes
    assert set(body["items"]) == expected_items
    assert len(body["items"]) == len(expected_items)
    assert body["decisions"] == []
    assert body["tickets"] == [first]
    assert body["overrides"] == {}

    # The applicant comes back on another ticket: the new one links to the same case, after
    # the first; linking the first again changes nothing.
    second = ticket(hall, "clerk")
    relinked = hall.post("clerk", f"/cases/{case_id}/update", {"ticket_id": second["ticket_id"]})
    assert relinked.status_code == 200, relinked.text
    assert relinked.json()["revision"] == 0  # a link alone changes nothing of the case
    again = hall.post(
        "clerk", f"/cases/{case_id}/update", {"ticket_id": first["ticket_id"], "delivery": "window"}
    )
    assert again.status_code == 200, again.text
    unknown = hall.post("clerk", f"/cases/{case_id}/update", {"ticket_id": "20240506-Y999"})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "ticket_unknown")
    # A warning the window let pass travels with the case, for the next window's pre-check.
    reason = {"some-warning": "申请人当场说明，已核实"}
    assert hall.post("clerk", f"/cases/{case_id}/update", {"overrides": reason}).is_success
    assert hall.get("clerk", f"/cases/{case_id}/data").json()["overrides"] == reason

    # Accepted, dispatched, decided by every department with an opinion, at 10:30.
    assert hall.post("clerk", f"/cases/{case_id}/precheck").json()["passed"] is True
    assert hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "accept"}).is_success
    assert hall.post("clerk", f"/cases/{case_id}/dispatch").is_success
    at(hall, MONDAY_9AM.replace(hour=10, minute=30))
    decided = []
    for department in _dispatched(hall, case_id):
        opinion = f"{department}：材料齐全，同意"
        response = hall.post(
            "dept",
            f"/cases/{case_id}/department-decision",
            {"department": department, "approved": True, "opinion": opinion},
        )
        assert response.status_code == 200, response.text
        decided.append((department, opinion))

    body = hall.get("manager", f"/cases/{case_id}/data").json()
    assert body["state"] == "decided"
    assert body["delivery"] == "window"
    assert body["tickets"] == [first, second]
    names = {code: d.name for code, d in catalog.departments.items()}
    assert sorted(
        (d["department"], d["department_name"], d["approved"], d["opinion"])
        for d in body["decisions"]
    ) == sorted((dep, names[dep], True, opinion) for dep, opinion in decided)
    assert {dt.datetime.fromisoformat(d["at"]) for d in body["decisions"]} == {
        MONDAY_9AM.replace(hour=10, minute=30)
    }

    # Every read is in the audit log, without a value; the links too. The lifecycle replays
    # past them: the case still moves on.
    audit = hall.get("clerk", f"/cases/{case_id}/audit").json()
    actions = [a["action"] for a in audit]
    assert actions.count("data_read") == 3  # the clerk twice, then the manager
    assert actions[:3] == ["create", "ticket_linked", "data_read"]
    assert actions.count("ticket_linked") == 2
    reads = [a for a in audit if a["action"] == "data_read"]
    assert [r["summary"] for r in reads] == [{}, {}, {}]
    assert [r["actor"] for r in reads] == ["user:2", "user:2", "user:4"]
    links = [a["summary"] for a in audit if a["action"] == "ticket_linked"]
    assert links == [first, second]
    for entry in audit:
        for value in (CITIZEN["name"], CITIZEN["id_number"], AGENT["name"], AGENT["phone"]):
            assert value not in str(entry)
    ready = hall.post("clerk", f"/cases/{case_id}/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["case"]["state"] == "ready"
    with hall.app.state.server.db.read() as session:
        rows = session.scalars(
            select(CaseTicket).where(CaseTicket.case_id == case_id).order_by(CaseTicket.id)
        ).all()
        assert [r.ticket_id for r in rows] == [first["ticket_id"], second["ticket_id"]]
        sealed = session.scalars(
            select(CaseAction.case_enc).where(CaseAction.action == "data_read")
        ).all()
        assert all(CITIZEN["name"].encode() not in blob for blob in sealed)


def _dispatched(hall: Hall, case_id: str) -> list[str]:
    catalog = load_catalog()
    theme = catalog.theme("BIRTH")
    answers = {k: tuple(v) for k, v in complete_answers("BIRTH").items()}
    items = resolve(theme, answers, catalog.fields).items
    return list(dict.fromkeys(s.item.department for s in items))


def test_an_unknown_ticket_refuses_the_case_and_roles_are_checked(hall: Hall) -> None:
    refused = hall.post(
        "clerk", "/cases", {"theme": "BIRTH", "applicant": CITIZEN, "ticket_id": "nope"}
    )
    assert (refused.status_code, refused.json()["code"]) == (404, "ticket_unknown")
    assert hall.get("clerk", "/cases?applicant_id=" + CITIZEN["id_number"]).json() == []
    created = hall.post("clerk", "/cases", {"theme": "BIRTH", "applicant": CITIZEN})
    case_id = created.json()["case_id"]
    for role in ("dept", "kiosk", "board"):
        response = hall.get(role, f"/cases/{case_id}/data")
        assert (response.status_code, response.json()["code"]) == (403, "forbidden_role")
    missing = hall.get("clerk", "/cases/nope/data")
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_case")
    body = hall.get("admin", f"/cases/{case_id}/data").json()
    assert (body["tickets"], body["decisions"], body["agent"], body["delivery"]) == (
        [],
        [],
        None,
        None,
    )
    audit = [a["action"] for a in hall.get("clerk", f"/cases/{case_id}/audit").json()]
    assert audit == ["create", "data_read"]  # the refused reads left nothing
