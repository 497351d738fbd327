"""The department view's model (部门审批): Qt-free, over the hall server's API.

A department user sees the cases dispatched to their department (一次分办 → 部门), opens one to
read the merged form (一表申请) and the material pages (一套材料), and approves it or rejects it
with an opinion (a rejection needs one). The decision goes to the server, which records it on the
case and announces it on the event feed, so the window that dispatched the case sees it.

Every call to the server runs through the injected `run(work, on_done, on_error)` — a
`hallui.qt_bridge.BackgroundRunner.run` in the app, a plain synchronous function in tests — so
the UI thread never waits for the network. Results come back as model events.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desk_client.model.context import Run
from hallui.observable import Observable
from server_sync.transport import ApiClient, Failed, Ok, Rejected, SyncError

__all__ = [
    "CaseDetail",
    "CaseLine",
    "DepartmentModel",
]

log = logging.getLogger("onewindow.desk.department")


#: Events after which the list of dispatched cases may have changed.
REFRESHING_EVENTS = frozenset({"case_dispatch", "case_department_decision", "case_withdraw"})
_PAGE_REF = re.compile(r"^(?:sha256:)?([0-9a-f]{64})$")


@dataclass(frozen=True, slots=True)
class CaseLine:
    """A case in the department's list (applicant masked)."""

    case_id: str
    theme_name: str
    applicant_name: str
    promised_due: str | None
    items: tuple[str, ...]
    decided: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CaseLine:
        return cls(
            data["case_id"],
            data["theme_name"],
            data["applicant_name"],
            data.get("promised_due"),
            tuple(data.get("items", ())),
            bool(data.get("decided")),
        )


