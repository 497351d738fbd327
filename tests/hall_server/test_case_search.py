"""Issue 10's server support for the desk: a department user carries a department (`POST
/users`, `GET /me`), and the window finds a returning applicant's cases by case number or ID
number (by the keyed hash: the number is neither stored nor echoed)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hall_server.models import CaseRow, User
from hallcore.masking import mask_name
from tests.hall_server.conftest import Hall
from tests.hall_server.test_case_lifecycle import new_case
from tests.hall_server.test_cases import CITIZEN


def admin_post_user(hall: Hall, **body: object) -> Any:
    user = {"display_name": "卫健 审核", "password": "dept-password-2", "role": "dept", **body}
    return hall.post("admin", "/users", user)


def test_a_department_user_carries_a_department(hall: Hall) -> None:
    created = admin_post_user(hall, username="health1", department="health")
    assert created.status_code == 201, created.text
    assert created.json()["department"] == "health"
    token = hall.client.post(
        "/api/v1/auth/login",
        json={"hall_id": "busy-hall", "username": "health1", "password": "dept-password-2"},
    ).json()["token"]
    me = hall.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["role"] == "dept"
    assert me["department"] == "health"
    assert me["display_name"] == "卫健 审核"
    clerk = hall.get("clerk", "/me").json()
    assert clerk["department"] is None
    assert hall.get("kiosk", "/me").json()["display_name"] is None
    with hall.app.state.server.db.read() as session:
        assert session.scalar(select(User.department).where(User.username == "health1")) == (
            "health"
        )


def test_a_department_user_acts_for_their_own_department_only(hall: Hall) -> None:
    assert admin_post_user(hall, username="health2", department="health").status_code == 201
    token = hall.client.post(
        "/api/v1/auth/login",
        json={"hall_id": "busy-hall", "username": "health2", "password": "dept-password-2"},
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    own = hall.client.get("/api/v1/departments/health/cases", headers=headers)
    assert own.status_code == 200, own.text
    other = hall.client.get("/api/v1/departments/public_security/cases", headers=headers)
    assert (other.status_code, other.json()["code"]) == (403, "other_department")
    assert other.json()["message_zh"] == "只能查看和处理本部门的分办事项"
    decision = hall.client.post(
        "/api/v1/cases/NO-SUCH-CASE/department-decision",
        json={"department": "public_security", "approved": True},
        headers={**headers, "Idempotency-Key": "dept-other-1"},
    )
    assert (decision.status_code, decision.json()["code"]) == (403, "other_department")


def test_a_department_is_refused_when_unknown_or_not_for_a_department_user(hall: Hall) -> None:
    unknown = admin_post_user(hall, username="d2", department="no-such-dept")
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "unknown_department"
    assert "没有这个部门" in unknown.json()["message_zh"]
    clerk = admin_post_user(hall, username="c2", role="clerk", department="health")
    assert clerk.status_code == 422
    assert clerk.json()["code"] == "department_not_allowed"


def test_cases_are_found_by_number_and_by_id_number(hall: Hall) -> None:
    first = new_case(hall)
    second = new_case(hall)
    other = new_case(hall, applicant={**CITIZEN, "name": "李四", "id_number": "11010519491231002X"})
    by_number = hall.get("clerk", "/cases", params={"number": first})
    assert by_number.status_code == 200, by_number.text
    assert [c["case_id"] for c in by_number.json()] == [first]
    by_id = hall.get("manager", "/cases", params={"applicant_id": CITIZEN["id_number"]}).json()
    assert {c["case_id"] for c in by_id} == {first, second}
    assert all(c["applicant_name"] == mask_name(CITIZEN["name"]) != CITIZEN["name"] for c in by_id)
    assert CITIZEN["id_number"] not in str(by_id)
    # the check letter is matched whatever its case
    lower = hall.get("clerk", "/cases", params={"applicant_id": "11010519491231002x"}).json()
    assert [c["case_id"] for c in lower] == [other]
    nobody = hall.get("clerk", "/cases", params={"applicant_id": "110101200001011234"}).json()
    assert nobody == []
    assert hall.get("clerk", "/cases", params={"number": "20240506-0000000000"}).json() == []
    # the ID number is stored only as its keyed hash
    with hall.app.state.server.db.read() as session:
        keys = set(session.scalars(select(CaseRow.applicant_key)))
    assert CITIZEN["id_number"] not in keys
    assert len(keys) == 2


def test_a_search_needs_exactly_one_key_and_the_window_roles(hall: Hall) -> None:
    for params in ({}, {"number": "x", "applicant_id": "y"}):
        refused = hall.get("clerk", "/cases", params=params)
        assert refused.status_code == 422
        assert refused.json()["code"] == "search_needs_one_key"
        assert "办件号" in refused.json()["message_zh"]
    assert hall.get("dept", "/cases", params={"number": "x"}).status_code == 403
    assert hall.get("kiosk", "/cases", params={"number": "x"}).status_code == 403
