"""Request builders for the case routes (`/cases…`, DESIGN §4): every path and body the desk
sends for a case is spelled here and nowhere else (the queue's are in `endpoints`).

Each mutation is a `Command`, sent through the outbox (`Sender`) with its Idempotency-Key, so a
desk killed mid-request resends it after a restart and the server applies it once. Bodies follow
`hall_server/schemas.py` (`CaseIn`, `CaseUpdateIn`, `CaseDecisionIn`, `DepartmentDecisionIn`,
`DeliverIn`, `WithdrawIn`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server_sync.endpoints import Command

CASES = "/cases"

#: The outcomes of `POST /cases/{id}/decision` after a pre-check.
DECISIONS = ("supplement", "tolerance", "not_accepted", "accept")
DELIVERY_METHODS = ("window", "post", "electronic")


def case_path(case_id: str) -> str:
    """`GET` the case (applicant masked)."""
    if not case_id or "/" in case_id:
        raise ValueError(f"bad case id {case_id!r}")
    return f"{CASES}/{case_id}"


def audit_path(case_id: str) -> str:
    """`GET` who did what to the case (no personal values)."""
    return f"{case_path(case_id)}/audit"


def prefill_path(case_id: str) -> str:
    """`GET` the form values the e-license / data-sharing look-up supplies."""
    return f"{case_path(case_id)}/prefill"


def data_path(case_id: str) -> str:
    """`GET` the case's contents for window staff (answers, form, parties, delivery, items,
    the departments' decisions with their opinions, the linked tickets); each read is audited."""
    return f"{case_path(case_id)}/data"


def ticket_draft_path(ticket_id: str) -> str:
    """`GET` the kiosk's pre-scan draft of a ticket (answers, material → page hashes); 404
    `draft_missing` when the applicant scanned nothing."""
    if not ticket_id or "/" in ticket_id:
        raise ValueError(f"bad ticket id {ticket_id!r}")
    return f"/tickets/{ticket_id}/draft"


#: `GET` with `number=` (the case number) or `applicant_id=` (the ID number, matched on the
#: server by its keyed hash): a returning applicant's cases, newest first, applicant masked.
SEARCH_PATH = CASES


def _updates(
    *,
    answers: Mapping[str, list[str]] | None = None,
    form: Mapping[str, str] | None = None,
    materials: Mapping[str, Mapping[str, Any]] | None = None,
    overrides: Mapping[str, str] | None = None,
    delivery: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if answers is not None:
        body["answers"] = {k: list(v) for k, v in answers.items()}
    if form is not None:
        body["form"] = dict(form)
    if materials is not None:
        body["materials"] = {k: dict(v) for k, v in materials.items()}
    if overrides is not None:
        body["overrides"] = dict(overrides)
    if delivery is not None:
        if delivery not in DELIVERY_METHODS:
            raise ValueError(f"unknown delivery {delivery!r}")
        body["delivery"] = delivery
    return body


def _pages(materials: Mapping[str, Mapping[str, Any]] | None) -> tuple[str, ...]:
    """Every scanned page the materials name, once, in order: the outbox uploads them (resumable)
    before the command goes, as the server refuses a material whose pages it lacks."""
    seen: dict[str, None] = {}
    for record in (materials or {}).values():
        for digest in record.get("pages", ()):
            seen.setdefault(str(digest), None)
    return tuple(seen)


def create_case(
    theme: str,
    applicant: Mapping[str, str],
    *,
    agent: Mapping[str, str] | None = None,
    answers: Mapping[str, list[str]] | None = None,
    form: Mapping[str, str] | None = None,
    materials: Mapping[str, Mapping[str, Any]] | None = None,
    delivery: str | None = None,
    ticket_id: str | None = None,
) -> Command:
    """收件: a new case (the server gives its number), linked to the ticket it was called on."""
    body: dict[str, Any] = {"theme": theme, "applicant": dict(applicant)}
    if agent is not None:
        body["agent"] = dict(agent)
    if ticket_id is not None:
        body["ticket_id"] = ticket_id
    body.update(
        _updates(
            answers=answers or {}, form=form or {}, materials=materials or {}, delivery=delivery
        )
    )
    return Command("case_create", "POST", CASES, body, _pages(materials))


def update_case(case_id: str, *, ticket_id: str | None = None, **changes: Any) -> Command:
    """Replace answers, form, materials, overrides or delivery (each given part wholesale);
    `ticket_id` links the case to the ticket of this visit (a returning applicant's new one)."""
    body = _updates(**changes)
    if ticket_id is not None:
        body["ticket_id"] = ticket_id
    path = f"{case_path(case_id)}/update"
    return Command("case_update", "POST", path, body, _pages(changes.get("materials")))


def precheck(case_id: str) -> Command:
    """预审: every finding at once."""
    return Command("case_precheck", "POST", f"{case_path(case_id)}/precheck")


def correct_on_spot(case_id: str, **changes: Any) -> Command:
    """当场更正, with the corrections applied first in the same transaction."""
    body = _updates(**changes) or None
    path = f"{case_path(case_id)}/correct-on-spot"
    return Command("case_correct_on_spot", "POST", path, body, _pages(changes.get("materials")))


def receive_supplement(case_id: str, **changes: Any) -> Command:
    """补正收件, with what was handed in applied first."""
    body = _updates(**changes) or None
    path = f"{case_path(case_id)}/receive-supplement"
    return Command("case_receive_supplement", "POST", path, body, _pages(changes.get("materials")))


def decide(
    case_id: str,
    outcome: str,
    *,
    commitment_signed: bool = False,
    reason: str = "",
    legal_basis: str = "",
    apply_to: str = "",
) -> Command:
    """补正告知 / 容缺受理 / 不予受理 / 受理."""
    if outcome not in DECISIONS:
        raise ValueError(f"unknown decision {outcome!r}")
    body = {
        "outcome": outcome,
        "commitment_signed": commitment_signed,
        "reason": reason,
        "legal_basis": legal_basis,
        "apply_to": apply_to,
    }
    return Command(f"case_{outcome}", "POST", f"{case_path(case_id)}/decision", body)


def dispatch(case_id: str) -> Command:
    """一次分办."""
    return Command("case_dispatch", "POST", f"{case_path(case_id)}/dispatch")


def department_decision(
    case_id: str, department: str, approved: bool, opinion: str = ""
) -> Command:
    return Command(
        "case_department_decision",
        "POST",
        f"{case_path(case_id)}/department-decision",
        {"department": department, "approved": approved, "opinion": opinion},
    )


def ready(case_id: str) -> Command:
    """待出件."""
    return Command("case_ready", "POST", f"{case_path(case_id)}/ready")


def deliver(case_id: str, method: str) -> Command:
    """统一出件."""
    if method not in DELIVERY_METHODS:
        raise ValueError(f"unknown delivery {method!r}")
    return Command("case_deliver", "POST", f"{case_path(case_id)}/deliver", {"method": method})


def withdraw(case_id: str, reason: str) -> Command:
    return Command("case_withdraw", "POST", f"{case_path(case_id)}/withdraw", {"reason": reason})
