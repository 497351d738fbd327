"""A case's happy path against a real `onewindow server --dev` process over real HTTP: the
kiosk uploads the scans, the desk creates the case naming them, pre-checks (the demo
applicant's licenses are fetched), accepts, dispatches; the departments decide; ready, deliver.
The applicant's SMS are in the outbox of the server's database."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

import pytest
import requests

from hallcore.catalog import load_catalog, resolve
from tests.hall_server.test_case_lifecycle import FORM
from tests.hall_server.test_cases import CITIZEN, complete_answers
from tests.hall_server.test_pages import jpeg, sha
from tests.live_server import ServerProcess, server_fixture

server = pytest.fixture(server_fixture)


def scan(server: ServerProcess, data: bytes) -> str:
    headers = {
        "Authorization": f"Bearer {server.tokens['kiosk']}",
        "Content-Type": "application/octet-stream",
    }
    response = requests.put(
        f"{server.base_url}/api/v1/pages/{sha(data)}", data=data, headers=headers, timeout=10
    )
    assert response.status_code == 201, response.text
    return sha(data)


def act(server: ServerProcess, path: str, body: Any = None) -> Any:
    return server.admin("POST", path, body, key=f"live-{uuid.uuid4().hex}")


def test_a_case_from_scans_to_delivery_over_http(server: ServerProcess) -> None:
    materials = {
        "APPLICATION_FORM": {
            "pages": [scan(server, jpeg(seed=41)), scan(server, jpeg(seed=42))],
            "ticked": ["signed", "legible"],
        },
        "CHILD_PHOTO": {"pages": [scan(server, jpeg(seed=43))], "ticked": ["legible"]},
    }
    answers = complete_answers("BIRTH")
    body = {"theme": "BIRTH", "applicant": CITIZEN, "answers": answers, "form": FORM}
    case = act(server, "/cases", {**body, "materials": materials, "delivery": "window"})
    case_id = case["case_id"]
    prefill = server.admin("GET", f"/cases/{case_id}/prefill")
    assert prefill["values"]["child_birth_cert_number"]["value"] == FORM["child_birth_cert_number"]
    checked = act(server, f"/cases/{case_id}/precheck")
    assert (checked["passed"], checked["findings"]) == (True, [])
    accepted = act(server, f"/cases/{case_id}/decision", {"outcome": "accept"})
    assert accepted["accepted_on"] == "2024-05-06"
    act(server, f"/cases/{case_id}/dispatch")
    catalog = load_catalog()
    selected = resolve(
        catalog.theme("BIRTH"), {k: tuple(v) for k, v in answers.items()}, catalog.fields
    ).items
    for department in dict.fromkeys(s.item.department for s in selected):
        decision = {"department": department, "approved": True}
        act(server, f"/cases/{case_id}/department-decision", decision)
    assert act(server, f"/cases/{case_id}/ready")["state_zh"] == "待出件"
    delivered = act(server, f"/cases/{case_id}/deliver", {"method": "window"})
    assert delivered["case"]["state"] == "delivered"

    detail = server.admin("GET", f"/cases/{case_id}")
    pages = {m["code"]: [p["sha256"] for p in m["pages"]] for m in detail["materials"]}
    assert pages == {code: m["pages"] for code, m in materials.items()}
    assert {f["material"] for f in detail["fetched"]} >= {"PARENT_ID_CARDS", "MARRIAGE_CERT"}
    with sqlite3.connect(server.db) as db:
        texts = db.execute(
            "SELECT recipient, template, params FROM sms_outbox ORDER BY id"
        ).fetchall()
    assert [(r, t) for r, t, _ in texts] == [
        (f"case:{case_id}:applicant", "case_accepted"),
        (f"case:{case_id}:applicant", "case_ready"),
    ]
    assert CITIZEN["name"] not in str(texts)
    assert CITIZEN["id_number"] not in str(texts)
