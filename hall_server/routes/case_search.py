"""Finding a returning applicant's case at the window (issue 10): by the case number (typed, or
read from the QR code on a notice) or by the applicant's ID number.

The ID number is never stored in the clear: cases carry its keyed hash (`Vault.lookup_key`),
and the search hashes the number it is given and compares keys. It is not logged either (the
server runs without an access log; a proxy in front must not log query strings). The answer
shows applicants masked, as every case header does.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from hall_server.auth import Allow, Principal, Role
from hall_server.cases import CaseService
from hall_server.deps import Server
from hall_server.errors import ApiError
from hall_server.models import CaseRow
from hall_server.routes.cases import case_out
from hall_server.schemas import CaseOut

router = APIRouter(tags=["cases"])

#: The window's staff and the hall manager look cases up; a department user works from its
#: dispatched sub-cases instead.
CaseFinder = Annotated[Principal, Depends(Allow(Role.CLERK, Role.MANAGER))]

#: At most this many cases for one applicant, newest first.
SEARCH_LIMIT = 20


@router.get("/cases", response_model=list[CaseOut])
def search_cases(
    principal: CaseFinder,
    server: Server,
    number: Annotated[str | None, Query(min_length=1, max_length=40)] = None,
    applicant_id: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
) -> list[CaseOut]:
    """Cases of this hall by case number (`number`) or applicant ID number (`applicant_id`),
    newest first (one of the two is required)."""
    if (number is None) == (applicant_id is None):
        raise ApiError(
            422,
            "search_needs_one_key",
            "请提供办件号或申请人证件号码之一",
            "give either number or applicant_id",
        )
    query = select(CaseRow).where(CaseRow.hall_id == principal.hall_id)
    if number is not None:
        query = query.where(CaseRow.case_id == number.strip())
    else:
        assert applicant_id is not None
        key = server.vault.lookup_key(applicant_id)  # normalises: trimmed, upper-case X
        query = query.where(CaseRow.applicant_key == key)
    query = query.order_by(CaseRow.created_at.desc(), CaseRow.id.desc()).limit(SEARCH_LIMIT)
    now = server.now()
    config = server.halls[principal.hall_id]
    with server.db.read() as session:
        service = CaseService(
            session,
            principal.hall_id,
            server.catalog.catalog,
            server.lifecycle,
            server.vault,
            now,
            config.business_date(now),
            principal.actor_id,
        )
        found = []
        for row in session.scalars(query).all():
            row, case = service.load(row.case_id)
            found.append(case_out(row, case))
        return found
