"""Cases (办件): create, update, pre-check, the lifecycle's actions (including deemed
acceptance, a tolerated material handed in, termination), read (with pages and clocks), the
look-up's prefill values, audit log, and the contents for window staff (`/data`, audited). Every
action is in the audit log and is an event (case id and state only: a case's contents never
reach the feed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from hall_server import events as ev
from hall_server import idempotency
from hall_server.auth import Principal, require_own_department
from hall_server.cases import CaseData, CaseDetail, CaseService
from hall_server.deps import DeptStaff, IdempotencyKey, Server, Staff, WindowClerk
from hall_server.models import CaseRow
from hall_server.schemas import (
    CaseActionOut,
    CaseDataOut,
    CaseDecisionIn,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    CaseStateOut,
    CaseTicketOut,
    CaseUpdateIn,
    DeliverIn,
    DepartmentDecisionIn,
    DepartmentDecisionOut,
    FetchedMaterialOut,
    FindingOut,
    MaterialOut,
    PageRefOut,
    PartyOut,
    PrecheckOut,
    PrefillOut,
    PrefillValueOut,
    ReceiveToleratedIn,
    WithdrawIn,
)
from hall_server.state import ServerState
from hallcore.case import Case, CaseFile, Party, PartyKind

router = APIRouter(tags=["cases"])
CaseId = Annotated[str, Path(min_length=1, max_length=40)]


def _service(server: ServerState, session: Session, principal: Principal) -> CaseService:
    config = server.halls[principal.hall_id]
    now = server.now()
    return CaseService(
        session,
        principal.hall_id,
        server.catalog.catalog,
        server.lifecycle,
        server.vault,
        now,
        config.business_date(now),
        principal.actor_id,
    )


def case_out(row: CaseRow, case: Case) -> CaseOut:
    return CaseOut(
        case_id=row.case_id,
        theme=row.theme,
        state=row.state,
        applicant_name=case.applicant.masked_name,
        applicant_id=case.applicant.masked_id_number,
        revision=row.revision,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _mutate(
    server: ServerState,
    principal: Principal,
    key: str,
    path: str,
    body: Any,
    kind: str,
    run: Callable[[CaseService], tuple[int, CaseRow, BaseModel]],
) -> JSONResponse:
    def operation(session: Session) -> tuple[int, BaseModel]:
        service = _service(server, session, principal)
        status, row, payload = run(service)
        data = {"case_id": row.case_id, "state": row.state, "actor": principal.actor_id}
        ev.append(session, principal.hall_id, [ev.NewEvent(kind, server.now(), data)])
        return status, payload

    request_hash = idempotency.fingerprint("POST", path, principal, body)
    return idempotency.run(server, principal, key, request_hash, operation)


@router.post("/cases", response_model=CaseOut, status_code=201)
def create_case(
    body: CaseIn, principal: WindowClerk, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """收件: a new case for a theme, with the applicant (and agent) and what is known so far."""

    def run(service: CaseService) -> tuple[int, CaseRow, BaseModel]:
        row, case = service.create(body.model_dump(mode="json"))
        return 201, row, case_out(row, case)

    return _mutate(
        server, principal, key, "/cases", body.model_dump(mode="json"), "case_created", run
    )


@router.post("/cases/{case_id}/update", response_model=CaseOut)
def update_case(
    case_id: CaseId,
    body: CaseUpdateIn,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """更新情形答案、表单、材料或告警说明 (each given part replaced wholesale)."""
    changes = body.model_dump(mode="json", exclude_none=True)

    def run(service: CaseService) -> tuple[int, CaseRow, BaseModel]:
        row, case = service.update(case_id, changes)
        return 200, row, case_out(row, case)

    path = f"/cases/{case_id}/update"
    return _mutate(server, principal, key, path, changes, "case_updated", run)


@router.post("/cases/{case_id}/precheck", response_model=PrecheckOut)
def precheck_case(
    case_id: CaseId, principal: WindowClerk, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """预审: hallcore's pre-check, every finding at once (一次告知)."""

    def run(service: CaseService) -> tuple[int, CaseRow, BaseModel]:
        row, result = service.precheck(case_id)
        findings = [
            FindingOut(
                key=f.key,
                rule=f.rule.value,
                kind=f.kind.value,
                subject=f.subject,
                subject_name=f.subject_name,
                message_zh=f.message_zh,
                message_en=f.message_en,
                standard=f.standard,
            )
            for f in result.open_findings
        ]
        out = PrecheckOut(case=case_out(row, result.case), passed=result.passed, findings=findings)
        return 200, row, out

    path = f"/cases/{case_id}/precheck"
    return _mutate(server, principal, key, path, None, "case_prechecked", run)


