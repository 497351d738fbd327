"""A case's whole life over HTTP on both stores, on the shipped catalog's BIRTH theme: the
happy path to delivery with uploaded pages, the supplement path (acceptance dates from the
completing day), on-the-spot correction; the SMS each notice writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from hall_server.models import SmsOutbox
from hallcore.catalog import load_catalog, resolve
from hallcore.identifiers import citizen_id_check_digit
from tests.hall_server.conftest import MONDAY_9AM, Hall
from tests.hall_server.test_cases import CITIZEN, complete_answers
from tests.hall_server.test_pages import jpeg, upload

MOTHER_ID = "11010119900101002" + citizen_id_check_digit("11010119900101002")
FORM = {
    "applicant_name": CITIZEN["name"],
    "applicant_id_number": CITIZEN["id_number"],
    "applicant_phone": CITIZEN["phone"],
    "applicant_relation_to_child": "father",
    "child_name": "张小花",
    "child_sex": "female",
    "child_birth_date": "2024-05-01",
    "child_birth_place": "北京市东城区",
    "child_ethnicity": "汉族",
    "child_birth_cert_number": "Q110012345",
    "mother_name": "李芳",
    "mother_id_number": MOTHER_ID,
    "settle_address": "北京市东城区某街1号",
    "child_relation_to_householder": "子女",
}


def application_form(hall: Hall) -> dict[str, Any]:
    """The signed application form, scanned and uploaded (two pages)."""
    pages = [upload(hall, jpeg(seed=11)), upload(hall, jpeg(seed=12))]
    return {"pages": pages, "ticked": ["signed", "legible"]}


def photo(hall: Hall) -> dict[str, Any]:
    return {"pages": [upload(hall, jpeg(seed=21))], "ticked": ["legible"]}


def new_case(hall: Hall, **parts: Any) -> str:
    body = {"theme": "BIRTH", "applicant": CITIZEN, "answers": complete_answers("BIRTH"), **parts}
    created = hall.post("clerk", "/cases", body)
    assert created.status_code == 201, created.text
    return str(created.json()["case_id"])


def on_day(hall: Hall, day: int) -> None:
    """Move the hall's (frozen) clock to 09:00 on 2024-05-`day`."""
    moment = MONDAY_9AM.replace(day=day)
    hall.app.state.server.clock = lambda: moment


def test_a_complete_case_goes_from_precheck_to_delivery(hall: Hall) -> None:
    case_id = new_case(
        hall,
        form=FORM,
        materials={"APPLICATION_FORM": application_form(hall), "CHILD_PHOTO": photo(hall)},
        delivery="window",
    )
    checked = hall.post("clerk", f"/cases/{case_id}/precheck")
    assert checked.status_code == 200, checked.text
    assert (checked.json()["passed"], checked.json()["findings"]) == (True, [])
    accepted = hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "accept"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["accepted_on"] == "2024-05-06"
    assert accepted.json()["promised_due"] is not None
    dispatched = hall.post("clerk", f"/cases/{case_id}/dispatch")
    assert dispatched.json()["case"]["state"] == "dispatched", dispatched.text
    early = hall.post("clerk", f"/cases/{case_id}/ready")
    assert (early.status_code, early.json()["code"]) == (409, "case_transition")
    catalog = load_catalog()
    answers = {k: tuple(v) for k, v in complete_answers("BIRTH").items()}
    selected = resolve(catalog.theme("BIRTH"), answers, catalog.fields).items
    departments = list(dict.fromkeys(s.item.department for s in selected))  # one sub-case each
    for department in departments:
        decided = hall.post(
            "dept",
            f"/cases/{case_id}/department-decision",
            {"department": department, "approved": True},
        )
        assert decided.status_code == 200, (department, decided.text)
    assert decided.json()["case"]["state"] == "decided"
    ready = hall.post("clerk", f"/cases/{case_id}/ready")
    assert (ready.json()["case"]["state"], ready.json()["state_zh"]) == ("ready", "待出件")
    with hall.app.state.server.db.read() as session:  # the applicant hears of each notice
        sent = session.scalars(select(SmsOutbox).order_by(SmsOutbox.id)).all()
        assert [(t.recipient, t.template) for t in sent] == [
            (f"case:{case_id}:applicant", "case_accepted"),
            (f"case:{case_id}:applicant", "case_ready"),
        ]
        assert case_id in sent[1].params["text"]
        assert CITIZEN["name"] not in str([t.params for t in sent])
    delivered = hall.post("clerk", f"/cases/{case_id}/deliver", {"method": "window"})
    assert delivered.status_code == 200, delivered.text
    assert delivered.json()["case"]["state"] == "delivered"
    audit = [a["action"] for a in hall.get("manager", f"/cases/{case_id}/audit").json()]
    assert audit == [
        "create",
        "precheck",
        "accept",
        "dispatch",
        *["department_decision"] * len(departments),
        "ready",
        "deliver",
    ]
    assert hall.get("dept", f"/cases/{case_id}").json()["state"] == "delivered"


