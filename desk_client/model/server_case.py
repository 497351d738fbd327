"""What the desk reads of a case from the hall server, and how it goes into the draft (Qt-free;
the reads run on the worker thread, the merges anywhere).

* **Pages** the server already holds — a kiosk's pre-scan, a case received at another window —
  are fetched (`GET /pages/{sha256}`) into the terminal's store, checked against their name and
  marked uploaded there: the thumbnails come from the store, and the outbox never tries to
  upload a page it did not scan (`server_pages` in the draft names them).
* **The kiosk's pre-scan draft** (`GET /tickets/{id}/draft`, 404 when there is none) starts a
  called ticket's case: its situation answers, its pages under the materials they were scanned
  for; pages the kiosk filed under a code that is not a material of the theme (``OTHER``) wait
  in the draft's ``unassigned`` list for the clerk to assign or delete.
* **A case's contents** (`GET /cases/{id}/data`: answers, form, parties, delivery, the
  departments' decisions with their opinions, the tickets it was called on) and its material
  records (`GET /cases/{id}`: pages by hash) fill a case this desk did not receive. The notices
  need the lifecycle replayed (`case_data.replay`), which needs each step's case as it then
  stood — sealed on the server. `rebuild_journal` replays the audit log's steps over today's
  contents and keeps the result only when hallcore accepts every step (or, failing that, the
  path straight to acceptance, which prints the same later notices); otherwise the case stays
  sealed for the steps that print.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desk_client.model.case_data import PARTY_FIELDS, case_body, replay
from desk_client.model.context import DeskContext, ServerRefused
from hallcore.case import LifecycleError
from hallcore.catalog import Catalog, IncompleteAnswers
from server_sync import Ok
from server_sync import case_commands as cc
from server_sync.endpoints import page_path
from server_sync.transport import Failed

__all__ = [
    "REPLAY_ERRORS",
    "FetchedPages",
    "KioskPrescan",
    "ServerCase",
    "apply_prescan",
    "fetch_pages",
    "fill_from_server",
    "merge_decisions",
    "read_kiosk_draft",
    "read_server_case",
    "rebuild_journal",
]

log = logging.getLogger("onewindow.desk.case")

#: Lifecycle steps of the audit log the desk replays, in the log's words (the rest — update,
#: data_read, … — change no state).
REPLAYED = frozenset(
    {
        "precheck",
        "correct_on_spot",
        "supplement",
        "receive_supplement",
        "tolerance",
        "not_accepted",
        "accept",
        "deem_accepted",
        "dispatch",
        "department_decision",
        "ready",
        "deliver",
        "withdraw",
        "terminate",
    }
)
#: The steps that accept a case: the path to them can be collapsed to one pre-check.
ACCEPTING = frozenset({"accept", "tolerance", "deem_accepted"})
#: What a replay that does not fit the server's log raises.
REPLAY_ERRORS = (LifecycleError, IncompleteAnswers, ValueError, KeyError)
#: Audit summary keys that are action parameters (the server logs them in the clear).
PUBLIC_PARAMS = ("department", "approved", "method", "commitment_signed")


# --- pages ---------------------------------------------------------------------------------


@dataclass
class FetchedPages:
    stored: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def fetch_pages(ctx: DeskContext, digests: Iterable[str]) -> FetchedPages:
    """Bring pages the server holds into the store (worker thread). A page already stored is
    only marked uploaded; one that cannot be fetched, or whose bytes do not match its name, is
    reported in `failed` (its thumbnail stays empty; the case still names it on the server)."""
    result = FetchedPages()
    store = ctx.store
    for digest in dict.fromkeys(digests):
        info = store.page_info(digest)
        if info is not None:
            if info.uploaded_at is None:
                store.mark_page_uploaded(digest)
            result.stored.append(digest)
            continue
        try:
            path = page_path(digest)
        except ValueError:
            result.failed.append(digest)
            continue
        response = ctx.client.raw("GET", path)
        if isinstance(response, Failed) or response.status_code != 200:
            result.failed.append(digest)
            continue
        content = bytes(response.content)
        if hashlib.sha256(content).hexdigest() != digest:
            log.warning("page %s from the server does not match its name", digest[:12])
            result.failed.append(digest)
            continue
        media = response.headers.get("Content-Type", "application/octet-stream")
        store.add_page(content, media.split(";")[0].strip())
        store.mark_page_uploaded(digest)
        result.stored.append(digest)
    return result


# --- the kiosk's pre-scan draft ------------------------------------------------------------


def read_kiosk_draft(ctx: DeskContext, ticket_id: str) -> dict[str, Any] | None:
    """The ticket's pre-scan draft, or None when the applicant scanned nothing (404) (worker
    thread). Other refusals raise `ServerRefused`."""
    outcome = ctx.client.get(cc.ticket_draft_path(ticket_id))
    if isinstance(outcome, Ok):
        return outcome.body if isinstance(outcome.body, dict) else None
    if outcome.status == 404:  # draft_missing: not an error, most applicants scan nothing
        return None
    raise ServerRefused(outcome.error)


@dataclass(frozen=True, slots=True)
class KioskPrescan:
    """What the pre-scan added to a case: for the note the clerk sees."""

    materials: int
    pages: int
    unassigned: int
    answers: int

    def as_dict(self) -> dict[str, int]:
        return {
            "materials": self.materials,
            "pages": self.pages,
            "unassigned": self.unassigned,
            "answers": self.answers,
        }


def apply_prescan(
    draft: dict[str, Any], kiosk: Mapping[str, Any], catalog: Catalog
) -> KioskPrescan:
    """Put the kiosk's draft into a case draft not yet received: answers the clerk has not
    given yet (known questions and options only), pages under their materials after any
    already there, pages under any other code into ``unassigned``. Applied again (the person
    scanned more after the call), only pages not seen before are added: one the clerk deleted
    stays deleted. Every page is named in ``server_pages``."""
    theme_code = str(kiosk.get("theme") or "").upper()
    codes = {t.code for t in catalog.themes}
    untouched = not draft["answers"] and not draft["materials"]
    if theme_code in codes and theme_code != draft["theme"] and untouched:
        draft["theme"] = theme_code
    theme = catalog.theme(draft["theme"])
    options = {s.code: {o.code for o in s.options} for s in theme.situations}
    answered = 0
    for question, chosen in dict(kiosk.get("answers") or {}).items():
        valid = [str(o) for o in chosen or () if str(o) in options.get(str(question), set())]
        if valid and str(question) not in draft["answers"]:
            draft["answers"][str(question)] = valid
            answered += 1
    known = {m.code for m in theme.materials}
    server_pages: list[str] = list(draft.get("server_pages", []))
    unassigned: list[str] = list(draft.get("unassigned", []))
    materials = pages = loose = 0
    scanned: list[str] = []
    seen = set(draft.get("prescan_pages", []))
    for code, hashes in dict(kiosk.get("materials") or {}).items():
        digests = [str(h) for h in hashes or ()]
        if not digests:
            continue
        materials += 1
        pages += len(digests)
        scanned += digests
        server_pages += [h for h in digests if h not in server_pages]
        fresh = [h for h in dict.fromkeys(digests) if h not in seen]
        if code not in known:  # OTHER, or a code this catalog does not know: the clerk files them
            unassigned += [h for h in fresh if h not in unassigned]
            loose += len(digests)
        elif fresh:
            record = draft["materials"].setdefault(code, {"state": "provided", "pages": []})
            record["pages"] = [*record["pages"], *(h for h in fresh if h not in record["pages"])]
            record["state"] = "provided"
    draft["server_pages"] = server_pages
    draft["prescan_pages"] = list(dict.fromkeys([*draft.get("prescan_pages", []), *scanned]))
    draft["unassigned"] = unassigned
    summary = KioskPrescan(materials, pages, loose, answered)
    draft["prescan"] = summary.as_dict() | {"note": str(kiosk.get("note") or "")}
    return summary


# --- a case's contents ---------------------------------------------------------------------


@dataclass
class ServerCase:
    """The server's view of one case: the detail (`GET /cases/{id}`), the audit log, the
    contents for window staff (`/data`: None when the server cannot give them) and the
    form values the look-up supplies."""

    detail: dict[str, Any]
    audit: list[dict[str, Any]]
    data: dict[str, Any] | None
    prefill: dict[str, Any] = field(default_factory=dict)
    data_error: str = ""


def read_server_case(
    ctx: DeskContext,
    case_id: str,
    *,
    contents: bool | Callable[[str], bool],
    prefill: bool = False,
) -> ServerCase:
    """The case's detail and audit, and — with `contents` (or when it says yes to the case's
    state) — its data (worker thread). Each data read is an audit row on the server, so it is
    asked only when it is needed."""
    detail = ctx.get(cc.case_path(case_id))
    audit = ctx.get(cc.audit_path(case_id))
    found = ServerCase(detail, [a for a in audit if isinstance(a, dict)], None)
    wanted = contents(str(detail.get("state", ""))) if callable(contents) else contents
    if wanted:
        try:
            found.data = ctx.get(cc.data_path(case_id))
        except ServerRefused as error:  # an older server, or not this user's to read
            found.data_error = error.error.message_zh
    if prefill:
        try:
            found.prefill = ctx.get(cc.prefill_path(case_id))
        except ServerRefused:  # an older server without the look-up: nothing to fill
            found.prefill = {}
    return found


def _party(value: Any) -> dict[str, str] | None:
    if not isinstance(value, Mapping):
        return None
    party = {k: str(value.get(k) or "") for k in PARTY_FIELDS}
    party["kind"] = party["kind"] or "person"
    return party


def _materials(detail: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The material records of `GET /cases/{id}` in the draft's shape (what was read off the
    documents — `recorded` — stays sealed on the server and is not shown)."""
    records: dict[str, dict[str, Any]] = {}
    for m in detail.get("materials", []):
        record: dict[str, Any] = {
            "state": m.get("state", "provided"),
            "pages": [p["sha256"] for p in m.get("pages", []) if isinstance(p, dict)],
            "copies": int(m.get("copies") or 1),
            "ticked": sorted(m.get("ticked") or []),
        }
        if m.get("expires_on"):
            record["expires_on"] = str(m["expires_on"])
        records[str(m["code"])] = record
    return records


