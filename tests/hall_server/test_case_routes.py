"""The rest of the case routes on both stores: materials name uploaded pages (and only those),
the case read lists them, deemed acceptance (视为受理) on hallcore's clock, a tolerated material
handed in after acceptance (容缺补交), termination (终止办理) when it is not, and the SMS each
notice to the applicant writes (case number only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from hall_server.models import EventRow, SmsOutbox
from tests.hall_server.conftest import Hall
from tests.hall_server.test_case_lifecycle import FORM, application_form, new_case, on_day, photo
from tests.hall_server.test_cases import CITIZEN
from tests.hall_server.test_pages import jpeg, put, sha


def texts(hall: Hall) -> list[SmsOutbox]:
    with hall.app.state.server.db.read() as session:
        return list(session.scalars(select(SmsOutbox).order_by(SmsOutbox.id)))


def event_kinds(hall: Hall) -> list[str]:
    with hall.app.state.server.db.read() as session:
        return list(session.scalars(select(EventRow.kind).order_by(EventRow.seq)))


def assert_nothing_personal(text: Any) -> None:
    for value in (CITIZEN["name"], CITIZEN["id_number"], CITIZEN["phone"]):
        assert value not in str(text)


def test_materials_name_uploaded_pages_and_the_read_lists_them(hall: Hall) -> None:
    form = application_form(hall)
    case_id = new_case(hall, form=FORM, materials={"APPLICATION_FORM": form})
    detail = hall.get("dept", f"/cases/{case_id}").json()
    listed = {m["code"]: m for m in detail["materials"]}
    assert [p["sha256"] for p in listed["APPLICATION_FORM"]["pages"]] == form["pages"]
    assert all(
        p["media_type"] == "image/jpeg" and p["size"] > 0 for p in detail["materials"][0]["pages"]
    )
    assert listed["APPLICATION_FORM"]["ticked"] == ["legible", "signed"]
    assert (detail["state_zh"], detail["notice_deadline"]) == ("已收件", "2024-05-11")
    assert detail["deemed_acceptance_due"] is False
    assert_nothing_personal(detail)

    data = jpeg(seed=31)
    half = len(data) // 2
    assert (
        put(hall, "clerk", sha(data), data[:half], f"bytes 0-{half - 1}/{len(data)}").status_code
        == 202
    )
    for pages, missing in (([sha(data)], sha(data)), (["0" * 64], "0" * 64), (["photo"], "photo")):
        refused = hall.post(
            "clerk",
            f"/cases/{case_id}/update",
            {
                "form": {**FORM, "child_name": "改了"},
                "materials": {"CHILD_PHOTO": {"pages": pages}},
            },
        )
        assert (refused.status_code, refused.json()["code"]) == (422, "page_missing")
        assert refused.json()["detail"] == {"material": "CHILD_PHOTO", "pages": [missing]}
        assert "免冠照片" in refused.json()["message_zh"] or "照片" in refused.json()["message_zh"]
    unchanged = hall.get("clerk", f"/cases/{case_id}").json()
    assert unchanged["revision"] == detail["revision"]  # nothing of the refused update applied
    audit = [a["action"] for a in hall.get("clerk", f"/cases/{case_id}/audit").json()]
    assert audit == ["create"]
    unknown_at_creation = hall.post(
        "clerk",
        "/cases",
        {
            "theme": "BIRTH",
            "applicant": CITIZEN,
            "materials": {"APPLICATION_FORM": {"pages": ["x"]}},
        },
    )
    assert (unknown_at_creation.status_code, unknown_at_creation.json()["code"]) == (
        422,
        "page_missing",
    )


def test_a_case_without_notice_for_five_working_days_is_deemed_accepted(hall: Hall) -> None:
    materials = {"APPLICATION_FORM": application_form(hall), "CHILD_PHOTO": photo(hall)}
    case_id = new_case(hall, form=FORM, materials=materials)
    assert hall.post("clerk", f"/cases/{case_id}/precheck").json()["passed"] is True
    early = hall.post("manager", f"/cases/{case_id}/deem-accepted")
    assert (early.status_code, early.json()["code"]) == (409, "case_refused")
    assert "2024-05-11" in early.json()["message_zh"]  # the notice period's last day

    on_day(hall, 14)  # Tuesday of the next week: the notice period has run out
    detail = hall.get("clerk", f"/cases/{case_id}").json()
    assert detail["deemed_acceptance_due"] is True
    deemed = hall.post("clerk", f"/cases/{case_id}/deem-accepted")
    assert deemed.status_code == 200, deemed.text
    body = deemed.json()
    assert (body["case"]["state"], body["state_zh"]) == ("accepted", "已受理")
    assert body["accepted_on"] == "2024-05-06"  # by law, from the day of receipt
    assert body["promised_due"] is not None
    audit = hall.get("clerk", f"/cases/{case_id}/audit").json()
    assert [a["action"] for a in audit][-1] == "deem_accepted"
    assert audit[-1]["business_date"] == "2024-05-14"
    assert "case_deem_accepted" in event_kinds(hall)
    [sms] = texts(hall)
    assert (sms.recipient, sms.template) == (f"case:{case_id}:applicant", "case_accepted")
    assert case_id in sms.params["text"]
    assert body["promised_due"] in sms.params["text"]
    assert sms.params["phone"] == "138****5678"
    assert_nothing_personal(sms.params)
    again = hall.post("clerk", f"/cases/{case_id}/deem-accepted")
    assert (again.status_code, again.json()["code"]) == (409, "case_transition")


def tolerated_case(hall: Hall) -> tuple[str, dt.date]:
    """A case accepted with the child's photo tolerated (容缺); its deadline."""
    case_id = new_case(hall, form=FORM, materials={"APPLICATION_FORM": application_form(hall)})
    findings = hall.post("clerk", f"/cases/{case_id}/precheck").json()["findings"]
    assert [(f["subject"], f["kind"]) for f in findings] == [("CHILD_PHOTO", "tolerable")]
    unsigned = hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "tolerance"})
    assert (unsigned.status_code, unsigned.json()["code"]) == (409, "case_refused")
    accepted = hall.post(
        "clerk", f"/cases/{case_id}/decision", {"outcome": "tolerance", "commitment_signed": True}
    )
    assert accepted.json()["case"]["state"] == "tolerance_accepted", accepted.text
    detail = hall.get("clerk", f"/cases/{case_id}").json()
    [record] = [m for m in detail["materials"] if m["code"] == "CHILD_PHOTO"]
    assert record["state"] == "tolerated"
    return case_id, dt.date.fromisoformat(record["tolerance_deadline"])


