"""The local integration adapters: the demo's e-license look-up and how it is wired into cases
(fetched materials, the resolver's fall-back, prefill values), and the 好差评 and SMS outboxes a
rating writes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hall_server.integrations import (
    DEMO_LICENSES,
    SUPERVISOR,
    AvailableMaterial,
    LicenseLookup,
    LocalLicenses,
    unavailable_ways,
)
from hall_server.models import LicenseRecord, LicenseValues, RatingOutbox, SmsOutbox
from hallcore.catalog import FulfilWay, load_catalog
from hallcore.identifiers import citizen_id_check_digit
from tests.hall_server.conftest import MONDAY_9AM, Hall
from tests.hall_server.test_cases import CITIZEN, complete_answers
from tests.hall_server.test_ratings import served_ticket

#: Someone the e-license library knows nothing of.
STRANGER_ID = "11010119800101003" + citizen_id_check_digit("11010119800101003")
STRANGER = {**CITIZEN, "name": "王五", "id_number": STRANGER_ID}


def test_the_demo_licenses_are_looked_up_by_the_applicants_keyed_hash(hall: Hall) -> None:
    server = hall.app.state.server
    with server.db.read() as session:
        lookup: LicenseLookup = LocalLicenses(session, "busy-hall", server.vault)
        key = server.vault.lookup_key("110101198503121239")
        found = lookup.available(key, MONDAY_9AM.date())
        assert {m: a.way for m, a in found.items()} == {
            m: way for m, way, _, _ in DEMO_LICENSES["110101198503121239"]
        }
        assert found["MARRIAGE_CERT"].way is FulfilWay.DATA_SHARE
        assert lookup.available(server.vault.lookup_key(STRANGER_ID), dt.date.today()) == {}
        keys = set(session.scalars(select(LicenseRecord.applicant_key)))
        assert "110101198503121239" not in str(keys)  # only the keyed hash is stored
        carried = lookup.values(key, ["BIRTH_CERT_ISSUED", "ID_CARD"])
        assert carried == {"BIRTH_CERT_ISSUED": DEMO_LICENSES["110101198503121239"][2][3]}
        sealed = session.scalars(select(LicenseValues.values_enc)).one()
        assert b"Q110012345" not in sealed  # the values are sealed at rest


def test_unavailable_ways_fall_back_along_the_catalogs_list() -> None:
    theme = load_catalog().theme("BIRTH")
    none_found = unavailable_ways(theme, {})
    assert none_found["PARENT_ID_CARDS"] == {FulfilWay.E_LICENSE}
    assert none_found["MARRIAGE_CERT"] == {FulfilWay.E_LICENSE, FulfilWay.DATA_SHARE}
    assert "APPLICATION_FORM" not in none_found  # not a look-up material
    shared = AvailableMaterial("MARRIAGE_CERT", FulfilWay.DATA_SHARE, "民政", None)
    licensed = AvailableMaterial("PARENT_ID_CARDS", FulfilWay.E_LICENSE, "证照库", None)
    some = unavailable_ways(theme, {"MARRIAGE_CERT": shared, "PARENT_ID_CARDS": licensed})
    assert some["MARRIAGE_CERT"] == {FulfilWay.E_LICENSE}  # fetched by data sharing instead
    assert "PARENT_ID_CARDS" not in some


def birth_case(hall: Hall, applicant: dict[str, str]) -> str:
    body = {"theme": "BIRTH", "applicant": applicant, "answers": complete_answers("BIRTH")}
    created = hall.post("clerk", "/cases", body)
    assert created.status_code == 201, created.text
    return str(created.json()["case_id"])


def test_a_case_fetches_what_the_look_up_finds_and_falls_back_for_the_rest(hall: Hall) -> None:
    known = hall.get("clerk", f"/cases/{birth_case(hall, CITIZEN)}").json()
    assert {f["material"]: f["way"] for f in known["fetched"]} == {
        "PARENT_ID_CARDS": "e_license",
        "BIRTH_CERT_ISSUED": "data_share",
        "MARRIAGE_CERT": "data_share",
        "HOUSEHOLD_REGISTER": "data_share",
        "KINSHIP_PROOF": "data_share",
    }
    assert known["unavailable"] == {
        "MARRIAGE_CERT": ["e_license"],  # fetched by data sharing instead
        "BIRTH_CERT_ISSUED": ["e_license"],
        "AGENT_ID_CARD": ["e_license"],  # the agent's, not looked up for the applicant
    }
    stranger_case = birth_case(hall, STRANGER)
    stranger = hall.get("clerk", f"/cases/{stranger_case}").json()
    assert stranger["fetched"] == []
    assert stranger["unavailable"]["PARENT_ID_CARDS"] == ["e_license"]
    findings = hall.post("clerk", f"/cases/{stranger_case}/precheck").json()["findings"]
    subjects = {f["subject"] for f in findings}
    assert {"PARENT_ID_CARDS", "MARRIAGE_CERT", "HOUSEHOLD_REGISTER"} <= subjects  # to submit
    known_findings = hall.post("clerk", f"/cases/{known['case_id']}/precheck").json()["findings"]
    assert not {"PARENT_ID_CARDS", "MARRIAGE_CERT"} & {f["subject"] for f in known_findings}


def test_prefill_gives_the_values_the_fetched_licenses_carry(hall: Hall) -> None:
    prefill = hall.get("clerk", f"/cases/{birth_case(hall, CITIZEN)}/prefill")
    assert prefill.status_code == 200, prefill.text
    values = prefill.json()["values"]
    assert {k: v["value"] for k, v in values.items()} == {
        "child_sex": "female",
        "child_birth_date": "2024-05-01",
        "child_birth_place": "北京市东城区",
        "child_birth_cert_number": "Q110012345",
    }
    assert values["child_birth_date"]["material"] == "BIRTH_CERT_ISSUED"
    assert values["child_birth_date"]["way"] == "data_share"
    stranger = hall.get("clerk", f"/cases/{birth_case(hall, STRANGER)}/prefill").json()
    assert stranger["values"] == {}
    assert hall.get("dept", "/cases/x/prefill").json()["code"] == "forbidden_role"


def test_a_bad_rating_is_reported_and_texts_the_supervisors(hall: Hall) -> None:
    good = hall.post("kiosk", "/ratings", {"ticket_id": served_ticket(hall), "level": 5}).json()
    bad = hall.post(
        "kiosk", "/ratings", {"ticket_id": served_ticket(hall), "level": 1, "reason": "态度差"}
    ).json()
    with hall.app.state.server.db.read() as session:
        reported = session.scalars(select(RatingOutbox).order_by(RatingOutbox.id)).all()
        assert [(r.hall_id, r.rating_id, r.payload["level"]) for r in reported] == [
            ("busy-hall", good["id"], 5),
            ("busy-hall", bad["id"], 1),
        ]
        assert "态度差" not in str([r.payload for r in reported])
        texts = session.scalars(select(SmsOutbox)).all()
        assert [(t.hall_id, t.recipient, t.template, t.params["rating_id"]) for t in texts] == [
            ("busy-hall", SUPERVISOR, "bad_rating", bad["id"])
        ]
        assert all(t.sent_at is None for t in texts)
