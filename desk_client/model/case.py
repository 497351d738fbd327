"""The case workspace's model (Qt-free): one case at the window, from the called ticket (or a
walk-in, or a returning applicant) to delivery.

**Nothing is lost.** Every edit changes the draft and writes it to the store (on the worker
thread, before anything queued after it); every server action is recorded in the outbox in the
same store transaction as the draft that names it (`pending`), so a desk killed at any point
reopens the draft, finds its pending commands in the outbox (sent, rejected or still to send)
and carries on. The server answers arrive through `on_command_done` (the bridge's
`command_sent` / `command_rejected`), or from the store when the desk restarts.

Server actions go through the outbox (not direct) because their answers only move the case on
(new state, findings): none of them calls a person, so sending later is safe, and the outbox's
retries and pending count come for free. The clerk sees each one pending until it is answered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desk_client.model.case_data import DRAFT_PREFIX, case_body, new_draft, replay
from desk_client.model.context import DeskContext, ServerRefused, server_error
from desk_client.model.notice_output import PrintedNotice, print_notice
from desk_client.model.server_case import (
    REPLAY_ERRORS,
    FetchedPages,
    ServerCase,
    apply_prescan,
    fetch_pages,
    fill_from_server,
    merge_decisions,
    read_kiosk_draft,
    read_server_case,
)
from hallcore.case import CaseState, FindingKind, NoticeKind
from hallcore.catalog import Catalog, FulfilWay, Resolution, Theme, resolve
from hallui.observable import Observable
from server_sync import EntryState, OutboxEntry
from server_sync import case_commands as cc
from server_sync.endpoints import Command
from server_sync.feed import HallEvent

__all__ = ["FINDING_GROUPS", "OTHER_SLOT", "CaseModel", "open_drafts"]

log = logging.getLogger("onewindow.desk.case")

#: How the pre-check's findings are grouped on screen, most serious first.
FINDING_GROUPS = (
    (FindingKind.BLOCKING.value, "需补正（不能受理）"),
    (FindingKind.CORRECTABLE.value, "可当场更正"),
    (FindingKind.TOLERABLE.value, "可容缺受理"),
    (FindingKind.WARNING.value, "需核实（可说明理由放行）"),
)

#: The notice printed after each decision.
NOTICE_FOR = {
    "supplement": NoticeKind.SUPPLEMENT,
    "tolerance": NoticeKind.TOLERANCE,
    "not_accepted": NoticeKind.REFUSAL,
    "accept": NoticeKind.ACCEPTANCE,
    "deliver": NoticeKind.PICKUP,
}

#: The materials list's row for pre-scanned pages not filed under a material of the theme.
OTHER_SLOT = "__other__"
#: States in which every department has decided: their opinions are read with the contents
#: (while they are deciding, the audit log's verdicts show; each contents read is audited).
DECIDED = frozenset({"decided", "ready", "delivered"})

#: Actions that the lifecycle replays (the rest — create is special, update is data only).
LIFECYCLE_ACTIONS = frozenset(
    {
        "precheck",
        "correct_on_spot",
        "supplement",
        "receive_supplement",
        "tolerance",
        "not_accepted",
        "accept",
        "dispatch",
        "ready",
        "deliver",
        "withdraw",
    }
)


def open_drafts(ctx: DeskContext) -> list[dict[str, Any]]:
    """The desk's unfinished cases in the store, oldest first (worker thread)."""
    found = []
    for draft_id in ctx.store.draft_ids():
        if draft_id.startswith(DRAFT_PREFIX):
            draft = ctx.store.draft(draft_id)
            if isinstance(draft, dict) and not draft.get("closed"):
                found.append(draft)
    return found


def theme_for_ticket(ctx: DeskContext, ticket: dict[str, Any] | None) -> str:
    """The catalog theme a ticket was taken for (the hall names themes in lower case)."""
    wanted = str((ticket or {}).get("theme") or "").upper()
    codes = [t.code for t in ctx.catalog.themes]
    return wanted if wanted in codes else ""


