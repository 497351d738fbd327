"""The desk's case draft as plain JSON, and the hallcore objects rebuilt from it (Qt-free).

The draft is what the clerk has entered, kept in the terminal's store after every edit (so a
killed desk reopens the case with nothing lost) and sent to the server as `CaseIn` /
`CaseUpdateIn` bodies. Its `journal` mirrors the server's audit log — each lifecycle action the
server confirmed, with its parameters, business date and the case as it then stood — so the
desk can replay hallcore's `Lifecycle` exactly as the server does and print the notice that
belongs to the state (the server keeps the contents sealed and returns only a masked header).

The conversion mirrors `hall_server.cases.case_from_data`, which the layering keeps out of the
clients' reach; both follow `hallcore.case.model`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from hallcore.case import (
    Case,
    CaseFile,
    Lifecycle,
    MaterialRecord,
    MaterialState,
    Party,
    PartyKind,
)
from hallcore.case.actions import run_action
from hallcore.catalog import Catalog, FulfilWay
from hallcore.catalog.model import Delivery, MaterialCheck
from hallcore.workdays import WorkingCalendar

__all__ = ["DRAFT_PREFIX", "case_body", "new_draft", "replay", "to_case"]

DRAFT_PREFIX = "desk-case-"
PARTY_FIELDS = ("kind", "name", "id_number", "phone", "address", "legal_representative")


def new_draft(theme: str, ticket: Mapping[str, Any] | None) -> dict[str, Any]:
    return {
        "draft_id": f"{DRAFT_PREFIX}{uuid.uuid4().hex[:12]}",
        "ticket": dict(ticket) if ticket else None,
        "theme": theme,
        "applicant": dict.fromkeys(PARTY_FIELDS, "") | {"kind": "person"},
        "agent": None,
        "answers": {},
        "form": {},
        "materials": {},
        "overrides": {},
        "delivery": None,
        "case_id": None,
        "received_at": None,
        "received_on": None,
        "server_state": "draft",
        "state_zh": "未收件",
        "findings": [],
        "passed": None,
        "journal": [],
        "pending": [],
        "notices": [],
        "rating_requested": False,
        "closed": False,
    }


def case_body(draft: Mapping[str, Any]) -> dict[str, Any]:
    """The case as the server holds it: what `CaseIn` carries plus the overrides."""
    agent = draft.get("agent")
    return {
        "theme": draft["theme"],
        "applicant": dict(draft["applicant"]),
        "agent": dict(agent) if agent else None,
        "answers": {k: list(v) for k, v in draft["answers"].items()},
        "form": dict(draft["form"]),
        "materials": {k: dict(v) for k, v in draft["materials"].items()},
        "overrides": dict(draft["overrides"]),
        "delivery": draft.get("delivery"),
    }


def _party(value: Mapping[str, str] | None) -> Party | None:
    if not value:
        return None
    return Party(
        PartyKind(value.get("kind") or "person"),
        value.get("name", ""),
        value.get("id_number", ""),
        value.get("phone", ""),
        value.get("address", ""),
        value.get("legal_representative", ""),
    )


def _material(code: str, data: Mapping[str, Any]) -> MaterialRecord:
    expires = data.get("expires_on")
    return MaterialRecord(
        code=code,
        state=MaterialState(data.get("state", "provided")),
        pages=tuple(data.get("pages", ())),
        copies=int(data.get("copies", 1)),
        expires_on=dt.date.fromisoformat(expires) if expires else None,
        ticked=frozenset(MaterialCheck(c) for c in data.get("ticked", ())),
        recorded=dict(data.get("recorded", {})),
    )


def to_case(
    body: Mapping[str, Any],
    catalog: Catalog,
    *,
    case_id: str,
    received_at: dt.datetime,
    received_on: dt.date,
) -> Case:
    applicant = _party(body["applicant"])
    assert applicant is not None
    unavailable = {
        code: frozenset(FulfilWay(w) for w in ways)
        for code, ways in body.get("unavailable", {}).items()
    }
    return Case(
        case_id=case_id,
        theme=catalog.theme(body["theme"]),
        applicant=applicant,
        received_at=received_at,
        received_on=received_on,
        agent=_party(body.get("agent")),
        answers={k: tuple(v) for k, v in body.get("answers", {}).items()},
        form=dict(body.get("form", {})),
        materials={c: _material(c, m) for c, m in body.get("materials", {}).items()},
        unavailable=unavailable,
        overrides=dict(body.get("overrides", {})),
        delivery=Delivery(body["delivery"]) if body.get("delivery") else None,
    )


def replay(draft: Mapping[str, Any], catalog: Catalog) -> CaseFile:
    """The lifecycle file after every action the server confirmed (hallcore's rules re-run).

    The e-license look-up's answer (`unavailable`: the ways that found nothing for this
    applicant) is the server's; the latest known one applies to every step, as the look-up
    does not change while the applicant stands at the window."""
    if not draft.get("case_id"):
        raise ValueError("尚未收件，没有办件记录 / the case has not been received yet")
    lifecycle = Lifecycle(WorkingCalendar(), catalog.fields)
    received_at = dt.datetime.fromisoformat(draft["received_at"])
    received_on = dt.date.fromisoformat(draft["received_on"])

    unavailable = draft.get("unavailable", {})

    def case(body: Mapping[str, Any]) -> Case:
        return to_case(
            {**body, "unavailable": unavailable},
            catalog,
            case_id=draft["case_id"],
            received_at=received_at,
            received_on=received_on,
        )

    file: CaseFile | None = None
    for step in draft["journal"]:
        action, params = step["action"], step.get("params", {})
        on = dt.date.fromisoformat(step["on"])
        now = case(step["case"])
        if action == "create":
            file = lifecycle.open(now)
            continue
        assert file is not None
        file = run_action(lifecycle, file, now, action, params, on)
    if file is None:
        raise ValueError("办件记录不完整 / the case journal has no creation")
    return file