def case_detail_out(detail: CaseDetail) -> CaseDetailOut:
    case, file = detail.case, detail.file
    materials = [
        MaterialOut(
            code=code,
            state=record.state.value,
            copies=record.copies,
            expires_on=record.expires_on,
            ticked=sorted(c.value for c in record.ticked),
            tolerance_deadline=record.tolerance_deadline,
            pages=[
                PageRefOut(sha256=p, size=page.size, media_type=page.media_type or "")
                for p in record.pages
                if (page := detail.pages.get(p)) is not None
            ],
        )
        for code, record in sorted(case.materials.items())
    ]
    fetched = [
        FetchedMaterialOut(
            material=code, way=hit.way.value, source=hit.source, valid_until=hit.valid_until
        )
        for code, hit in sorted(detail.fetched.items())
    ]
    return CaseDetailOut(
        **case_out(detail.row, case).model_dump(),
        state_zh=file.state.label,
        materials=materials,
        fetched=fetched,
        unavailable={k: sorted(w.value for w in v) for k, v in sorted(case.unavailable.items())},
        accepted_on=file.accepted_on,
        promised_due=file.promised_due,
        notice_deadline=detail.notice_deadline,
        deemed_acceptance_due=detail.deemed_acceptance_due,
    )


@router.get("/cases/{case_id}", response_model=CaseDetailOut)
def get_case(case_id: CaseId, principal: Staff, server: Server) -> CaseDetailOut:
    """The case: header (applicant masked), material records with their pages (sha256, size,
    type), what the e-license look-up fetched, and the acceptance clocks
    (`deemed_acceptance_due`: no notice within 5 working days, 视为受理 is due)."""
    with server.db.read() as session:
        return case_detail_out(_service(server, session, principal).detail(case_id))


@router.get("/cases/{case_id}/prefill", response_model=PrefillOut)
def case_prefill(case_id: CaseId, principal: WindowClerk, server: Server) -> PrefillOut:
    """预填: the form values the e-license and data-sharing look-up supplies for the case's
    merged form (the desk fills them in; the clerk confirms)."""
    with server.db.read() as session:
        values = _service(server, session, principal).prefill(case_id)
        return PrefillOut(
            case_id=case_id,
            values={
                key: PrefillValueOut(
                    value=v.value,
                    material=v.found.material,
                    way=v.found.way.value,
                    source=v.found.source,
                )
                for key, v in values.items()
            },
        )


def case_data_out(data: CaseData, catalog_names: dict[str, str]) -> CaseDataOut:
    case = data.case

    def party(p: Party | None) -> PartyOut | None:
        if p is None:
            return None
        return PartyOut(
            kind="company" if p.kind is PartyKind.COMPANY else "person",
            name=p.name,
            id_number=p.id_number,
            phone=p.phone,
            address=p.address,
            legal_representative=p.legal_representative,
        )

    applicant = party(case.applicant)
    assert applicant is not None
    decisions = [
        DepartmentDecisionOut(
            department=s.department,
            department_name=catalog_names.get(s.department, s.department),
            approved=s.decision.approved,
            opinion=s.decision.opinion,
            at=data.decided_at.get(s.department) or data.row.updated_at,
        )
        for s in data.file.subcases
        if s.decision is not None
    ]
    return CaseDataOut(
        case_id=data.row.case_id,
        theme=data.row.theme,
        state=data.row.state,
        answers={k: list(v) for k, v in case.answers.items()},
        form=dict(case.form),
        applicant=applicant,
        agent=party(case.agent),
        delivery=case.delivery.value if case.delivery else None,
        items=list(data.items),
        decisions=decisions,
        tickets=[CaseTicketOut(ticket_id=t, number=n) for t, n in data.tickets],
        overrides=dict(case.overrides),
    )


@router.get("/cases/{case_id}/data", response_model=CaseDataOut)
def case_data(case_id: CaseId, principal: WindowClerk, server: Server) -> CaseDataOut:
    """办件内容: the situation answers, the merged form, the parties (unmasked: the clerk serves
    them), delivery, the selected items, the departments' decisions with their opinions and the
    tickets the case was served on — for a case opened at another window or after a reinstall.
    Every read is a `data_read` row of the case's audit log (who and when, no value)."""
    names = {code: d.name for code, d in server.catalog.catalog.departments.items()}
    with server.db.write(principal.hall_id) as session:
        return case_data_out(_service(server, session, principal).data(case_id), names)


@router.get("/cases/{case_id}/audit", response_model=list[CaseActionOut])
def case_audit(case_id: CaseId, principal: Staff, server: Server) -> list[CaseActionOut]:
    """Who did what to the case, and when (no personal values)."""
    with server.db.read() as session:
        actions = _service(server, session, principal).audit(case_id)
        return [
            CaseActionOut(
                seq=a.seq,
                action=a.action,
                actor=a.actor,
                at=a.at,
                business_date=a.business_date,
                summary=a.summary,
            )
            for a in actions
        ]


def _lifecycle_action(
    server: ServerState,
    principal: Principal,
    key: str,
    case_id: str,
    action: str,
    params: dict[str, Any],
    changes: dict[str, Any] | None = None,
) -> JSONResponse:
    """One lifecycle action; `changes` (a `CaseUpdateIn`) are applied first, in the same
    transaction, and logged as their own `update`."""

    def run(service: CaseService) -> tuple[int, CaseRow, BaseModel]:
        if changes:
            service.update(case_id, changes)
        if action == "receive_tolerated":
            row, file = service.receive_tolerated(case_id, params["material"], params["record"])
        else:
            row, file = service.act(case_id, action, params)
        return 200, row, state_out(row, file)

    path = f"/cases/{case_id}/{action}"
    body = {"params": params, "changes": changes} if changes else params
    return _mutate(server, principal, key, path, body, f"case_{action}", run)