class CaseModel(Observable):
    """Events:

    changed(): the draft, its server state or the busy flags changed.
    message(str): a refusal or a problem to show, in Chinese.
    notice_printed(PrintedNotice): a notice was saved (and queued to the printer).
    """

    EVENTS = ("changed", "message", "notice_printed")

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.draft: dict[str, Any] | None = None
        self.saves = 0
        self._recording = 0  # _send calls whose outbox transaction has not reported back
        # answers that overtook their own recording (the sender is fast): applied after it
        self._early: dict[int, OutboxEntry] = {}
        #: The ticket at this window now (the queue panel's): a case found for a returning
        #: applicant is linked to it.
        self.current_ticket: Callable[[], dict[str, Any] | None] = lambda: None
        #: Background reads still on their way (pre-scan, contents, pages), for the screens.
        self.loading = 0

    # --- opening -------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.draft is not None

    def start(self, ticket: dict[str, Any] | None = None, theme: str = "") -> None:
        """A new case for the called ticket (or a walk-in without one); a ticket's kiosk
        pre-scan, if any, is read in the background and fills it."""
        code = theme or theme_for_ticket(self.ctx, ticket) or "BIRTH"
        self.draft = new_draft(code, ticket)
        self._changed()
        ticket_id = str((ticket or {}).get("ticket_id") or "")
        if ticket_id:
            self._load_prescan(self.draft["draft_id"], ticket_id)

    def _load_prescan(self, draft_id: str, ticket_id: str) -> None:
        ctx = self.ctx

        def done(kiosk: dict[str, Any] | None) -> None:
            self._loaded()
            d = self.draft
            if kiosk is None or d is None or d["draft_id"] != draft_id or d.get("case_id"):
                return
            summary = apply_prescan(d, kiosk, ctx.catalog)
            self._changed()
            log.info("kiosk pre-scan: %d material(s), %d page(s)", summary.materials, summary.pages)
            self._fetch_pages(list(d.get("server_pages", [])))

        def failed(error: BaseException) -> None:
            self._loaded()
            self._emit("message", f"读取自助终端预扫材料失败：{server_error(error)}")

        self._load(lambda: read_kiosk_draft(ctx, ticket_id), done, failed)

    def _fetch_pages(self, digests: list[str]) -> None:
        """Pages the server holds, into the store for the thumbnails (worker thread)."""
        if not digests:
            return

        def done(fetched: FetchedPages) -> None:
            self._loaded()
            if fetched.failed:
                self._emit(
                    "message",
                    f"有 {len(fetched.failed)} 页未能从服务器取回，缩略图暂缺（办件中仍保留）。",
                )
            self._emit("changed")  # the thumbnails can be drawn now

        def failed(error: BaseException) -> None:
            self._loaded()
            self._failed(error)

        self._load(lambda: fetch_pages(self.ctx, digests), done, failed)

    def _load(self, work: Callable[[], Any], done: Any, failed: Any) -> None:
        self.loading += 1
        self._emit("changed")
        self.ctx.run(work, done, failed)

    def _loaded(self) -> None:
        self.loading = max(0, self.loading - 1)
        if not self.loading:
            self._emit("changed")  # “正在读取…” goes from the header

    def attach_ticket(self, ticket: dict[str, Any]) -> None:
        """The applicant is back on a new ticket for the open case: the case shows that
        ticket's number from now on, and the server links the case to it."""
        d = self.draft
        if d is None or not ticket.get("ticket_id"):
            return
        if (d.get("ticket") or {}).get("ticket_id") == ticket["ticket_id"]:
            return
        d["ticket"] = dict(ticket)
        tickets = [t for t in d.get("tickets", []) if t.get("ticket_id") != ticket["ticket_id"]]
        d["tickets"] = [*tickets, {"ticket_id": ticket["ticket_id"], "number": ticket["number"]}]
        if d.get("case_id"):
            link = cc.update_case(d["case_id"], ticket_id=str(ticket["ticket_id"]))
            self._send([("link", link, {})])
        self._changed()

    def _link_current_ticket(self) -> None:
        ticket = self.current_ticket()
        if ticket is not None:
            self.attach_ticket(ticket)

    def resume(self, draft: dict[str, Any]) -> None:
        """Reopen a saved draft; answers that came in while the desk was down are applied."""
        self.draft = draft
        self._emit("changed")
        pending = list(draft.get("pending", []))
        if pending:

            def work() -> list[OutboxEntry]:
                return [e for p in pending if (e := self.ctx.store.entry(p["id"])) is not None]

            self.ctx.run(work, self._catch_up, self._failed)
        if draft.get("case_id"):
            self.refresh_server()

    def _set_aside(self) -> None:
        """Another case is opened in place of this one: a case started for the ticket with
        nothing entered yet is closed (not offered again at the next start); anything else
        stays in the store, found again by its number."""
        d = self.draft
        if d is None or d.get("case_id") or d.get("closed"):
            return
        entered = d["answers"] or d["materials"] or d["form"] or d["applicant"].get("name")
        if not entered:
            self.close()

    def find_resume(self, draft: dict[str, Any]) -> None:
        """A returning applicant's case, found in this desk's store: reopened and linked to
        the ticket at the window now."""
        if self.draft is not None and self.draft["draft_id"] != draft["draft_id"]:
            self._set_aside()
        draft["closed"] = False
        self.resume(draft)
        self._link_current_ticket()

    def open_remote(self, header: dict[str, Any]) -> None:
        """A case this desk's store does not hold (received at another window, or before a
        reinstall), found on the server: its header at once, then — in the background — its
        contents (`GET /cases/{id}/data`: parties, answers, form, delivery, the departments'
        decisions with their opinions), its material records with their pages (fetched into
        the store for the thumbnails), and the journal rebuilt from the audit log so the
        clerk carries on here. A server that gives no contents leaves the header, the state
        and the decisions, and only the steps that print nothing (dispatch, ready)."""
        self._set_aside()
        d = new_draft(str(header["theme"]), None)
        d.update(
            case_id=header["case_id"],
            server_state=header["state"],
            state_zh=str(header.get("state_zh") or header["state"]),
            remote=True,
            received_at=header["created_at"],
            received_on=self.ctx.business_date(header["created_at"]).isoformat(),
        )
        d["applicant"].update(name=header["applicant_name"], id_number=header["applicant_id"])
        self.draft = d
        self._changed()
        ctx, draft_id, case_id = self.ctx, d["draft_id"], d["case_id"]
        placeholder = _copy(d)

        def work() -> tuple[ServerCase, dict[str, Any] | None]:
            found = read_server_case(ctx, case_id, contents=True)
            if found.data is None:
                return found, None
            filled = _copy(placeholder)  # the journal's replay is hallcore's work: off the UI
            fill_from_server(filled, found, ctx.catalog)
            _set_state(filled, str(found.detail.get("state", filled["server_state"])))
            _restore_findings(filled, ctx.catalog)
            return found, filled

        def done(answer: tuple[ServerCase, dict[str, Any] | None]) -> None:
            found, filled = answer
            self._loaded()
            now = self.draft
            if now is None or now["draft_id"] != draft_id:
                return
            if filled is None:
                self._emit("message", f"未能读取办件内容：{found.data_error or '服务器未提供'}")
                self._server_read(found)
                return
            self.draft = filled
            self._changed()
            self._link_current_ticket()
            self._fetch_pages(list(filled.get("server_pages", [])))

        def failed(error: BaseException) -> None:
            self._loaded()
            self._failed(error)

        self._load(work, done, failed)

    @property
    def remote(self) -> bool:
        return bool(self.draft and self.draft.get("remote"))

    @property
    def sealed(self) -> bool:
        """Received elsewhere and its journal not rebuilt here: the steps that print a notice
        belong to the window that received it."""
        return self.remote and not (self.draft or {}).get("replayable")

    def _catch_up(self, entries: list[OutboxEntry]) -> None:
        for entry in entries:
            if entry.state is not EntryState.PENDING:
                self.on_command_done(entry)

    def close(self) -> None:
        """The case is finished at this window: keep the record, stop offering it."""
        if self.draft is not None:
            self.draft["closed"] = True
            self._save()
        self.draft = None
        self._emit("changed")

    # --- reading -------------------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        assert self.draft is not None
        return self.ctx.catalog.theme(self.draft["theme"])

    @property
    def resolution(self) -> Resolution:
        assert self.draft is not None
        answers = {k: tuple(v) for k, v in self.draft["answers"].items()}
        unavailable = {
            code: [FulfilWay(w) for w in ways]
            for code, ways in self.draft.get("unavailable", {}).items()
        }
        return resolve(self.theme, answers, self.ctx.catalog.fields, unavailable)

    @property
    def state(self) -> str:
        return str(self.draft["server_state"]) if self.draft else "draft"

    @property
    def pending(self) -> list[dict[str, Any]]:
        return list(self.draft.get("pending", [])) if self.draft else []

    @property
    def busy(self) -> bool:
        """A step is on its way: being recorded (`_recording`) or waiting for its answer."""
        return bool(self.pending) or self._recording > 0

    def findings_by_group(self) -> list[tuple[str, str, list[dict[str, Any]]]]:
        findings = self.draft["findings"] if self.draft else []
        groups = []
        for kind, title in FINDING_GROUPS:
            members = [f for f in findings if f["kind"] == kind]
            if members:
                groups.append((kind, title, members))
        return groups

    def material_state(self, code: str) -> tuple[str, str]:
        """(state code, words) of a checklist material: how it is met now."""
        assert self.draft is not None
        if code == OTHER_SLOT:
            return "unassigned", f"{len(self.draft.get('unassigned', []))} 页待归入"
        record = self.draft["materials"].get(code)
        entry = next((e for e in self.resolution.checklist if e.material.code == code), None)
        if record is not None:
            pages = len(record.get("pages", []))
            words = {
                "provided": f"已收 {pages} 页",
                "committed": "告知承诺",
                "tolerated": "容缺",
                "missing": "缺",
            }[record["state"]]
            return record["state"], words
        if entry is not None and entry.exempt:
            return "exempt", entry.way_note.split("：")[0]
        if entry is not None and entry.signed_at_window:
            return "window", "窗口打印，当场签字"
        return "missing", "未收"

    # --- edits (each saved before anything else) ----------------------------------------

    def set_theme(self, code: str) -> None:
        assert self.draft is not None
        if code != self.draft["theme"]:
            self.draft.update(theme=code, answers={}, materials={}, findings=[], passed=None)
            self._changed()

    def set_party(self, role: str, field: str, value: str) -> None:
        assert self.draft is not None
        assert role in ("applicant", "agent")
        party = self.draft.get(role) or {"kind": "person"}
        party[field] = value.strip()
        self.draft[role] = party
        if role == "applicant" and field in ("name", "id_number", "phone"):
            # The merged form asks the same facts: fill them once, from the party.
            key = {"name": "applicant_name", "id_number": "applicant_id_number"}.get(
                field, "applicant_phone"
            )
            if key in {f.field.key for f in self.resolution.form}:
                self.draft["form"].setdefault(key, value.strip())
                if not self.draft["form"][key]:
                    self.draft["form"][key] = value.strip()
        self._changed()

    def remove_agent(self) -> None:
        assert self.draft is not None
        self.draft["agent"] = None
        self._changed()

    def set_answer(self, situation: str, options: Sequence[str]) -> None:
        assert self.draft is not None
        if options:
            self.draft["answers"][situation] = list(options)
        else:
            self.draft["answers"].pop(situation, None)
        self._changed()

    def set_form(self, key: str, value: str) -> None:
        assert self.draft is not None
        if value.strip():
            self.draft["form"][key] = value.strip()
        else:
            self.draft["form"].pop(key, None)
        self._changed()

    def apply_prefill(self, values: dict[str, str]) -> int:
        """Fill empty form fields from the e-license look-up or the kiosk draft."""
        assert self.draft is not None
        filled = 0
        for key, value in values.items():
            if value and not self.draft["form"].get(key):
                self.draft["form"][key] = str(value)
                filled += 1
        if filled:
            self._changed()
        return filled

    def _record(self, code: str) -> dict[str, Any]:
        assert self.draft is not None
        record: dict[str, Any] = self.draft["materials"].setdefault(
            code, {"state": "provided", "pages": []}
        )
        return record

    def add_pages(self, code: str, hashes: Sequence[str]) -> None:
        record = self._record(code)
        record["pages"] = [*record.get("pages", []), *hashes]
        record["state"] = "provided"
        self._changed()

    def move_page(self, code: str, index: int, to: int) -> None:
        pages = self._record(code)["pages"]
        if 0 <= index < len(pages) and 0 <= to < len(pages):
            pages.insert(to, pages.pop(index))
            self._changed()

    def delete_page(self, code: str, index: int) -> None:
        pages = self._record(code)["pages"]
        if 0 <= index < len(pages):
            pages.pop(index)
            self._changed()

    def set_ticks(self, code: str, ticks: Sequence[str]) -> None:
        self._record(code)["ticked"] = sorted(set(ticks))
        self._changed()

    def set_expiry(self, code: str, text: str) -> None:
        """有效期至 (the hard check of the date is the server's pre-check)."""
        record = self._record(code)
        try:
            record["expires_on"] = dt.date.fromisoformat(text).isoformat() if text else None
        except ValueError:
            self._emit("message", f"有效期“{text}”不是日期，请按 YYYY-MM-DD 填写。")
            return
        self._changed()

    def set_material_state(self, code: str, state: str | None) -> None:
        assert self.draft is not None
        if state is None:
            self.draft["materials"].pop(code, None)
        else:
            self._record(code)["state"] = state
        self._changed()

    def set_override(self, key: str, reason: str) -> None:
        assert self.draft is not None
        self.draft.pop("overrides_unknown", None)  # the clerk decides them from here on
        if reason.strip():
            self.draft["overrides"][key] = reason.strip()
        else:
            self.draft["overrides"].pop(key, None)
        self._changed()

    # --- pre-scanned pages not filed under a material ------------------------------------

    @property
    def unassigned(self) -> list[str]:
        return list(self.draft.get("unassigned", [])) if self.draft else []

    def kiosk_page(self, digest: str) -> bool:
        """Whether a page came from the kiosk's pre-scan, not this desk's scanner."""
        return digest in (self.draft or {}).get("prescan_pages", [])

    def assign_unassigned(self, index: int, code: str) -> None:
        """File a pre-scanned page under a material of the case (after its other pages)."""
        assert self.draft is not None
        pages = self.draft.get("unassigned", [])
        if 0 <= index < len(pages) and code and code != OTHER_SLOT:
            digest = pages.pop(index)
            self.add_pages(code, [digest])  # saves

    def delete_unassigned(self, index: int) -> None:
        assert self.draft is not None
        pages = self.draft.get("unassigned", [])
        if 0 <= index < len(pages):
            pages.pop(index)
            self._changed()

    def move_unassigned(self, index: int, to: int) -> None:
        assert self.draft is not None
        pages = self.draft.get("unassigned", [])
        if 0 <= index < len(pages) and 0 <= to < len(pages):
            pages.insert(to, pages.pop(index))
            self._changed()

    def _changed(self) -> None:
        self._save()
        self._emit("changed")

    def _save(self) -> None:
        draft = self.draft
        if draft is None:
            return
        snapshot = _copy(draft)

        def work() -> None:
            self.ctx.store.save_draft(snapshot["draft_id"], snapshot)

        self.saves += 1
        self.ctx.run(work, lambda _: None, self._failed)

    # --- server actions ------------------------------------------------------------------

    def precheck(self) -> None:
        """收件 (the first time) and 预审: every finding at once."""
        d = self.draft
        assert d is not None
        if self._remote_refused():
            return
        if not d["applicant"].get("name") or not d["applicant"].get("id_number"):
            self._emit("message", "请先填写申请人姓名和证件号码。")
            return
        if d["case_id"] is None:
            body = case_body(d)
            ticket_id = (d.get("ticket") or {}).get("ticket_id")
            command = cc.create_case(
                body["theme"],
                body["applicant"],
                agent=body["agent"],
                answers=body["answers"],
                form=body["form"],
                materials=body["materials"],
                delivery=body["delivery"],
                ticket_id=str(ticket_id) if ticket_id else None,
            )
            self._send([("create", command, {"then": "precheck"})])
            return
        self._send(
            [
                ("update", self._update_command(), {}),
                ("precheck", cc.precheck(d["case_id"]), {}),
            ]
        )

    def _update_command(self) -> Command:
        d = self.draft
        assert d is not None
        body = case_body(d)
        return cc.update_case(d["case_id"], delivery=body["delivery"], **self._changes())

    def _changes(self) -> dict[str, Any]:
        d = self.draft or {}
        body = case_body(d)
        changes = {"answers": body["answers"], "form": body["form"], "materials": body["materials"]}
        if not d.get("overrides_unknown"):  # never an empty set over the receiving window's
            changes["overrides"] = body["overrides"]
        return changes

    def correct_on_spot(self) -> None:
        d = self._need_case()
        if d is not None and not self._remote_refused():
            self._send(
                [("correct_on_spot", cc.correct_on_spot(d["case_id"], **self._changes()), {})]
            )

    def receive_supplement(self) -> None:
        d = self._need_case()
        if d is not None and not self._remote_refused():
            command = cc.receive_supplement(d["case_id"], **self._changes())
            self._send([("receive_supplement", command, {})])

    def decide(self, outcome: str, **params: Any) -> None:
        d = self._need_case()
        if d is None or self._remote_refused():
            return
        if outcome == "not_accepted" and not str(params.get("reason", "")).strip():
            self._emit("message", "不予受理须写明理由。")
            return
        self._send([(outcome, cc.decide(d["case_id"], outcome, **params), params)])

    def dispatch(self) -> None:
        d = self._need_case()
        if d is not None:
            self._send([("dispatch", cc.dispatch(d["case_id"]), {})])

    def ready(self) -> None:
        d = self._need_case()
        if d is not None:
            self._send([("ready", cc.ready(d["case_id"]), {})])

    def deliver(self, method: str, address: str = "") -> None:
        d = self._need_case()
        if d is None or self._remote_refused():
            return
        steps: list[tuple[str, Command, dict[str, Any]]] = []
        if method == "post":
            if not address.strip():
                self._emit("message", "邮寄出件须填写邮寄地址。")
                return
            d["form"]["postal_address"] = address.strip()
            d["delivery"] = "post"
            steps.append(("update", self._update_command(), {}))
        steps.append(("deliver", cc.deliver(d["case_id"], method), {"method": method}))
        self._send(steps)

    def request_rating(self) -> None:
        """Ask the applicant to rate (好差评) on the rating pad; recorded on the case."""
        assert self.draft is not None
        self.draft["rating_requested"] = True
        self._changed()

    def _remote_refused(self) -> bool:
        if self.sealed:
            self._emit(
                "message",
                "该办件由其他窗口收件，本窗口未能读取其办理记录：请到收件窗口办理此步骤。",
            )
            return True
        return False

    def _need_case(self) -> dict[str, Any] | None:
        if self.draft is None or not self.draft.get("case_id"):
            self._emit("message", "请先收件并预审。")
            return None
        if self.busy:
            self._emit("message", "上一步还在同步，请稍候。")
            return None
        return self.draft

    def _send(self, steps: list[tuple[str, Command, dict[str, Any]]]) -> None:
        """Record the commands in the outbox and the draft naming them, in one transaction.
        Pages the server already holds (a kiosk's pre-scan, a case read from the server) are
        not the outbox's to upload."""
        d = self.draft
        assert d is not None
        held = set(d.get("server_pages", []))
        if held:
            steps = [
                (action, dataclasses.replace(command, pages=_own(command.pages, held)), params)
                for action, command, params in steps
            ]
        snapshot = case_body(d)
        store, sender = self.ctx.store, self.ctx.sender
        draft_now = _copy(d)

        def work() -> list[dict[str, Any]]:
            pending = []
            with store.transaction() as tx:
                for action, command, params in steps:
                    entry = sender.submit(command, tx=tx)
                    pending.append(
                        {"id": entry.id, "action": action, "params": params, "case": snapshot}
                    )
                draft_now["pending"] = [*draft_now.get("pending", []), *pending]
                store.save_draft(draft_now["draft_id"], draft_now, tx=tx)
            sender.wake()  # after the commit: the loop must see the rows
            return pending

        def done(pending: list[dict[str, Any]]) -> None:
            self._recording -= 1
            if self.draft is not None and self.draft["draft_id"] == draft_now["draft_id"]:
                self.draft["pending"] = [*self.draft.get("pending", []), *pending]
            self._emit("changed")
            for step in pending:
                early = self._early.pop(step["id"], None)
                if early is not None:
                    self.on_command_done(early)

        def failed(error: BaseException) -> None:
            self._recording -= 1
            self._failed(error)
            self._emit("changed")

        # busy from now: a second click before the outbox has the step must not send it twice
        self._recording += 1
        self._emit("changed")
        self.ctx.run(work, done, failed)

    def on_command_done(self, entry: OutboxEntry) -> None:
        """The outbox's verdict on one command (sent or rejected)."""
        d = self.draft
        if d is None:
            return
        step = next((p for p in d.get("pending", []) if p["id"] == entry.id), None)
        if step is None:
            if self._recording:
                self._early[entry.id] = entry
            return
        d["pending"] = [p for p in d["pending"] if p["id"] != entry.id]
        if entry.state is EntryState.REJECTED:
            self._emit("message", entry.error_zh or "服务器拒绝了该操作。")
            self._changed()
            return
        self._apply(step, entry.result if isinstance(entry.result, dict) else {})
        self._changed()

    def _apply(self, step: dict[str, Any], result: dict[str, Any]) -> None:
        d = self.draft
        assert d is not None
        action = step["action"]
        header = result.get("case", result)
        if isinstance(header, dict) and "state" in header:
            d["server_state"] = header["state"]
        if "state_zh" in result:
            d["state_zh"] = result["state_zh"]
        on = self.ctx.business_date(header.get("updated_at")) if header.get("updated_at") else None
        if action == "create":
            d["case_id"] = header["case_id"]
            d["received_at"] = header["created_at"]
            d["received_on"] = self.ctx.business_date(header["created_at"]).isoformat()
            d["journal"].append(
                {"action": "create", "params": {}, "on": d["received_on"], "case": step["case"]}
            )
            self.refresh_server()
            if step["params"].get("then") == "precheck":
                self._send([("precheck", cc.precheck(d["case_id"]), {})])
            return
        if action in LIFECYCLE_ACTIONS and on is not None:
            d["journal"].append(
                {
                    "action": action,
                    "params": step["params"],
                    "on": on.isoformat(),
                    "case": step["case"],
                }
            )
        if action == "precheck":
            d["findings"] = result.get("findings", [])
            d["passed"] = bool(result.get("passed"))
            d["state_zh"] = "预审通过" if d["passed"] else "预审发现问题"
        if action in ("correct_on_spot", "receive_supplement"):
            d["findings"] = []
        if action == "receive_supplement":
            # the server re-checks what was handed in against the notice; acceptance is
            # refused there if anything the notice listed is still missing
            d["supplement_received"] = True
            d["state_zh"] = "已接收补正材料"
        if action in NOTICE_FOR and on is not None:
            self.print_notice(NOTICE_FOR[action], on)

    # --- server state --------------------------------------------------------------------

    def apply_event(self, event: HallEvent) -> None:
        d = self.draft
        if event.kind == "kiosk_draft_saved" and d is not None and not d.get("case_id"):
            # the person scanned more at the kiosk after the call: the case takes it too
            ticket_id = (d.get("ticket") or {}).get("ticket_id")
            if ticket_id and event.data.get("ticket_id") == ticket_id:
                self._load_prescan(d["draft_id"], str(ticket_id))
            return
        if d is None or not d.get("case_id") or event.data.get("case_id") != d["case_id"]:
            return
        if event.kind == "case_department_decision":
            self.refresh_server()  # the decision's department and verdict are in the audit
        elif "state" in event.data and not self.busy:
            _set_state(d, str(event.data["state"]))
            self._changed()

    def refresh_server(self) -> None:
        """The case's state and the departments' decisions from the server (worker thread):
        with their opinions from the case's contents once every department has decided
        (each contents read is audited, so not before), else from the audit log."""
        d = self.draft
        if d is None or not d.get("case_id"):
            return
        case_id, ctx, remote = d["case_id"], self.ctx, self.remote

        def work() -> ServerCase:
            return read_server_case(ctx, case_id, contents=DECIDED.__contains__, prefill=not remote)

        self.ctx.run(work, self._server_read, self._failed)

    def _server_read(self, found: ServerCase) -> None:
        header, audit, prefill = found.detail, found.audit, found.prefill
        d = self.draft
        if d is None or header.get("case_id") != d.get("case_id"):
            return
        if isinstance(header.get("unavailable"), dict):
            d["unavailable"] = header["unavailable"]
        values = prefill.get("values") if isinstance(prefill, dict) else None
        if isinstance(values, dict):
            self.apply_prefill(
                {str(k): str(v.get("value", "")) for k, v in values.items() if isinstance(v, dict)}
            )
        if found.data is not None:
            decisions = [x for x in found.data.get("decisions", []) if isinstance(x, dict)]
        else:  # the audit log: verdicts only, the opinions stay sealed there
            decisions = [
                {
                    "department": a.get("summary", {}).get("department", ""),
                    "approved": bool(a.get("summary", {}).get("approved")),
                    "opinion": None,
                    "business_date": a["business_date"],
                    "seq": a.get("seq"),
                }
                for a in audit
                if a.get("action") == "department_decision"
            ]
        merge_decisions(d["journal"], decisions, self._business_day, case_body(d))
        if not self.busy:
            _set_state(d, str(header.get("state", d["server_state"])))
        self._changed()

    def _business_day(self, at: str) -> dt.date:
        return self.ctx.business_date(at)

    def department_codes(self) -> list[str]:
        """The departments the dispatch sends to: those of the selected items, lead first (as
        hallcore's dispatch makes one sub-case each)."""
        items = [s.item for s in self.resolution.items]
        ordered = dict.fromkeys([*self.theme.departments, *(i.department for i in items)])
        return [d for d in ordered if any(i.department == d for i in items)]

    def departments(self) -> list[tuple[str, str]]:
        """(department, its decision in words) after dispatch, from the journal."""
        return [(name, verdict) for name, verdict, _opinion in self.decisions()]

    def decisions(self) -> list[tuple[str, str, str]]:
        """(department, its decision in words, its opinion) after dispatch, from the journal
        (the latest decision of each department)."""
        d = self.draft
        if d is None:
            return []
        names = self.ctx.catalog.departments
        decided = {
            s["params"]["department"]: s["params"]
            for s in d["journal"]
            if s["action"] == "department_decision"
        }
        rows = []
        for c in self.department_codes():
            params = decided.get(c)
            verdict = "办理中" if params is None else "同意" if params["approved"] else "不同意"
            opinion = str(params.get("opinion") or "") if params else ""
            rows.append((names[c].name if c in names else c, verdict, opinion))
        return rows

    # --- notices -------------------------------------------------------------------------

    def print_notice(self, kind: NoticeKind, on: dt.date | None = None) -> None:
        d = self.draft
        assert d is not None
        draft_now = _copy(d)
        ctx = self.ctx
        issued = on or dt.date.fromisoformat(d["received_on"])
        folder = Path(ctx.notice_dir) if ctx.notice_dir else ctx.store.path.parent / "notices"

        def work() -> tuple[PrintedNotice, list[dict[str, Any]]]:
            try:  # the look-up's latest answer, so the replay matches the server's
                header = ctx.get(cc.case_path(draft_now["case_id"]))
                if isinstance(header.get("unavailable"), dict):
                    draft_now["unavailable"] = header["unavailable"]
            except ServerRefused:
                pass  # offline: the last known answer
            decisions: list[dict[str, Any]] = []
            if kind is NoticeKind.PICKUP:  # every department's decision with its opinion
                try:
                    data = ctx.get(cc.data_path(draft_now["case_id"]))
                    decisions = [x for x in data.get("decisions", []) if isinstance(x, dict)]
                except ServerRefused:
                    pass  # offline or an older server: the decisions already known
                body = case_body(draft_now)
                merge_decisions(draft_now["journal"], decisions, ctx.business_date, body)
            printed = print_notice(
                kind,
                draft_now,
                catalog=ctx.catalog,
                store=ctx.store,
                folder=folder,
                hall_name=ctx.hall_name,
                window=ctx.window or 0,
                clerk=ctx.user.signature,
                phone=ctx.handler_phone,
                issued_on=issued,
                printer=ctx.notice_printer,
            )
            return printed, decisions

        def done(answer: tuple[PrintedNotice, list[dict[str, Any]]]) -> None:
            printed, decisions = answer
            now = self.draft
            if now is not None and now["draft_id"] == draft_now["draft_id"]:
                merge_decisions(now["journal"], decisions, self._business_day, case_body(now))
                now["notices"].append(
                    {"kind": printed.kind, "number": printed.number, "path": str(printed.path)}
                )
                self._changed()
            self._emit("notice_printed", printed)

        self.ctx.run(work, done, self._failed)

    def _failed(self, error: BaseException) -> None:
        log.error("case work failed", exc_info=error)
        self._emit("message", server_error(error))


