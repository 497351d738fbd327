"""Cases (办件) over rows: hallcore's `Case`, pre-check and `Lifecycle`, with an audit log.

A case is stored as what the applicant gave (parties, situation answers, form values, material
records), sealed as one JSON document, plus its theme and lifecycle state in the clear. Every
action appends a `CaseAction` (who, when, what, and the case as it was), which is the audit
log and also what the lifecycle is replayed from (`replay`), so the lifecycle's own rules
(legal clocks, one-time rule) stay in hallcore.

Actions: create, update (answers, form, materials, overrides), pre-check, on-the-spot
correction (当场更正) and receiving a supplement (补正收件) — both on the case as it stands
after its updates — the decision after the pre-check (supplement notice, tolerance, not
accepted, accept), deemed acceptance (视为受理), receiving a tolerated material (容缺补交),
termination (终止办理), dispatch, department decisions, ready, deliver, withdraw; read (with the
materials' pages and the clocks), the look-up's form values (prefill), and audit.

A case also keeps the tickets it was served on (`case_tickets`, in link order: a returning
applicant's new ticket links to the same case), and window staff read its contents whole
(`data`: answers, form, parties unmasked, decisions with opinions). Both leave a row in the
audit log (`ticket_linked`, `data_read`: who and when, never a value) which the lifecycle's
replay passes over, like `update`.

Materials name their pages by SHA-256 (`hall_server.pages`); a record naming a page that is not
completely uploaded is refused (`page_missing`), so a case never points at bytes the hall does
not hold. At creation and pre-check the e-license / data-sharing look-up (`integrations`) says
which materials are fetched for the applicant; the rest fall back per hallcore's resolver. The
notices the applicant must hear of (supplement, acceptance, not accepted, ready) write an SMS to
the outbox in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hall_server.errors import ApiError
from hall_server.integrations import (
    AvailableMaterial,
    LicenseLookup,
    LocalLicenses,
    SmsOutboxWriter,
    text_applicant,
    unavailable_ways,
)
from hall_server.models import CaseAction, CaseRow, CaseTicket, TicketRow
from hall_server.pages import PageStatus, PageStore
from hall_server.vault import Vault
from hallcore.case import (
    Case,
    CaseFile,
    IllegalTransition,
    Lifecycle,
    LifecycleError,
    MaterialRecord,
    MaterialState,
    Party,
    PartyKind,
)
from hallcore.case.actions import run_action
from hallcore.case.precheck import PrecheckResult
from hallcore.catalog import Catalog, FulfilWay, IncompleteAnswers, resolve
from hallcore.catalog.model import Delivery, MaterialCheck, PrefillSource

_CONTEXT = "cases.data"
_LOG_CONTEXT = "case_actions.case"
#: Action parameters that are never personal and go into the audit summary in the clear
#: (reasons, opinions and legal text stay sealed with the case).
_PUBLIC_PARAMS = frozenset({"department", "approved", "method", "commitment_signed", "material"})
#: The SMS template each notice to the applicant uses.
#: Audit rows that record without moving the lifecycle: the replay passes over them.
_RECORD_ONLY = frozenset({"update", "ticket_linked", "data_read"})
_NOTICE_TEMPLATES = {
    "supplement": "case_supplement",
    "tolerance": "case_accepted",
    "accept": "case_accepted",
    "deem_accepted": "case_accepted",
    "not_accepted": "case_not_accepted",
    "ready": "case_ready",
}


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """A case as `GET /cases/{id}` shows it: the row, the stored case, the lifecycle file
    replayed from the log, the pages its materials name and what the look-up found."""

    row: CaseRow
    case: Case
    file: CaseFile
    pages: Mapping[str, PageStatus]
    fetched: Mapping[str, AvailableMaterial]
    notice_deadline: dt.date
    deemed_acceptance_due: bool


@dataclass(frozen=True, slots=True)
class CaseData:
    """A case's contents as window staff read them (`GET /cases/{id}/data`): the stored case,
    the lifecycle file, the selected items, when each department decided (from the audit log)
    and the linked tickets `(ticket_id, number)` in link order."""

    row: CaseRow
    case: Case
    file: CaseFile
    items: tuple[str, ...]
    decided_at: Mapping[str, dt.datetime]
    tickets: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class PrefillValue:
    value: str
    found: AvailableMaterial


def case_to_data(case: Case) -> dict[str, Any]:
    def party(p: Party | None) -> dict[str, str] | None:
        if p is None:
            return None
        return {
            "kind": p.kind.value,
            "name": p.name,
            "id_number": p.id_number,
            "phone": p.phone,
            "address": p.address,
            "legal_representative": p.legal_representative,
        }

    return {
        "case_id": case.case_id,
        "theme": case.theme.code,
        "applicant": party(case.applicant),
        "agent": party(case.agent),
        "received_at": case.received_at.isoformat(),
        "received_on": case.received_on.isoformat(),
        "answers": {k: list(v) for k, v in case.answers.items()},
        "form": dict(case.form),
        "materials": {code: _material_data(r) for code, r in case.materials.items()},
        "unavailable": {k: sorted(w.value for w in v) for k, v in case.unavailable.items()},
        "overrides": dict(case.overrides),
        "delivery": case.delivery.value if case.delivery else None,
    }


def _material_data(record: MaterialRecord) -> dict[str, Any]:
    return {
        "state": record.state.value,
        "pages": list(record.pages),
        "copies": record.copies,
        "expires_on": record.expires_on.isoformat() if record.expires_on else None,
        "ticked": sorted(c.value for c in record.ticked),
        "recorded": dict(record.recorded),
        "tolerance_deadline": (
            record.tolerance_deadline.isoformat() if record.tolerance_deadline else None
        ),
    }


def material_from_data(code: str, data: Mapping[str, Any]) -> MaterialRecord:
    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    return MaterialRecord(
        code=code,
        state=MaterialState(data["state"]),
        pages=tuple(data.get("pages", ())),
        copies=int(data.get("copies", 1)),
        expires_on=day(data.get("expires_on")),
        ticked=frozenset(MaterialCheck(c) for c in data.get("ticked", ())),
        recorded=dict(data.get("recorded", {})),
        tolerance_deadline=day(data.get("tolerance_deadline")),
    )


def case_from_data(data: Mapping[str, Any], catalog: Catalog) -> Case:
    def party(value: Mapping[str, str] | None) -> Party | None:
        if value is None:
            return None
        return Party(
            PartyKind(value["kind"]),
            value["name"],
            value["id_number"],
            value.get("phone", ""),
            value.get("address", ""),
            value.get("legal_representative", ""),
        )

    applicant = party(data["applicant"])
    assert applicant is not None
    return Case(
        case_id=data["case_id"],
        theme=catalog.theme(data["theme"]),
        applicant=applicant,
        received_at=dt.datetime.fromisoformat(data["received_at"]),
        received_on=dt.date.fromisoformat(data["received_on"]),
        agent=party(data.get("agent")),
        answers={k: tuple(v) for k, v in data.get("answers", {}).items()},
        form=dict(data.get("form", {})),
        materials={c: material_from_data(c, m) for c, m in data.get("materials", {}).items()},
        unavailable={
            k: frozenset(FulfilWay(w) for w in v) for k, v in data.get("unavailable", {}).items()
        },
        overrides=dict(data.get("overrides", {})),
        delivery=Delivery(data["delivery"]) if data.get("delivery") else None,
    )


class CaseService:
    """One hall's cases in the caller's transaction."""

    def __init__(
        self,
        session: Session,
        hall_id: str,
        catalog: Catalog,
        lifecycle: Lifecycle,
        vault: Vault,
        now: dt.datetime,
        day: dt.date,
        actor: str,
        *,
        licenses: LicenseLookup | None = None,
    ) -> None:
        self.session = session
        self.hall_id = hall_id
        self.catalog = catalog
        self.lifecycle = lifecycle
        self.vault = vault
        self.now = now
        self.day = day
        self.actor = actor
        self.licenses: LicenseLookup = licenses or LocalLicenses(session, hall_id, vault)

    # --- actions -------------------------------------------------------------------------

    def create(self, data: dict[str, Any]) -> tuple[CaseRow, Case]:
        """A new case; `data["ticket_id"]`, when given, links the ticket it was received on."""
        if data["theme"] not in {t.code for t in self.catalog.themes}:
            raise ApiError(404, "unknown_theme", "没有这个主题", "no such theme")
        data = dict(data)
        ticket_id = data.pop("ticket_id", None)
        data = {
            **data,
            "case_id": f"{self.day:%Y%m%d}-{uuid.uuid4().hex[:10]}",
            "received_at": self.now.isoformat(),
            "received_on": self.day.isoformat(),
        }
        case = self._build(data)
        self._check_pages(case, case.materials)
        case = self._looked_up(case)
        file = self.lifecycle.open(case)
        row = CaseRow(
            hall_id=self.hall_id,
            case_id=case.case_id,
            theme=case.theme.code,
            state=file.state.value,
            applicant_key=self.vault.lookup_key(case.applicant.id_number),
            data_enc=self._seal(case),
            revision=0,
            created_at=self.now,
            updated_at=self.now,
        )
        self.session.add(row)
        self._log(row, case, "create", {"theme": case.theme.code})
        if ticket_id is not None:
            self.link_ticket(row, case, ticket_id)
        return row, case

    def update(self, case_id: str, changes: dict[str, Any]) -> tuple[CaseRow, Case]:
        """Replace answers, form values, materials or overrides (each given key wholesale);
        `ticket_id` links the ticket of this visit (alone, it changes nothing else)."""
        row, case = self.load(case_id, for_update=True)
        changes = dict(changes)
        ticket_id = changes.pop("ticket_id", None)
        if ticket_id is not None:
            self.link_ticket(row, case, ticket_id)
            if not changes:
                return row, case
        data = case_to_data(case)
        data.update(changes)
        updated = self._build(data)
        self._check_pages(updated, changes.get("materials") or ())
        row.data_enc = self._seal(updated)
        row.revision += 1
        row.updated_at = self.now
        changed = sorted(changes)
        fields = sorted(
            k for k in set(case.form) | set(updated.form) if case.form.get(k) != updated.form.get(k)
        )
        self._log(row, updated, "update", {"changed": changed, "form_fields": fields})
        return row, updated

    def precheck(self, case_id: str) -> tuple[CaseRow, PrecheckResult]:
        row, case = self.load(case_id, for_update=True)
        looked_up = self._looked_up(case)
        if looked_up.unavailable != case.unavailable:  # a record appeared or lapsed
            case = looked_up
            row.data_enc = self._seal(case)
        file = self.replay(row)
        try:
            file = self._run(file, case, "precheck", {}, self.day)
        except IncompleteAnswers as error:
            raise ApiError(
                422,
                "incomplete_answers",
                "；".join(error.messages_zh) or "情形尚未答完",
                "; ".join(error.messages_en) or "the situation answers are incomplete",
            ) from None
        result = file.precheck
        assert result is not None
        row.state = file.state.value
        row.revision += 1
        row.updated_at = self.now
        summary = {
            "passed": result.passed,
            "findings": len(result.open_findings),
            "keys": [f.key for f in result.open_findings],
        }
        self._log(row, case, "precheck", summary)
        return row, result

    def act(self, case_id: str, action: str, params: dict[str, Any]) -> tuple[CaseRow, CaseFile]:
        """A lifecycle action (see `_run`) on the case as the log says it stands."""
        row, case = self.load(case_id, for_update=True)
        file = self._run(self.replay(row), case, action, params, self.day)
        row.state = file.state.value
        row.revision += 1
        row.updated_at = self.now
        summary: dict[str, Any] = {"state": file.state.value}
        summary.update({k: v for k, v in params.items() if k in _PUBLIC_PARAMS})
        if action == "receive_supplement":
            receipt = file.receipts[-1]
            summary["complete"] = receipt.complete
            summary["outstanding"] = [f.key for f in receipt.outstanding]
            summary["unlisted"] = [f.key for f in receipt.unlisted]
        if action == "tolerance":  # the tolerated records, with their deadlines, are the case's
            assert file.tolerance is not None
            tolerated = [file.case.materials[code] for code in file.tolerance.deadlines]
            row.data_enc = self._seal(case.with_materials(*tolerated))
        if action == "receive_tolerated":  # the record handed in becomes the case's own
            record = material_from_data(params["material"], params["record"])
            row.data_enc = self._seal(case.with_materials(record))
            assert file.tolerance is not None
            summary["outstanding"] = sorted(file.tolerance.outstanding)
        if action == "terminate":
            summary["lapsed"] = file.history[-1].note.split(",")
        self._log(row, case, action, summary, params)
        if action in _NOTICE_TEMPLATES and case.applicant.phone:
            self._notify_applicant(row.case_id, case, file, action)
        return row, file

    def link_ticket(self, row: CaseRow, case: Case, ticket_id: str) -> bool:
        """Link a ticket of this hall to the case (once: a link made before is kept where it
        is in the order); whether it is new. An unknown ticket is a 404 `ticket_unknown`."""
        number = self.session.scalar(
            select(TicketRow.number).where(
                TicketRow.hall_id == self.hall_id, TicketRow.ticket_id == ticket_id
            )
        )
        if number is None:
            raise ApiError(
                404, "ticket_unknown", "没有找到该号票", "no such ticket in this hall",
                detail={"ticket_id": ticket_id},
            )  # fmt: skip
        linked = self.session.scalar(
            select(CaseTicket.id).where(
                CaseTicket.hall_id == self.hall_id,
                CaseTicket.case_id == row.case_id,
                CaseTicket.ticket_id == ticket_id,
            )
        )
        if linked is not None:
            return False
        self.session.add(
            CaseTicket(
                hall_id=self.hall_id,
                case_id=row.case_id,
                ticket_id=ticket_id,
                number=number,
                actor=self.actor,
                linked_at=self.now,
            )
        )
        self._log(row, case, "ticket_linked", {"ticket_id": ticket_id, "number": number})
        return True

    def tickets(self, case_id: str) -> tuple[tuple[str, str], ...]:
        """The linked tickets `(ticket_id, number)`, in link order (the latest last)."""
        rows = self.session.execute(
            select(CaseTicket.ticket_id, CaseTicket.number)
            .where(CaseTicket.hall_id == self.hall_id, CaseTicket.case_id == case_id)
            .order_by(CaseTicket.id)
        ).all()
        return tuple((r.ticket_id, r.number) for r in rows)

    def data(self, case_id: str) -> CaseData:
        """The case's contents for window staff, and a `data_read` row in its audit log (who
        and when; the summary names no value): a clerk who browses cases leaves a trace. Needs
        the caller's write transaction."""
        row, case = self.load(case_id)
        file = self.replay(row)
        selected = resolve(case.theme, case.answers, self.catalog.fields, case.unavailable)
        decided_at: dict[str, dt.datetime] = {}
        for action in self._actions(case_id):
            if action.action == "department_decision":
                decided_at[str(action.summary.get("department", ""))] = action.at
        data = CaseData(
            row,
            case,
            file,
            tuple(s.item.code for s in selected.items),
            decided_at,
            self.tickets(case_id),
        )
        self._log(row, case, "data_read", {})
        return data

    def receive_tolerated(
        self, case_id: str, material: str, record: dict[str, Any]
    ) -> tuple[CaseRow, CaseFile]:
        """容缺补交: the tolerated material, with its pages, handed in after acceptance."""
        _, case = self.load(case_id)
        try:
            parsed = material_from_data(material, record)
        except (ValueError, KeyError, TypeError) as error:
            raise ApiError(
                422, "invalid_case", "材料记录有误", "the material record is invalid",
                detail=type(error).__name__,
            ) from None  # fmt: skip
        self._check_pages(case.with_materials(parsed), [material])
        params = {"material": material, "record": _material_data(parsed)}
        return self.act(case_id, "receive_tolerated", params)

    def _notify_applicant(self, case_id: str, case: Case, file: CaseFile, action: str) -> None:
        """The SMS of a notice: the case by its number, the dates; never the name or the ID."""
        extra: dict[str, Any] = {}
        if action == "supplement":
            assert file.supplement is not None
            text = (
                f"【一窗通】您的办件{case_id}需补正材料，请凭《补正告知书》于"
                f"{file.supplement.deadline.isoformat()}前到窗口补交。"
            )
            extra["deadline"] = file.supplement.deadline.isoformat()
        elif action == "not_accepted":
            text = f"【一窗通】您的办件{case_id}不予受理，理由及救济途径见《不予受理决定书》。"
        elif action == "ready":
            text = f"【一窗通】您的办件{case_id}已办结，请携带受理回执到窗口领取或按约定方式送达。"
        else:
            due = file.promised_due.isoformat() if file.promised_due else "按规定时限"
            text = f"【一窗通】您的办件{case_id}已受理，承诺办结日期：{due}。"
            if file.tolerance is not None:
                text += f"容缺材料请于{file.tolerance.latest_deadline.isoformat()}前补交。"
            extra["accepted_on"] = file.accepted_on.isoformat() if file.accepted_on else None
        sms = SmsOutboxWriter(self.session, self.hall_id, self.now)
        text_applicant(
            sms,
            case_id,
            _NOTICE_TEMPLATES[action],
            text,
            phone=case.applicant.masked_phone,
            **extra,
        )

    def _run(
        self, file: CaseFile, case: Case, action: str, params: Mapping[str, Any], on: dt.date
    ) -> CaseFile:
        """One lifecycle action: the same call when it happens and when the log is replayed."""
        tolerated = (
            material_from_data(params["material"], params["record"])
            if action == "receive_tolerated"
            else None
        )
        try:
            return run_action(self.lifecycle, file, case, action, params, on, tolerated=tolerated)
        except LifecycleError as error:
            code = "case_transition" if isinstance(error, IllegalTransition) else "case_refused"
            raise ApiError(409, code, error.message_zh, error.message_en) from None

    # --- reading -------------------------------------------------------------------------

    def load(self, case_id: str, *, for_update: bool = False) -> tuple[CaseRow, Case]:
        query = select(CaseRow).where(CaseRow.hall_id == self.hall_id, CaseRow.case_id == case_id)
        row = self.session.scalar(query)
        if row is None:
            raise ApiError(404, "unknown_case", "没有这个办件", "no such case")
        data = json.loads(self.vault.decrypt(row.data_enc, context=_CONTEXT))
        return row, case_from_data(data, self.catalog)

    def replay(self, row: CaseRow) -> CaseFile:
        """The lifecycle file rebuilt from the audit log (hallcore's rules, re-run)."""
        file: CaseFile | None = None
        for action in self._actions(row.case_id):
            if action.action in _RECORD_ONLY:
                continue
            sealed = json.loads(self.vault.decrypt(action.case_enc, context=_LOG_CONTEXT))
            case = case_from_data(sealed["case"], self.catalog)
            if action.action == "create":
                file = self.lifecycle.open(case)
            elif file is not None:
                file = self._run(file, case, action.action, sealed["params"], action.business_date)
        assert file is not None
        return file

    def _actions(self, case_id: str) -> list[CaseAction]:
        return list(
            self.session.scalars(
                select(CaseAction)
                .where(CaseAction.hall_id == self.hall_id, CaseAction.case_id == case_id)
                .order_by(CaseAction.seq)
            )
        )

    def detail(self, case_id: str) -> CaseDetail:
        row, case = self.load(case_id)
        file = self.replay(row)
        refs = (p for r in case.materials.values() for p in r.pages)
        pages = PageStore(self.session, self.hall_id, self.vault).complete_pages(refs)
        return CaseDetail(
            row,
            case,
            file,
            pages,
            self._found(case),
            self.lifecycle.notice_deadline(file),
            self.lifecycle.deemed_accepted(file, self.day),
        )

    def prefill(self, case_id: str) -> dict[str, PrefillValue]:
        """The form values the look-up supplies for the case's theme, by field key: a value
        counts where the field's dictionary entry names the way it was fetched as a source."""
        row, case = self.load(case_id)
        found = self._found(case)
        carried = self.licenses.values(row.applicant_key, found)
        theme_fields = {entry.field for entry in case.theme.form}
        values: dict[str, PrefillValue] = {}
        for material, fields in sorted(carried.items()):
            hit = found[material]
            for key, value in fields.items():
                definition = self.catalog.fields.get(key)
                if definition is None or key not in theme_fields:
                    continue
                if PrefillSource(hit.way.value) in definition.prefill:
                    values.setdefault(key, PrefillValue(value, hit))
        return values

    def audit(self, case_id: str) -> list[CaseAction]:
        self.load(case_id)
        return self._actions(case_id)

    # --- internals -----------------------------------------------------------------------

    def _build(self, data: dict[str, Any]) -> Case:
        try:
            return case_from_data(data, self.catalog)
        except (ValueError, KeyError, TypeError) as error:
            raise ApiError(
                422,
                "invalid_case",
                "办件内容有误",
                "the case is invalid",
                detail=type(error).__name__,
            ) from None

    def _found(self, case: Case) -> dict[str, AvailableMaterial]:
        """What the look-up fetches for the applicant among the theme's materials."""
        codes = {m.code for m in case.theme.materials}
        key = self.vault.lookup_key(case.applicant.id_number)
        return {c: a for c, a in self.licenses.available(key, self.day).items() if c in codes}

    def _looked_up(self, case: Case) -> Case:
        """The case with the look-up's answer as its `unavailable` ways."""
        return replace(case, unavailable=unavailable_ways(case.theme, self._found(case)))

    def _check_pages(self, case: Case, codes: Iterable[str]) -> None:
        """Every page the named materials list must be completely uploaded (422
        `page_missing`, naming the material and the pages, otherwise)."""
        refs = {c: case.materials[c].pages for c in sorted(set(codes)) if c in case.materials}
        store = PageStore(self.session, self.hall_id, self.vault)
        complete = store.complete_pages(p for pages in refs.values() for p in pages)
        for code, pages in refs.items():
            missing = [p for p in pages if p not in complete]
            if missing:
                name = next((m.name for m in case.theme.materials if m.code == code), code)
                raise ApiError(
                    422,
                    "page_missing",
                    f"材料“{name}”有{len(missing)}页尚未上传完整",
                    f"material {code}: {len(missing)} page(s) not uploaded completely",
                    detail={"material": code, "pages": missing},
                )

    def _seal(self, case: Case) -> bytes:
        text = json.dumps(case_to_data(case), ensure_ascii=False, sort_keys=True)
        return self.vault.encrypt(text, context=_CONTEXT)

    def _log(
        self,
        row: CaseRow,
        case: Case,
        action: str,
        summary: dict[str, Any],
        params: Mapping[str, Any] | None = None,
    ) -> None:
        last = self.session.scalar(
            select(func.max(CaseAction.seq)).where(
                CaseAction.hall_id == self.hall_id, CaseAction.case_id == row.case_id
            )
        )
        sealed = {"case": case_to_data(case), "params": dict(params or {})}
        text = json.dumps(sealed, ensure_ascii=False, sort_keys=True)
        self.session.add(
            CaseAction(
                hall_id=self.hall_id,
                case_id=row.case_id,
                seq=(last or 0) + 1,
                action=action,
                actor=self.actor,
                at=self.now,
                business_date=self.day,
                summary=summary,
                case_enc=self.vault.encrypt(text, context=_LOG_CONTEXT),
            )
        )
        self.session.flush()