@dataclass(frozen=True, slots=True)
class MaterialPages:
    code: str
    name: str
    state: str
    pages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DepartmentDecision:
    department: str
    department_name: str
    approved: bool | None
    opinion: str


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """One case as the department decides on it."""

    line: CaseLine
    state: str
    applicant_id: str
    form: tuple[tuple[str, str], ...]  # (label, value)
    materials: tuple[MaterialPages, ...]
    decisions: tuple[DepartmentDecision, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CaseDetail:
        return cls(
            CaseLine.from_json(data),
            data["state"],
            data["applicant_id"],
            tuple((f["label"], f["value"]) for f in data["form"]),
            tuple(
                MaterialPages(m["code"], m["name"], m["state"], tuple(m["pages"]))
                for m in data["materials"]
            ),
            tuple(
                DepartmentDecision(
                    d["department"], d["department_name"], d["approved"], d["opinion"]
                )
                for d in data["decisions"]
            ),
        )


class DepartmentModel(Observable):
    """The department's pending cases, the open case, and the decision.

    Events:
        cases_changed(lines: tuple[CaseLine, ...])
        case_opened(detail: CaseDetail | None)
        page_loaded(ref: str, data: bytes | None) — None: the page is not on the server (yet)
        decided(case_id: str, approved: bool)
        message(text: str, is_error: bool) — what the status line says, Chinese first
        busy_changed(busy: bool)
    """

    EVENTS = ("cases_changed", "case_opened", "page_loaded", "decided", "message", "busy_changed")

    def __init__(
        self,
        api: ApiClient,
        run: Run,
        departments: Sequence[tuple[str, str]],
        department: str | None = None,
    ) -> None:
        super().__init__()
        if not departments:
            raise ValueError("no departments to choose from")
        self.api = api
        self._run = run
        self.departments = tuple(departments)
        codes = [code for code, _ in self.departments]
        self.department = department if department in codes else codes[0]
        self.lines: tuple[CaseLine, ...] = ()
        self.detail: CaseDetail | None = None
        self._pending = 0
        self._note = ""  # what the last decision said, kept in front of the refreshed count
        # One key per decision the user means: a retry after a network failure is a replay.
        self._decision_key: tuple[tuple[str, str, bool, str], str] | None = None

    # --- reading -------------------------------------------------------------------------

    @property
    def department_name(self) -> str:
        return dict(self.departments)[self.department]

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def set_department(self, code: str) -> None:
        if code not in dict(self.departments):
            raise KeyError(code)
        if code != self.department:
            self.department = code
            self.detail = None
            self._emit("case_opened", None)
        self.refresh()

    def refresh(self) -> None:
        department = self.department

        def work() -> Ok | Rejected | Failed:
            return self.api.get(f"/departments/{department}/cases")

        self._call(work, lambda outcome: self._listed(department, outcome))

    def handle_event(self, kind: str) -> None:
        """A kind from the hall's event feed: refresh when a dispatch or a decision changed
        what this department has to do."""
        if kind in REFRESHING_EVENTS:
            self.refresh()

    def open_case(self, case_id: str) -> None:
        department = self.department

        def work() -> Ok | Rejected | Failed:
            return self.api.get(f"/departments/{department}/cases/{case_id}")

        self._call(work, self._opened)

    def load_page(self, ref: str) -> None:
        """Fetch one page's bytes (`GET /pages/{sha256}`); `page_loaded` reports it."""
        match = _PAGE_REF.match(ref)
        if match is None:
            self._emit("page_loaded", ref, None)
            return
        digest = match.group(1)

        def work() -> bytes | None:
            try:
                response = self.api.session.get(
                    self.api.url(f"/pages/{digest}"),
                    headers=self.api.headers({"Accept": "*/*"}),
                    timeout=self.api.timeout,
                )
            except OSError:
                return None
            return response.content if response.ok else None

        self._run(
            work,
            lambda data: self._emit("page_loaded", ref, data),
            lambda _error: self._emit("page_loaded", ref, None),
        )

    # --- deciding ------------------------------------------------------------------------

    def decide(self, approved: bool, opinion: str) -> bool:
        """Send the department's decision on the open case. A rejection without an opinion is
        refused here, before anything is sent; False when nothing was sent."""
        detail = self.detail
        if detail is None:
            self._emit("message", "请先选择一个办件", True)
            return False
        opinion = opinion.strip()
        if not approved and not opinion:
            self._emit("message", "不予通过须填写审批意见", True)
            return False
        intent = (detail.line.case_id, self.department, approved, opinion)
        if self._decision_key is None or self._decision_key[0] != intent:
            self._decision_key = (intent, f"dept-decision-{uuid.uuid4()}")
        key = self._decision_key[1]
        body = {"department": self.department, "approved": approved, "opinion": opinion}
        case_id = detail.line.case_id

        def work() -> Ok | Rejected | Failed:
            return self.api.request(
                "POST", f"/cases/{case_id}/department-decision", body, idem_key=key
            )

        self._call(work, lambda outcome: self._decided(case_id, approved, outcome))
        return True

    # --- results -------------------------------------------------------------------------

    def _call(self, work: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._set_pending(+1)

        def done(result: Any) -> None:
            self._set_pending(-1)
            on_done(result)

        def failed(error: BaseException) -> None:
            self._set_pending(-1)
            log.warning("department call failed: %s", type(error).__name__)
            self._emit("message", "操作失败，请重试 / the operation failed", True)

        self._run(work, done, failed)

    def _set_pending(self, change: int) -> None:
        was = self.busy
        self._pending += change
        if was != self.busy:
            self._emit("busy_changed", self.busy)

    def _problem(self, outcome: Rejected | Failed) -> None:
        error: SyncError = outcome.error
        self._emit("message", error.message_zh, True)

    def _listed(self, department: str, outcome: Ok | Rejected | Failed) -> None:
        if department != self.department:
            return  # the user picked another department meanwhile
        if not isinstance(outcome, Ok):
            self._problem(outcome)
            return
        self.lines = tuple(CaseLine.from_json(item) for item in outcome.body)
        self._emit("cases_changed", self.lines)
        note, self._note = self._note, ""
        self._emit("message", f"{note}{self.department_name}：待审批 {len(self.lines)} 件", False)

    def _opened(self, outcome: Ok | Rejected | Failed) -> None:
        if not isinstance(outcome, Ok):
            self._problem(outcome)
            return
        self.detail = CaseDetail.from_json(outcome.body)
        self._emit("case_opened", self.detail)

    def _decided(self, case_id: str, approved: bool, outcome: Ok | Rejected | Failed) -> None:
        if isinstance(outcome, Failed):
            self._problem(outcome)  # the same key is used again when the user retries
            return
        self._decision_key = None
        if isinstance(outcome, Rejected):
            self._problem(outcome)
            return
        verdict = "通过" if approved else "不予通过"
        self._note = f"已提交审批意见：{verdict}。"
        self._emit("message", self._note, False)
        self._emit("decided", case_id, approved)
        if self.detail is not None and self.detail.line.case_id == case_id:
            self.detail = None
            self._emit("case_opened", None)
        self.refresh()


def departments_of(catalog: Any, codes: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(code, name) of the catalog's departments, or of `codes` in that order."""
    wanted = list(codes) if codes is not None else list(catalog.departments)
    return [(code, catalog.department(code).name) for code in wanted]
