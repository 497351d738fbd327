"""The desk's merges of what the server holds into a case draft (Qt-free): the kiosk's pre-scan
(answers, pages under their materials, the rest waiting to be filed), the departments'
decisions with their opinions, and the journal rebuilt from the audit log for a case received
at another window — replayed by hallcore and printed (the 出件通知 read back with pdftotext)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest

from desk_client.model.case_data import new_draft, replay
from desk_client.model.notice_output import print_notice
from desk_client.model.server_case import apply_prescan, merge_decisions, rebuild_journal
from desk_client.screens.case_workspace import source_note
from hall_server.demo import BIRTH_APPLICANT
from hallcore.case import CaseState, NoticeKind
from hallcore.catalog import Catalog, load_catalog
from onewindow.demo import data
from server_sync import Store

PAGE_A, PAGE_B, PAGE_C = "a" * 64, "b" * 64, "c" * 64
DEPARTMENTS = ("public_security", "human_resources", "medical_insurance")
ZONE = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def business_day(at: str) -> dt.date:
    return dt.datetime.fromisoformat(at).astimezone(ZONE).date()


def test_the_prescan_fills_answers_and_materials_and_keeps_the_rest_to_assign(
    catalog: Catalog,
) -> None:
    draft = new_draft("BIRTH", {"ticket_id": "t-1", "number": "Y001"})
    kiosk = {
        "theme": "BIRTH",
        "answers": {
            "settle_household": ["relative"],
            "birth_cert": ["no_such_option"],  # not an option of the question: dropped
            "no_such_question": ["x"],
        },
        "materials": {
            "CHILD_PHOTO": [PAGE_A],
            "HOUSEHOLDER_CONSENT": [PAGE_B, PAGE_A],
            "OTHER": [PAGE_C],
        },
        "note": "户口簿没带",
    }
    summary = apply_prescan(draft, kiosk, catalog)
    assert draft["answers"] == {"settle_household": ["relative"]}
    assert draft["materials"]["CHILD_PHOTO"] == {"state": "provided", "pages": [PAGE_A]}
    assert draft["materials"]["HOUSEHOLDER_CONSENT"]["pages"] == [PAGE_B, PAGE_A]
    assert "OTHER" not in draft["materials"]  # never sent to the server as a material
    assert draft["unassigned"] == [PAGE_C]
    assert draft["server_pages"] == [PAGE_A, PAGE_B, PAGE_C]
    assert draft["prescan_pages"] == [PAGE_A, PAGE_B, PAGE_C]
    assert (summary.materials, summary.pages, summary.unassigned, summary.answers) == (3, 4, 1, 1)
    note = source_note(draft)
    assert "自助终端预扫：3 份材料 4 页" in note
    assert "1 页待归入" in note
    assert "户口簿没带" in note


def test_the_prescan_never_overrides_what_the_clerk_entered(catalog: Catalog) -> None:
    draft = new_draft("BIRTH", None)
    draft["answers"]["settle_household"] = ["parent"]
    draft["materials"]["CHILD_PHOTO"] = {"state": "provided", "pages": [PAGE_C]}
    apply_prescan(
        draft,
        {"theme": "STARTUP", "answers": {"settle_household": ["relative"]},
         "materials": {"CHILD_PHOTO": [PAGE_A, PAGE_C]}},
        catalog,
    )  # fmt: skip
    assert draft["theme"] == "BIRTH"  # the clerk has begun: the kiosk's theme does not switch
    assert draft["answers"]["settle_household"] == ["parent"]
    assert draft["materials"]["CHILD_PHOTO"]["pages"] == [PAGE_C, PAGE_A]


def test_more_scanned_after_the_call_comes_in_and_a_deleted_page_stays_deleted(
    catalog: Catalog,
) -> None:
    draft = new_draft("BIRTH", {"ticket_id": "t-1", "number": "Y001"})
    apply_prescan(draft, {"materials": {"CHILD_PHOTO": [PAGE_A, PAGE_B]}}, catalog)
    draft["materials"]["CHILD_PHOTO"]["pages"].remove(PAGE_A)  # the clerk deleted a blurred one
    later = {"materials": {"CHILD_PHOTO": [PAGE_A, PAGE_B, PAGE_C]}, "note": ""}
    summary = apply_prescan(draft, later, catalog)
    assert draft["materials"]["CHILD_PHOTO"]["pages"] == [PAGE_B, PAGE_C]
    assert (summary.materials, summary.pages) == (1, 3)


def decision(department: str, opinion: str | None, at: str = "2024-05-06T10:00:00+08:00") -> Any:
    return {"department": department, "approved": True, "opinion": opinion, "at": at}


def test_decisions_come_in_before_ready_with_their_opinions() -> None:
    journal: list[dict[str, Any]] = [
        {"action": "create", "params": {}, "on": "2024-05-06", "case": {}},
        {"action": "dispatch", "params": {}, "on": "2024-05-06", "case": {}},
        {
            "action": "department_decision",
            "params": {"department": "public_security", "approved": True, "opinion": ""},
            "on": "2024-05-06",
            "case": {},
            "seq": 7,
        },
        {"action": "ready", "params": {}, "on": "2024-05-07", "case": {}},
    ]
    # the audit log's verdicts (opinion None) change nothing that is known
    assert not merge_decisions(journal, [decision("public_security", None)], business_day, {})
    changed = merge_decisions(
        journal,
        [decision("public_security", "同意落户"), decision("human_resources", "同意制卡")],
        business_day,
        {},
    )
    assert changed
    assert [s["action"] for s in journal] == [
        "create", "dispatch", "department_decision", "department_decision", "ready"
    ]  # fmt: skip
    assert journal[2]["params"]["opinion"] == "同意落户"
    assert journal[3]["params"] == {
        "department": "human_resources",
        "approved": True,
        "opinion": "同意制卡",
    }
    assert journal[3]["on"] == "2024-05-06"
    # read again: nothing new
    again = [decision("public_security", "同意落户"), decision("human_resources", "同意制卡")]
    assert not merge_decisions(journal, again, business_day, {})


def complete_case(catalog: Catalog) -> dict[str, Any]:
    """The demo's case as the server holds it after the supplement: everything handed in."""
    draft = new_draft("BIRTH", None)
    draft["applicant"].update(BIRTH_APPLICANT)
    draft["answers"] = data.answers(catalog)
    draft["form"] = dict(data.FORM)
    for code in (*data.FIRST_VISIT, data.BROUGHT_BACK):
        draft["materials"][code] = {
            "state": "provided",
            "pages": [PAGE_A],
            "ticked": data.TICKED[code],
        }
    draft.update(
        case_id="20240506-0123456789",
        received_at="2024-05-06T09:00:00+08:00",
        received_on="2024-05-06",
        unavailable={},
    )
    return draft


