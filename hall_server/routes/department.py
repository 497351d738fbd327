"""The department view's reads (部门审批): the cases dispatched to a department, and one case as
the department needs it to decide — the merged form, the materials with their pages, its own
service items and every department's decision so far.

The decision itself is `POST /cases/{id}/department-decision` (routes/cases.py). The department
is a path parameter: users do not yet carry a department of their own, so a department user
picks theirs in the view (see the report of issue 10).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server.auth import Principal, require_own_department
from hall_server.cases import CaseService
from hall_server.deps import DeptStaff, Server
from hall_server.errors import ApiError
from hall_server.models import CaseRow
from hall_server.state import ServerState
from hallcore.case import CaseFile

router = APIRouter(tags=["department"])
Department = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z_]+$")]
CaseId = Annotated[str, Path(min_length=1, max_length=40)]
#: The states in which a case has sub-cases at the departments.
_AT_DEPARTMENTS = ("dispatched", "decided", "ready", "delivered")


class DecisionOut(BaseModel):
    department: str
    department_name: str
    items: list[str]
    approved: bool | None
    opinion: str
    decided_on: dt.date | None


class DepartmentCaseOut(BaseModel):
    """A line of the department's list: the applicant masked."""

    case_id: str
    theme: str
    theme_name: str
    state: str
    applicant_name: str
    accepted_on: dt.date | None
    promised_due: dt.date | None
    items: list[str]
    decided: bool


class FormValueOut(BaseModel):
    key: str
    label: str
    value: str


class MaterialOut(BaseModel):
    code: str
    name: str
    state: str
    pages: list[str]
    copies: int


class DepartmentCaseDetailOut(DepartmentCaseOut):
    """What the department decides on: the merged form (一表), the materials (一套材料)."""

    applicant_id: str
    form: list[FormValueOut]
    materials: list[MaterialOut]
    decisions: list[DecisionOut]


def _service(server: ServerState, session: Session, principal: Principal) -> CaseService:
    now = server.now()
    return CaseService(
        session,
        principal.hall_id,
        server.catalog.catalog,
        server.lifecycle,
        server.vault,
        now,
        server.halls[principal.hall_id].business_date(now),
        principal.actor_id,
    )


def _line(row: CaseRow, file: CaseFile, department: str) -> DepartmentCaseOut | None:
    sub = file.subcase(department)
    if sub is None:
        return None
    return DepartmentCaseOut(
        case_id=row.case_id,
        theme=row.theme,
        theme_name=file.case.theme.name,
        state=row.state,
        applicant_name=file.case.applicant.masked_name,
        accepted_on=file.accepted_on,
        promised_due=file.promised_due,
        items=[i.name for i in sub.items],
        decided=sub.decision is not None,
    )


@router.get("/departments/{department}/cases", response_model=list[DepartmentCaseOut])
def department_cases(
    department: Department,
    principal: DeptStaff,
    server: Server,
    pending: Annotated[bool, Query(description="只列未决定的 / undecided only")] = True,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DepartmentCaseOut]:
    """分办到本部门的办件, oldest first."""
    with server.db.read() as session:
        require_own_department(session, principal, department)
        service = _service(server, session, principal)
        rows = session.scalars(
            select(CaseRow)
            .where(CaseRow.hall_id == principal.hall_id, CaseRow.state.in_(_AT_DEPARTMENTS))
            .order_by(CaseRow.updated_at, CaseRow.case_id)
        ).all()
        out: list[DepartmentCaseOut] = []
        for row in rows:
            line = _line(row, service.replay(row), department)
            if line is None or (pending and line.decided):
                continue
            out.append(line)
            if len(out) >= limit:
                break
        return out


@router.get("/departments/{department}/cases/{case_id}", response_model=DepartmentCaseDetailOut)
def department_case(
    department: Department, case_id: CaseId, principal: DeptStaff, server: Server
) -> DepartmentCaseDetailOut:
    """One dispatched case as the department decides on it (the applicant's own values: the
    department examines the application)."""
    with server.db.read() as session:
        require_own_department(session, principal, department)
        service = _service(server, session, principal)
        row, case = service.load(case_id)
        file = service.replay(row)
        line = _line(row, file, department)
        if line is None:
            raise ApiError(
                404,
                "not_dispatched_here",
                "该办件没有分办到本部门",
                "the case was not dispatched to this department",
            )
        catalog = server.catalog.catalog
        fields = catalog.fields
        # In the order of the theme's merged form (一表), as the applicant filled it in.
        order = {entry.field: n for n, entry in enumerate(case.theme.form)}
        keys = sorted(case.form, key=lambda k: (order.get(k, len(order)), k))
        form = [
            FormValueOut(key=k, label=fields[k].label if k in fields else k, value=case.form[k])
            for k in keys
        ]
        for entry in form:  # a choice shows as its label (女, not female)
            field = fields.get(entry.key)
            labels = {c.code: c.label for c in field.choices} if field else {}
            entry.value = labels.get(entry.value, entry.value)
        names = {m.code: m.name for m in case.theme.materials}
        materials = [
            MaterialOut(
                code=code,
                name=names.get(code, code),
                state=record.state.value,
                pages=list(record.pages),
                copies=record.copies,
            )
            for code, record in case.materials.items()
        ]
        decisions = [
            DecisionOut(
                department=s.department,
                department_name=catalog.department(s.department).name,
                items=[i.name for i in s.items],
                approved=s.decision.approved if s.decision else None,
                opinion=s.decision.opinion if s.decision else "",
                decided_on=s.decision.decided_on if s.decision else None,
            )
            for s in file.subcases
        ]
        return DepartmentCaseDetailOut(
            **line.model_dump(),
            applicant_id=case.applicant.masked_id_number,
            form=form,
            materials=materials,
            decisions=decisions,
        )