def test_a_supplement_is_received_and_acceptance_dates_from_that_day(hall: Hall) -> None:
    case_id = new_case(hall, form=FORM, materials={"CHILD_PHOTO": photo(hall)})
    checked = hall.post("clerk", f"/cases/{case_id}/precheck").json()
    assert checked["passed"] is False
    assert [f["subject"] for f in checked["findings"]] == ["APPLICATION_FORM"]
    on_spot = hall.post("clerk", f"/cases/{case_id}/correct-on-spot")
    assert (on_spot.status_code, on_spot.json()["code"]) == (409, "case_refused")
    assert on_spot.json()["message_zh"].endswith("初审发现的问题不都能当场更正。")
    early = hall.post("clerk", f"/cases/{case_id}/receive-supplement")
    assert (early.status_code, early.json()["code"]) == (409, "case_transition")
    assert early.json()["message_en"]
    assert hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "supplement"}).is_success

    on_day(hall, 8)  # Wednesday: the applicant brings the signed application form
    materials = {
        "materials": {"APPLICATION_FORM": application_form(hall), "CHILD_PHOTO": photo(hall)}
    }
    headers = hall.headers("clerk")
    url = f"/api/v1/cases/{case_id}/receive-supplement"
    received = hall.client.post(url, json=materials, headers=headers)
    assert received.status_code == 200, received.text
    assert received.json()["case"]["state"] == "supplement_notified"
    replay = hall.client.post(url, json=materials, headers=headers)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == received.json()
    other = hall.client.post(url, json={"materials": {}}, headers=headers)
    assert (other.status_code, other.json()["code"]) == (409, "idempotency_key_reused")

    on_day(hall, 10)  # Friday: accepted, but as of the day the application became complete
    accepted = hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "accept"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["accepted_on"] == "2024-05-08"
    audit = hall.get("clerk", f"/cases/{case_id}/audit").json()
    assert [a["action"] for a in audit] == [
        "create",
        "precheck",
        "supplement",
        "update",
        "receive_supplement",
        "accept",
    ]
    assert audit[4]["summary"] == {
        "state": "supplement_notified",
        "complete": True,
        "outstanding": [],
        "unlisted": [],
    }
    assert audit[4]["business_date"] == "2024-05-08"


def test_a_correctable_case_is_corrected_on_the_spot_and_accepted(hall: Hall) -> None:
    form = {k: v for k, v in FORM.items() if k != "child_name"}
    materials = {"APPLICATION_FORM": application_form(hall), "CHILD_PHOTO": photo(hall)}
    case_id = new_case(hall, form=form, materials=materials)
    findings = hall.post("clerk", f"/cases/{case_id}/precheck").json()["findings"]
    assert [(f["subject"], f["kind"]) for f in findings] == [("child_name", "correctable")]
    still = hall.post("clerk", f"/cases/{case_id}/correct-on-spot", {"form": form})
    assert (still.status_code, still.json()["code"]) == (409, "case_refused")
    assert "1" in still.json()["message_zh"]
    corrected = hall.post("clerk", f"/cases/{case_id}/correct-on-spot", {"form": FORM})
    assert corrected.status_code == 200, corrected.text
    assert (corrected.json()["case"]["state"], corrected.json()["state_zh"]) == (
        "corrected",
        "已当场更正",
    )
    accepted = hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "accept"})
    assert accepted.json()["case"]["state"] == "accepted", accepted.text
    assert dt.date.fromisoformat(accepted.json()["accepted_on"]) == MONDAY_9AM.date()