def _restore_findings(d: dict[str, Any], catalog: Catalog) -> None:
    """After a rebuilt journal: the last pre-check's findings, as the server showed them
    (worker thread: the replay is hallcore's pre-check run again)."""
    if not d.get("replayable") or not d["journal"]:
        return
    try:
        file = replay(d, catalog)
    except REPLAY_ERRORS:  # checked when rebuilt; a catalog changed since: nothing to show
        log.info("rebuilt journal no longer replays")
        return
    result = file.precheck
    if result is None or d["server_state"] not in ("prechecked", "supplement_notified"):
        return
    d["findings"] = [
        {
            "key": f.key,
            "rule": f.rule.value,
            "kind": f.kind.value,
            "subject": f.subject,
            "subject_name": f.subject_name,
            "message_zh": f.message_zh,
            "message_en": f.message_en,
            "standard": f.standard,
        }
        for f in result.open_findings
    ]
    d["passed"] = result.passed


def _set_state(draft: dict[str, Any], state: str) -> None:
    """The server's state and its words (the pre-check's own words stay while it holds)."""
    if state != draft.get("server_state"):
        draft["server_state"] = state
        try:
            draft["state_zh"] = CaseState(state).label
        except ValueError:  # a state this desk does not know yet: its code
            draft["state_zh"] = state


def _own(pages: Sequence[str], held: set[str]) -> tuple[str, ...]:
    """The pages of a command this desk must upload: not those the server already holds."""
    return tuple(p for p in pages if p not in held)


def _copy(draft: dict[str, Any]) -> dict[str, Any]:
    import json

    copied: dict[str, Any] = json.loads(json.dumps(draft))
    return copied