def fill_from_server(draft: dict[str, Any], found: ServerCase, catalog: Catalog) -> None:
    """A case received elsewhere, filled from the server's contents and material records."""
    data, detail = found.data, found.detail
    assert data is not None
    applicant = _party(data.get("applicant"))
    if applicant is not None:
        draft["applicant"] = applicant
    draft["agent"] = _party(data.get("agent"))
    draft["answers"] = {str(k): [str(o) for o in v] for k, v in data.get("answers", {}).items()}
    draft["form"] = {str(k): str(v) for k, v in data.get("form", {}).items()}
    draft["delivery"] = data.get("delivery")
    draft["materials"] = _materials(detail)
    pages = [h for m in draft["materials"].values() for h in m["pages"]]
    draft["server_pages"] = list(dict.fromkeys(pages))
    if isinstance(detail.get("unavailable"), dict):
        draft["unavailable"] = detail["unavailable"]
    # The warnings the receiving window let pass (overrides). An older server does not send
    # them: then an update from here must not send an empty set over them unless the clerk
    # sets one.
    overrides = data.get("overrides")
    if isinstance(overrides, dict):
        draft["overrides"] = {str(k): str(v) for k, v in overrides.items()}
        draft.pop("overrides_unknown", None)
    else:
        draft["overrides_unknown"] = True
    tickets = [t for t in data.get("tickets", []) if isinstance(t, dict)]
    draft["tickets"] = tickets
    if tickets and not draft.get("ticket"):
        draft["ticket"] = dict(tickets[-1])
    journal = rebuild_journal(draft, found.audit, data.get("decisions", []), catalog)
    draft["journal"] = journal or []
    draft["replayable"] = journal is not None
    draft["contents_read"] = True


