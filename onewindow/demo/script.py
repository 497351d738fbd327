"""`onewindow demo --headless --out DIR`: the scripted day (演示脚本), played against a running demo
hall server, writing what people would see into DIR.

A father takes a ticket for 新生儿出生 at the kiosk; the clerk at window 1 calls him, enters the
case (the newborn settles in her grandparents' household), scans the application form he signed
at the window and the photo he brought, pre-checks, and prints the one-time supplement notice
(一次性补正告知书) for the one thing he must bring and did not: the householder's written consent
(户主同意落户书面意见; the kinship is verified by data sharing). He comes back with it the same
morning, takes a ticket again, the clerk receives the supplement, accepts (受理通知书) and
dispatches once (一次分办); every department decides in the department view; the clerk marks the
case ready and hands the results over at the window (出件通知, each department's decision with
its opinion); he rates the service (好差评).

Every step drives a real app, and the summary names which (`via`):

- ``app:kiosk.HallLink`` — the kiosk's link to the hall (tickets, ratings);
- ``app:desk_client`` — the window desk itself (`DeskWindow`, offscreen, logged in as clerk1 at
  window 1): its function keys for the queue, its panels for the case, its scan model for the
  pages, its pre-check, and the notices it prints into DIR; screenshots at the key moments;
- ``app:desk_client.department`` — the department view's model, and its screen for the picture.

After every case step the desk's state is read back from the server (as the manager sees it):
a disagreement stops the demo.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from desk_client.department.model import DepartmentModel, departments_of
from desk_client.model.context import run_inline
from hall_server.demo import BIRTH_APPLICANT, DemoCredentials
from hallcore.catalog import Catalog, load_catalog
from kiosk.model.hall_link import HallLink, IssuedTicket
from onewindow.demo import data
from onewindow.demo.desk_driver import DeskDriver
from onewindow.demo.hall_api import DemoStepError, call, device, login, sample_scan
from printing.ticket_layout import TicketContent, render_ticket
from server_sync.store import Store

__all__ = ["DemoStepError", "ScriptedDay", "StepRecord"]

log = logging.getLogger("onewindow.demo")

WINDOW = 1
KIOSK = "app:kiosk.HallLink"
DEPARTMENT = "app:desk_client.department"
DESK = "app:desk_client"


@dataclass
class StepRecord:
    name: str
    zh: str
    via: str
    detail: dict[str, Any] = field(default_factory=dict)
    artifacts: list[str] = field(default_factory=list)


class ScriptedDay:
    """The scripted day against the demo hall at `base_url`, with the demo's `credentials`."""

    def __init__(
        self,
        base_url: str,
        credentials: DemoCredentials,
        out: Path,
        *,
        catalog: Catalog | None = None,
        say: Callable[[str], None] = log.info,
    ) -> None:
        self.say = say
        self.base_url = base_url
        self.credentials = credentials
        self.out = out
        self.catalog = catalog or load_catalog()
        self.steps: list[StepRecord] = []
        out.mkdir(parents=True, exist_ok=True)
        (out / "scans").mkdir(exist_ok=True)
        hall_id = credentials.hall_id
        manager = credentials.account("manager")
        # The manager's session reads the server's side of every step (the clerk's own is the
        # desk's: a second clerk1 session here would not be the desk's view).
        self.manager = login(base_url, hall_id, manager.username, manager.password)
        self._state_dir = tempfile.TemporaryDirectory(prefix="onewindow-demo-")
        state = Path(self._state_dir.name)
        self.kiosk = HallLink(
            device(base_url, credentials.devices["kiosk"]), Store(state / "kiosk.sqlite3")
        )
        self.hall = call(self.manager, "GET", "/hall")
        self.desk = DeskDriver(
            base_url, hall_id, self.catalog, state_dir=state, notice_dir=out, shots_dir=out
        )
        clerk = credentials.account("clerk", window=WINDOW)
        try:
            self.desk.login(clerk.username, clerk.password, WINDOW)
        except BaseException:
            self.close()
            raise

    # --- helpers -------------------------------------------------------------------------

    def _record(self, name: str, zh: str, via: str, **detail: Any) -> StepRecord:
        record = StepRecord(name, zh, via, detail)
        self.steps.append(record)
        log.debug("demo step %s via %s", name, via)
        self.say(f"  ✓ {zh}（{via}）")
        return record

    def _ticket_png(self, record: StepRecord, ticket: IssuedTicket, theme_name: str) -> None:
        content = TicketContent(
            hall_name=self.hall["name_zh"],
            theme_name=theme_name,
            ticket_number=ticket.number,
            people_ahead=ticket.waiting_ahead,
            wait_minutes=ticket.wait_minutes or 0,
            windows=tuple(str(w) for w in ticket.windows),
            issued_at=ticket.taken_at,
            status_url=ticket.status_url,
        )
        image = render_ticket(content)
        path = self.out / f"ticket_{ticket.number}.png"
        image.save(path)
        record.artifacts.append(path.name)

    def _notices(self, record: StepRecord, count: int) -> None:
        """The desk's notices up to the `count`-th: it printed them into DIR itself."""
        self.desk.wait(lambda: len(self.desk.draft["notices"]) >= count, f"第 {count} 份告知书")
        for notice in self.desk.draft["notices"][count - 1 : count]:
            path = Path(notice["path"])
            if path.parent.resolve() != self.out.resolve() or not path.is_file():
                raise DemoStepError(f"告知书不在输出目录：{path} / notice not written to DIR")
            record.artifacts.append(path.name)
            record.detail.setdefault("notices", []).append(
                {"kind": notice["kind"], "number": notice["number"], "file": path.name}
            )

    def _shoot(self, record: StepRecord, name: str) -> None:
        record.artifacts.append(self.desk.shoot(name))

    def _agree(self, case_id: str) -> str:
        """The desk's case state must be the server's (read back as the manager would)."""
        self.desk.settle("办件状态")
        server = str(call(self.manager, "GET", f"/cases/{case_id}")["state"])
        if self.desk.case.state != server:
            raise DemoStepError(
                f"综合窗口与服务器的办件状态不一致：{self.desk.case.state} ≠ {server} / "
                "the desk and the server disagree"
            )
        return server

    def _linked(self, case_id: str, numbers: list[str]) -> None:
        """The case goes on under the new ticket: the desk's header shows its number, and the
        server has the case linked to both tickets, in order."""
        desk = self.desk
        desk.wait(lambda: numbers[-1] in desk.workspace.header.text(), f"办件显示 {numbers[-1]}")
        desk.settle("关联新号")
        linked = [
            t["number"] for t in call(self.manager, "GET", f"/cases/{case_id}/data")["tickets"]
        ]
        if linked != numbers:
            raise DemoStepError(
                f"办件关联的号票不对：{linked} ≠ {numbers} / the case is not linked to the tickets"
            )

    def _serve(self, ticket: IssuedTicket, *, keep_case: bool) -> None:
        """F1 (call next) until this ticket is at the window, then F3 (start serving). With
        `keep_case`, the desk's question “new case for the new ticket?” is answered no: the
        applicant is back for the case already open."""
        desk = self.desk
        desk.wait(
            lambda: any(t["ticket_id"] == ticket.ticket_id for t in desk.queue.waiting),
            f"{ticket.number} 出现在等候队列",
        )
        if keep_case:
            desk.dialogs.answers.append(False)
        desk.key(Qt.Key.Key_F1)
        desk.wait(
            lambda: (desk.queue.current or {}).get("ticket_id") == ticket.ticket_id,
            f"叫到 {ticket.number}",
        )
        if keep_case and desk.dialogs.answers:
            raise DemoStepError("综合窗口没有询问是否新建办件 / the desk did not ask")
        if not keep_case:
            desk.wait(lambda: desk.case.draft is not None, f"为 {ticket.number} 新建办件")
        desk.key(Qt.Key.Key_F3)
        desk.wait(lambda: (desk.queue.current or {}).get("state") == "serving", "开始办理")
        desk.settle(f"{ticket.number} 开始办理")

    def _finish_ticket(self, ticket: IssuedTicket) -> None:
        """F8 (finish), until the server has the ticket done (a rating needs that)."""
        self.desk.key(Qt.Key.Key_F8)
        self.desk.wait(lambda: self.desk.queue.current is None, "办结当前号")
        self.desk.settle("办结当前号")

        def done() -> bool:
            tickets = call(self.manager, "GET", "/tickets")
            return any(t["ticket_id"] == ticket.ticket_id and t["state"] == "done" for t in tickets)

        self.desk.wait(done, f"服务器上 {ticket.number} 已办结")

    def _scan_files(self, codes: tuple[str, ...]) -> dict[str, Path]:
        """The photographed pages the applicant hands over, as files for the desk's import."""
        theme = self.catalog.theme(data.THEME)
        files: dict[str, Path] = {}
        for code in codes:
            name = theme.material(code).name
            png = sample_scan(name, data.SCAN_LINES.get(code, data.SCAN_LINES[""]))
            path = self.out / "scans" / f"{code}.png"
            path.write_bytes(png)
            files[code] = path
        return files

    def _import(self, codes: tuple[str, ...]) -> list[str]:
        for code, path in self._scan_files(codes).items():
            self.desk.import_pages(code, [path], data.TICKED[code])
        return list(codes)

    # --- the day -------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        theme = self.catalog.theme(data.THEME)
        desk = self.desk
        ws = desk.workspace
        self.say("一窗通演示：新生儿出生“一件事”的一天 / the scripted day")

        ticket = self.kiosk.issue_ticket(data.THEME)
        step = self._record("take_ticket", "市民在自助终端取号", KIOSK, number=ticket.number)
        self._ticket_png(step, ticket, theme.name)

        self._serve(ticket, keep_case=False)
        step = self._record("call", f"{WINDOW}号窗口叫号（F1）并开始办理（F3）", DESK,
                            number=ticket.number)  # fmt: skip
        self._shoot(step, "screen_desk_queue.png")

        desk.enter_applicant(BIRTH_APPLICANT)
        desk.enter_answers(data.answers(self.catalog))
        desk.enter_form(data.FORM)
        self._record("enter_case", "录入申请人、情形和一表申请", DESK, theme=data.THEME)

        scanned = self._import(data.FIRST_VISIT)
        step = self._record("scan", "扫描申请人带来的材料（导入扫描件）", DESK, materials=scanned)
        step.artifacts += [f"scans/{code}.png" for code in scanned]
        self._shoot(step, "screen_desk_materials.png")

        desk.tab(ws.precheck)
        desk.click("case_precheck")
        desk.wait(lambda: desk.draft["passed"] is not None and not desk.case.busy, "预审结果")
        case_id = str(desk.draft["case_id"])
        self._agree(case_id)
        missing = [f["subject"] for f in desk.draft["findings"] if f["kind"] == "blocking"]
        if missing != [data.BROUGHT_BACK]:
            raise DemoStepError(
                f"预审应当只发现缺少户主同意落户书面意见：{missing} / "
                "the pre-check should miss exactly the householder's consent"
            )
        step = self._record("precheck", "一次性预审", DESK, case_id=case_id, findings=missing)
        self._shoot(step, "screen_desk_precheck.png")

        desk.click("case_supplement")
        step = self._record("supplement_notice", "打印一次性补正告知书", DESK, missing=missing)
        self._notices(step, 1)
        self._agree(case_id)
        self._finish_ticket(ticket)

        back = self.kiosk.issue_ticket(data.THEME)
        step = self._record("return_ticket", "市民带齐材料回来再取号", KIOSK, number=back.number)
        self._ticket_png(step, back, theme.name)
        self._serve(back, keep_case=True)
        if desk.draft.get("case_id") != case_id:
            raise DemoStepError("回来的申请人没有回到原办件 / not back on the same case")
        self._linked(case_id, [ticket.number, back.number])
        self._import((data.BROUGHT_BACK,))
        desk.tab(ws.precheck)
        desk.click("case_receive")
        desk.wait(lambda: bool(desk.draft.get("supplement_received")), "补正收件")
        self._agree(case_id)
        step = self._record("receive_supplement", "补正收件", DESK, number=back.number)
        step.artifacts.append(f"scans/{data.BROUGHT_BACK}.png")

        desk.click("case_accept")
        step = self._record("accept", "受理并打印受理通知书", DESK)
        self._notices(step, 2)
        state = self._agree(case_id)
        step.detail["state"] = state

        desk.tab(ws.outcome)
        desk.click("case_dispatch")
        desk.wait(lambda: desk.case.state == "dispatched", "一次分办")
        self._agree(case_id)
        departments = desk.case.department_codes()
        self._record("dispatch", "一次分办到各部门", DESK, departments=departments)

        for department in departments:
            self._department_decides(case_id, department, departments[0])
        # the decisions flow back to the desk through the hall's event feed
        desk.wait(
            lambda: (
                desk.case.state == "decided"
                and all(verdict == "同意" for _, verdict in desk.case.departments())
            ),
            "各部门审批结果回到综合窗口",
        )

        desk.click("case_ready")
        desk.wait(lambda: desk.case.state == "ready", "待出件")
        self._agree(case_id)
        step = self._record("ready", "各部门办结，待出件", DESK)
        self._shoot(step, "screen_desk_outcome.png")

        desk.choose(ws.outcome.method, "window")
        desk.click("case_deliver")
        step = self._record("deliver", "窗口统一出件，打印出件通知", DESK)
        self._notices(step, 3)
        step.detail["state"] = self._agree(case_id)
        desk.click("case_rating")
        self._shoot(step, "screen_desk_delivered.png")
        self._finish_ticket(back)

        rating = self.kiosk.rate(back.ticket_id, 5, None)
        self._record("rate", "市民评价：非常满意", KIOSK, level=rating.get("level"))

        return self._summary(case_id, ticket, back)

    def _department_decides(self, case_id: str, department: str, pictured: str) -> None:
        account = self.credentials.account("dept", department=department)
        client = login(self.base_url, self.credentials.hall_id, account.username, account.password)
        model = DepartmentModel(client, run_inline, departments_of(self.catalog), department)
        problems: list[str] = []
        model.subscribe("message", lambda text, error: problems.append(text) if error else None)
        model.refresh()
        if case_id not in [line.case_id for line in model.lines]:
            raise DemoStepError(f"{department} 的待办中没有这个办件 / not in the department's list")
        model.open_case(case_id)
        step = self._record("department_decision", f"{model.department_name}审批通过", DEPARTMENT,
                            department=department)  # fmt: skip
        if department == pictured:
            self._department_screen(step, model)
        if not model.decide(True, "材料齐全，同意办理") or problems:
            raise DemoStepError(f"{department}: {'; '.join(problems)}")

    def _department_screen(self, step: StepRecord, model: DepartmentModel) -> None:
        """The department view as the user sees it, on the offscreen platform."""
        from PySide6.QtCore import QCoreApplication, QEventLoop

        from desk_client.department.view import DepartmentView

        view = DepartmentView(model)
        view.resize(1280, 800)
        view.show()
        for _ in range(20):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        path = self.out / "screen_department.png"
        view.grab().save(str(path))
        step.artifacts.append(path.name)
        view.close()
        view.deleteLater()
        QCoreApplication.processEvents()

    def _summary(self, case_id: str, first: IssuedTicket, back: IssuedTicket) -> dict[str, Any]:
        case = call(self.manager, "GET", f"/cases/{case_id}")
        ratings = call(self.manager, "GET", "/ratings")
        rated = [r for r in ratings if r["ticket_id"] == back.ticket_id]
        summary = {
            "hall_id": self.credentials.hall_id,
            "case_id": case_id,
            "tickets": [first.number, back.number],
            "final_state": case["state"],
            "rating": rated[0]["level"] if rated else None,
            "steps": [asdict(s) for s in self.steps],
        }
        (self.out / "summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        lines = [f"# 演示脚本 / scripted day — 办件 {case_id}", ""]
        lines += ["| 步骤 | 说明 | 经由 via | 产物 |", "|---|---|---|---|"]
        for s in self.steps:
            lines.append(f"| {s.name} | {s.zh} | {s.via} | {', '.join(s.artifacts)} |")
        lines += ["", f"最终状态 final state: {case['state']}；评价 rating: {summary['rating']}"]
        (self.out / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return summary

    def close(self) -> None:
        self.desk.close()
        self.kiosk.close()
        self._state_dir.cleanup()


def play(
    base_url: str,
    credentials: DemoCredentials,
    out: Path,
    *,
    say: Callable[[str], None] = log.info,
) -> dict[str, Any]:
    """Play the scripted day once; the summary (also written to `out/summary.json`)."""
    day = ScriptedDay(base_url, credentials, out, say=say)
    try:
        return day.run()
    finally:
        day.close()