def test_a_tolerated_material_is_handed_in_after_acceptance(hall: Hall) -> None:
    case_id, deadline = tolerated_case(hall)
    assert deadline == dt.date(2024, 5, 9)  # 3 working days after Monday
    [accepted_sms] = texts(hall)
    assert "2024-05-09" in accepted_sms.params["text"]  # the applicant hears of the deadline
    assert hall.post("clerk", f"/cases/{case_id}/terminate").json()["code"] == "case_refused"
    wrong = hall.post(
        "clerk",
        f"/cases/{case_id}/receive-tolerated",
        {"material": "APPLICATION_FORM", "record": application_form(hall)},
    )
    assert (wrong.status_code, wrong.json()["code"]) == (409, "case_refused")
    missing = hall.post(
        "clerk",
        f"/cases/{case_id}/receive-tolerated",
        {"material": "CHILD_PHOTO", "record": {"pages": ["f" * 64]}},
    )
    assert (missing.status_code, missing.json()["code"]) == (422, "page_missing")

    on_day(hall, 8)
    handed_in = photo(hall)
    received = hall.post(
        "clerk",
        f"/cases/{case_id}/receive-tolerated",
        {"material": "CHILD_PHOTO", "record": handed_in},
    )
    assert received.status_code == 200, received.text
    assert received.json()["case"]["state"] == "tolerance_accepted"
    detail = hall.get("clerk", f"/cases/{case_id}").json()
    [record] = [m for m in detail["materials"] if m["code"] == "CHILD_PHOTO"]
    assert record["state"] == "provided"
    assert [p["sha256"] for p in record["pages"]] == handed_in["pages"]
    twice = hall.post(
        "clerk",
        f"/cases/{case_id}/receive-tolerated",
        {"material": "CHILD_PHOTO", "record": handed_in},
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "case_refused")
    accepted = hall.post("clerk", f"/cases/{case_id}/decision", {"outcome": "accept"})
    assert accepted.json()["case"]["state"] == "accepted", accepted.text
    assert accepted.json()["accepted_on"] == "2024-05-06"  # from the tolerance acceptance
    audit = hall.get("manager", f"/cases/{case_id}/audit").json()
    assert audit[-2]["action"] == "receive_tolerated"
    assert audit[-2]["summary"] == {
        "state": "tolerance_accepted",
        "material": "CHILD_PHOTO",
        "outstanding": [],
    }
    assert "case_receive_tolerated" in event_kinds(hall)