def _decision_params(decision: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "department": str(decision.get("department", "")),
        "approved": bool(decision.get("approved")),
        "opinion": str(decision.get("opinion") or ""),
    }


def rebuild_journal(
    draft: Mapping[str, Any],
    audit: Sequence[Mapping[str, Any]],
    decisions: Sequence[Mapping[str, Any]],
    catalog: Catalog,
) -> list[dict[str, Any]] | None:
    """A journal for a case received elsewhere that hallcore replays to the server's state, or
    None. Every step carries today's contents (the earlier ones are sealed on the server), so
    the full log replays only while those did not change a step's outcome; otherwise the path
    straight to acceptance (create, one pre-check, the acceptance and what followed) is tried,
    as the later notices (受理, 出件) print the same from it."""
    body = case_body(draft)
    by_department: dict[str, list[Mapping[str, Any]]] = {}
    for decision in decisions:
        by_department.setdefault(str(decision.get("department", "")), []).append(decision)
    steps: list[dict[str, Any]] = []
    for action in sorted(audit, key=lambda a: int(a.get("seq", 0))):
        name = str(action.get("action", ""))
        if name == "receive_tolerated":
            return None  # its record is sealed: the replay cannot be rebuilt
        if name != "create" and name not in REPLAYED:
            continue
        summary = action.get("summary") or {}
        params = {k: summary[k] for k in PUBLIC_PARAMS if k in summary}
        if name == "department_decision":
            mine = by_department.get(str(params.get("department", "")), [])
            if mine:
                params = _decision_params(mine.pop(0))
        steps.append(
            {
                "action": name,
                "params": params,
                "on": str(action.get("business_date")),
                "case": body,
                "seq": action.get("seq"),
            }
        )
    if not steps or steps[0]["action"] != "create":
        return None
    candidates = [steps]
    accepted = [i for i, s in enumerate(steps) if s["action"] in ACCEPTING]
    if accepted:
        at = accepted[0]
        prechecks = [s for s in steps[1:at] if s["action"] == "precheck"]
        if prechecks:
            candidates.append([steps[0], prechecks[-1], *steps[at:]])
    for journal in candidates:
        try:
            replay({**draft, "journal": journal}, catalog)
        except REPLAY_ERRORS as error:  # hallcore refuses a step: the next, or stay sealed
            log.info("journal rebuilt from the audit does not replay: %s", type(error).__name__)
            continue
        return [dict(s) for s in journal]
    return None