def audit_row(seq: int, action: str, **summary: Any) -> dict[str, Any]:
    return {"seq": seq, "action": action, "business_date": "2024-05-06", "summary": summary}


def test_a_journal_rebuilt_from_the_audit_replays_to_the_servers_state(
    catalog: Catalog, tmp_path: Path
) -> None:
    draft = complete_case(catalog)
    audit = [
        audit_row(1, "create"),
        audit_row(2, "ticket_linked", number="Y001"),
        audit_row(3, "precheck", passed=False),
        audit_row(4, "supplement", state="supplement_notified"),
        audit_row(5, "ticket_linked", number="Y002"),
        audit_row(6, "receive_supplement", state="supplement_notified"),
        audit_row(7, "accept", state="accepted"),
        audit_row(8, "dispatch", state="dispatched"),
        *(
            audit_row(9 + n, "department_decision", department=d, approved=True)
            for n, d in enumerate(DEPARTMENTS)
        ),
        audit_row(12, "data_read"),
        audit_row(13, "ready", state="ready"),
    ]
    opinions = [decision(d, f"{catalog.departments[d].name}：材料齐全，同意") for d in DEPARTMENTS]
    journal = rebuild_journal(draft, audit, opinions, catalog)
    # today's contents passed the pre-check, so the supplement cannot be replayed over them:
    # the path straight to acceptance is what replays
    assert journal is not None
    assert [s["action"] for s in journal] == [
        "create", "precheck", "accept", "dispatch", *["department_decision"] * 3, "ready"
    ]  # fmt: skip
    draft["journal"] = journal
    file = replay(draft, catalog)
    assert file.state is CaseState.READY
    # delivered here: the 出件通知 carries every department's opinion
    draft["journal"].append(
        {"action": "deliver", "params": {"method": "window"}, "on": "2024-05-06",
         "case": journal[0]["case"]}
    )  # fmt: skip
    printed = print_notice(
        NoticeKind.PICKUP,
        draft,
        catalog=catalog,
        store=Store(tmp_path / "desk.sqlite3"),
        folder=tmp_path,
        hall_name="示例县政务服务中心",
        window=2,
        clerk="二号窗口",
        phone="12345",
        issued_on=dt.date(2024, 5, 6),
    )
    text = "".join(
        subprocess.run(
            ["pdftotext", str(printed.path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "出件通知" in text
    for d in DEPARTMENTS:
        assert f"{catalog.departments[d].name}：材料齐全，同意" in text, d


def test_a_log_that_cannot_be_rebuilt_leaves_the_case_sealed(catalog: Catalog) -> None:
    draft = complete_case(catalog)
    assert rebuild_journal(draft, [audit_row(1, "precheck")], [], catalog) is None  # no create
    tolerated = [audit_row(1, "create"), audit_row(2, "receive_tolerated")]
    assert rebuild_journal(draft, tolerated, [], catalog) is None  # its record is sealed
    # accepted on a pre-check that today's contents would not pass (the consent withdrawn)
    del draft["materials"][data.BROUGHT_BACK]
    accepted = [audit_row(1, "create"), audit_row(2, "precheck"), audit_row(3, "accept")]
    assert rebuild_journal(draft, accepted, [], catalog) is None
    draft["remote"], draft["contents_read"] = True, True
    assert "打印告知书的步骤请到收件窗口办理" in source_note(draft)


def test_the_case_commands_carry_the_ticket_and_name_the_reads() -> None:
    from server_sync import case_commands as cc

    created = cc.create_case("BIRTH", {"name": "张丽", "id_number": "x"}, ticket_id="20240506-Y001")
    assert created.body is not None
    assert created.body["ticket_id"] == "20240506-Y001"
    assert "ticket_id" not in (cc.create_case("BIRTH", {"name": "张丽"}).body or {})
    linked = cc.update_case("20240506-0123456789", ticket_id="20240506-Y002")
    assert linked.body == {"ticket_id": "20240506-Y002"}  # alone: changes nothing else
    assert linked.pages == ()
    assert cc.data_path("20240506-0123456789") == "/cases/20240506-0123456789/data"
    assert cc.ticket_draft_path("20240506-Y001") == "/tickets/20240506-Y001/draft"
    with pytest.raises(ValueError, match="bad ticket id"):
        cc.ticket_draft_path("../x/y")