def test_a_case_whose_tolerated_material_lapses_is_terminated(hall: Hall) -> None:
    case_id, deadline = tolerated_case(hall)
    on_day(hall, deadline.day + 1)  # Friday: the photo did not come
    late = hall.post(
        "clerk",
        f"/cases/{case_id}/receive-tolerated",
        {"material": "CHILD_PHOTO", "record": photo(hall)},
    )
    assert (late.status_code, late.json()["code"]) == (409, "case_refused")
    assert "终止" in late.json()["message_zh"]
    terminated = hall.post("manager", f"/cases/{case_id}/terminate")
    assert terminated.status_code == 200, terminated.text
    assert (terminated.json()["case"]["state"], terminated.json()["state_zh"]) == (
        "terminated",
        "已终止办理",
    )
    audit = hall.get("clerk", f"/cases/{case_id}/audit").json()
    assert (audit[-1]["action"], audit[-1]["summary"]["lapsed"]) == ("terminate", ["CHILD_PHOTO"])
    assert "case_terminate" in event_kinds(hall)
    dispatch = hall.post("clerk", f"/cases/{case_id}/dispatch")
    assert (dispatch.status_code, dispatch.json()["code"]) == (409, "case_transition")
    forbidden = hall.post("dept", f"/cases/{case_id}/terminate")
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "forbidden_role")


def test_each_notice_texts_the_applicant_by_case_number(hall: Hall) -> None:
    supplement_case = new_case(hall, form=FORM, materials={"CHILD_PHOTO": photo(hall)})
    hall.post("clerk", f"/cases/{supplement_case}/precheck")
    assert hall.post(
        "clerk", f"/cases/{supplement_case}/decision", {"outcome": "supplement"}
    ).is_success
    refused_case = new_case(hall, form=FORM)
    hall.post("clerk", f"/cases/{refused_case}/precheck")
    refusal = {
        "outcome": "not_accepted",
        "reason": "不属于本机关职权范围",
        "legal_basis": "《中华人民共和国行政许可法》第三十二条",
    }
    assert hall.post("clerk", f"/cases/{refused_case}/decision", refusal).is_success
    no_phone = new_case(hall, form=FORM, applicant={**CITIZEN, "phone": ""})
    hall.post("clerk", f"/cases/{no_phone}/precheck")
    notified = hall.post("clerk", f"/cases/{no_phone}/decision", {"outcome": "supplement"})
    assert notified.is_success  # nobody to text: no row
    sent = [(t.recipient, t.template) for t in texts(hall)]
    assert sent == [
        (f"case:{supplement_case}:applicant", "case_supplement"),
        (f"case:{refused_case}:applicant", "case_not_accepted"),
    ]
    supplement = texts(hall)[0].params
    assert supplement["deadline"] in supplement["text"]
    assert all(t.sent_at is None for t in texts(hall))
    assert_nothing_personal([t.params for t in texts(hall)])