def merge_decisions(
    journal: list[dict[str, Any]],
    decisions: Sequence[Mapping[str, Any]],
    on_of: Callable[[str], dt.date],
    body: Mapping[str, Any],
) -> bool:
    """Bring the departments' decisions into the journal, each department's in order: an entry
    already there gets the decision's verdict and opinion (an opinion None — the audit log's,
    which keeps opinions sealed — leaves it as it is); a new one goes after the dispatch and
    the decisions before it, so the replay meets it before 待出件. Whether anything changed."""
    changed = False
    used: set[int] = set()
    for decision in decisions:
        params = _decision_params(decision)
        opinion = decision.get("opinion")
        match = next(
            (
                i
                for i, s in enumerate(journal)
                if s["action"] == "department_decision"
                and i not in used
                and s["params"].get("department") == params["department"]
            ),
            None,
        )
        if match is not None:
            used.add(match)
            known = journal[match]["params"]
            if opinion is None:
                params["opinion"] = known.get("opinion", "")
            if known != params:
                journal[match]["params"] = params
                changed = True
            continue
        after = [
            i for i, s in enumerate(journal) if s["action"] in ("dispatch", "department_decision")
        ]
        at = after[-1] + 1 if after else len(journal)
        entry = {
            "action": "department_decision",
            "params": params,
            "on": on_of(str(decision.get("at"))).isoformat()
            if decision.get("at")
            else str(decision.get("business_date")),
            "case": dict(body),
        }
        if decision.get("seq") is not None:
            entry["seq"] = decision["seq"]
        journal.insert(at, entry)
        used = {i + 1 if i >= at else i for i in used} | {at}
        changed = True
    return changed
