"""Cases over HTTP: create, update, hallcore's pre-check, and the audit log (first slice)."""

from __future__ import annotations

from sqlalchemy import select

from hall_server.db import Database
from hall_server.models import CaseAction, CaseRow
from hallcore.catalog import load_catalog, resolve
from tests.hall_server.conftest import Hall

CITIZEN = {
    "kind": "person",
    "name": "张小明",
    "id_number": "110101198503121239",
    "phone": "13812345678",
}


def complete_answers(theme_code: str) -> dict[str, list[str]]:
    """The first option of every question the theme asks, given the answers so far."""
    catalog = load_catalog()
    theme = catalog.theme(theme_code)
    answers: dict[str, list[str]] = {}
    for _ in range(len(theme.situations) + 1):
        resolution = resolve(theme, answers, catalog.fields)
        if not resolution.pending:
            break
        for situation in resolution.pending:
            answers[situation.code] = [situation.options[0].code]
    return answers


def test_a_case_is_created_updated_prechecked_and_audited(hall: Hall, db_url: str) -> None:
    created = hall.post("clerk", "/cases", {"theme": "BIRTH", "applicant": CITIZEN})
    assert created.status_code == 201, created.text
    case = created.json()
    assert (case["state"], case["applicant_name"], case["applicant_id"]) == (
        "received",
        "张**",
        "1101**********1239",
    )
    case_id = case["case_id"]
    unanswered = hall.post("clerk", f"/cases/{case_id}/precheck")
    assert (unanswered.status_code, unanswered.json()["code"]) == (422, "incomplete_answers")
    assert unanswered.json()["message_zh"].startswith("尚未回答")
    updated = hall.post("clerk", f"/cases/{case_id}/update", {"answers": complete_answers("BIRTH")})
    assert updated.status_code == 200, updated.text
    assert updated.json()["revision"] == 1
    checked = hall.post("clerk", f"/cases/{case_id}/precheck")
    assert checked.status_code == 200, checked.text
    result = checked.json()
    assert result["case"]["state"] == "prechecked"
    assert result["passed"] is False  # nothing handed in yet: every missing thing, at once
    assert len(result["findings"]) > 1
    assert all(f["message_zh"] for f in result["findings"])
    assert "110101198503121239" not in checked.text
    audit = hall.get("manager", f"/cases/{case_id}/audit").json()
    assert [a["action"] for a in audit] == ["create", "update", "precheck"]
    assert audit[-1]["summary"]["findings"] == len(result["findings"])
    assert {a["actor"] for a in audit} == {audit[0]["actor"]}
    assert "张小明" not in str(audit)
    db = Database(db_url)
    try:
        with db.read() as session:
            row = session.scalars(select(CaseRow)).one()
            assert b"110101198503121239" not in row.data_enc
            assert "张小明".encode() not in row.data_enc
            assert len(session.scalars(select(CaseAction)).all()) == 3
    finally:
        db.dispose()


def test_case_refusals_are_clean_4xx(hall: Hall) -> None:
    unknown = hall.post("clerk", "/cases", {"theme": "NO_SUCH", "applicant": CITIZEN})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_theme")
    assert hall.get("clerk", "/cases/nope").json()["code"] == "unknown_case"
    bad_party = hall.post(
        "clerk", "/cases", {"theme": "BIRTH", "applicant": {**CITIZEN, "kind": "robot"}}
    )
    assert bad_party.status_code == 422
    forbidden = hall.post("kiosk", "/cases", {"theme": "BIRTH", "applicant": CITIZEN})
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "forbidden_role")


def prechecked_case(hall: Hall) -> str:
    case_id = str(
        hall.post("clerk", "/cases", {"theme": "BIRTH", "applicant": CITIZEN}).json()["case_id"]
    )
    hall.post("clerk", f"/cases/{case_id}/update", {"answers": complete_answers("BIRTH")})
    assert hall.post("clerk", f"/cases/{case_id}/precheck").json()["passed"] is False
    return case_id


def test_the_decision_after_the_precheck_follows_hallcores_lifecycle(hall: Hall) -> None:
    case_id = prechecked_case(hall)
    early = hall.post("clerk", f"/cases/{case_id}/dispatch")
    assert (early.status_code, early.json()["code"]) == (409, "case_transition")
    refused = hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "accept"})
    assert refused.status_code == 409, refused.text  # findings are open: no acceptance
    assert refused.json()["message_zh"].startswith("办件状态为")
    notified = hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "supplement"})
    assert notified.status_code == 200, notified.text
    assert notified.json()["case"]["state"] == "supplement_notified"
    withdrawn = hall.post("clerk", f"/cases/{case_id}/withdraw", {"reason": "申请人改日再办"})
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["case"]["state"] == "withdrawn"  # replayed: create…supplement, then
    audit = hall.get("clerk", f"/cases/{case_id}/audit").json()
    assert [a["action"] for a in audit] == [
        "create",
        "update",
        "precheck",
        "supplement",
        "withdraw",
    ]
    assert "申请人改日再办" not in str(audit)  # free text stays sealed with the case


def test_not_accepted_needs_its_reason_and_legal_basis(hall: Hall) -> None:
    case_id = prechecked_case(hall)
    bare = hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "not_accepted"})
    assert (bare.status_code, bare.json()["code"]) == (409, "case_refused")
    assert "法律依据" in bare.json()["message_zh"]
    refused = hall.post(
        "clerk",
        f"/cases/{case_id}/decision",
        {
            "outcome": "not_accepted",
            "reason": "不属于本机关职权范围",
            "legal_basis": "《中华人民共和国行政许可法》第三十二条",
            "apply_to": "市公安局",
        },
    )
    assert refused.status_code == 200, refused.text
    assert refused.json()["case"]["state"] == "not_accepted"
    again = hall.post(
        "dept", f"/cases/{case_id}/department-decision", {"department": "health", "approved": True}
    )
    assert (again.status_code, again.json()["code"]) == (409, "case_transition")