def state_out(row: CaseRow, file: CaseFile) -> CaseStateOut:
    return CaseStateOut(
        case=case_out(row, file.case),
        state_zh=file.state.label,
        accepted_on=file.accepted_on,
        promised_due=file.promised_due,
    )


@router.post("/cases/{case_id}/decision", response_model=CaseStateOut)
def decide_case(
    case_id: CaseId,
    body: CaseDecisionIn,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """预审之后：补正告知、容缺受理、不予受理或受理 (hallcore's guards apply)."""
    params = body.model_dump(exclude={"outcome"})
    return _lifecycle_action(server, principal, key, case_id, body.outcome, params)


@router.post("/cases/{case_id}/dispatch", response_model=CaseStateOut)
def dispatch_case(
    case_id: CaseId, principal: WindowClerk, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """一次分办: one sub-case per department."""
    return _lifecycle_action(server, principal, key, case_id, "dispatch", {})


@router.post("/cases/{case_id}/department-decision", response_model=CaseStateOut)
def department_decision(
    case_id: CaseId,
    body: DepartmentDecisionIn,
    principal: DeptStaff,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """A department's decision on its sub-case (a rejection needs an opinion)."""
    with server.db.read() as session:
        require_own_department(session, principal, body.department)
    params = body.model_dump()
    return _lifecycle_action(server, principal, key, case_id, "department_decision", params)


@router.post("/cases/{case_id}/ready", response_model=CaseStateOut)
def case_ready(
    case_id: CaseId, principal: Staff, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """待出件: every result is in."""
    return _lifecycle_action(server, principal, key, case_id, "ready", {})


@router.post("/cases/{case_id}/deliver", response_model=CaseStateOut)
def deliver_case(
    case_id: CaseId,
    body: DeliverIn,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """统一出件 (window, post or electronic, as the theme allows)."""
    return _lifecycle_action(server, principal, key, case_id, "deliver", body.model_dump())


@router.post("/cases/{case_id}/withdraw", response_model=CaseStateOut)
def withdraw_case(
    case_id: CaseId,
    body: WithdrawIn,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """撤回 at the applicant's request."""
    return _lifecycle_action(server, principal, key, case_id, "withdraw", body.model_dump())


@router.post("/cases/{case_id}/correct-on-spot", response_model=CaseStateOut)
def correct_case_on_spot(
    case_id: CaseId,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
    body: CaseUpdateIn | None = None,
) -> JSONResponse:
    """当场更正: the pre-check found only what can be corrected at the window; the corrections
    (given here, or by an earlier update) must make the case pass."""
    changes = body.model_dump(mode="json", exclude_none=True) if body else None
    return _lifecycle_action(server, principal, key, case_id, "correct_on_spot", {}, changes)


@router.post("/cases/{case_id}/receive-supplement", response_model=CaseStateOut)
def receive_supplement(
    case_id: CaseId,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
    body: CaseUpdateIn | None = None,
) -> JSONResponse:
    """补正收件: what was handed in (given here, or by an earlier update), checked against the
    supplement notice's own list; once nothing is outstanding, accepting dates from that day."""
    changes = body.model_dump(mode="json", exclude_none=True) if body else None
    return _lifecycle_action(server, principal, key, case_id, "receive_supplement", {}, changes)


@router.post("/cases/{case_id}/deem-accepted", response_model=CaseStateOut)
def deem_accepted(
    case_id: CaseId, principal: WindowClerk, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """视为受理: no supplement notice within 5 working days of receipt, so by law the case is
    accepted from the day of receipt (hallcore's clock decides; early is a 409 `case_refused`
    naming the last day of the notice period)."""
    return _lifecycle_action(server, principal, key, case_id, "deem_accepted", {})


@router.post("/cases/{case_id}/receive-tolerated", response_model=CaseStateOut)
def receive_tolerated(
    case_id: CaseId,
    body: ReceiveToleratedIn,
    principal: WindowClerk,
    server: Server,
    key: IdempotencyKey,
) -> JSONResponse:
    """容缺补交: a tolerated material handed in (state `provided`, with its uploaded pages) by
    its deadline; it becomes the case's record of that material."""
    params = {"material": body.material, "record": body.record.model_dump(mode="json")}
    return _lifecycle_action(server, principal, key, case_id, "receive_tolerated", params)


@router.post("/cases/{case_id}/terminate", response_model=CaseStateOut)
def terminate_case(
    case_id: CaseId, principal: WindowClerk, server: Server, key: IdempotencyKey
) -> JSONResponse:
    """终止办理: a tolerated material was not handed in by its deadline."""
    return _lifecycle_action(server, principal, key, case_id, "terminate", {})
