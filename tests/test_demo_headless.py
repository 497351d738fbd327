"""`onewindow demo --headless --out DIR` as a real process: the scripted day against a real demo
hall server on a fresh SQLite store, offscreen, the clerk's steps played through the window desk
itself. Its artifacts are checked — tickets, scans, the desk's and the department view's
screenshots as images, the three notices the desk printed read back with `pdftotext` (the
supplement notice lists exactly the householder's consent the father forgot; the 出件通知 carries
every department's opinion) — and so is the store the server leaves behind: the case delivered,
linked to both of his tickets, the second one rated."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from hall_server.demo import BIRTH_APPLICANT, CREDENTIALS_FILE

REPO = Path(__file__).resolve().parents[1]


def pdftotext(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return "".join(text.split())  # table cells wrap: compare without the layout's spaces


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("demo")
    out, hall = root / "out", root / "hall"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW_")}
    env.update(QT_QPA_PLATFORM="offscreen", ONEWINDOW_ARGON2_MEMORY_KIB="1024")
    result = subprocess.run(
        [sys.executable, "-m", "onewindow", "demo", "--headless", "--out", str(out),
         "--dir", str(hall)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return out, hall, result.stdout, summary


def test_the_day_ends_delivered_and_rated_on_the_server(
    played: tuple[Path, Path, str, dict[str, Any]],
) -> None:
    _, hall, stdout, summary = played
    assert (summary["final_state"], summary["rating"]) == ("delivered", 5)
    with sqlite3.connect(hall / "hall.sqlite3") as db:
        state = db.execute(
            "SELECT state FROM cases WHERE case_id = ?", (summary["case_id"],)
        ).fetchone()
        ratings = db.execute("SELECT number, level FROM ratings").fetchall()
        linked = db.execute(
            "SELECT number FROM case_tickets WHERE case_id = ? ORDER BY id", (summary["case_id"],)
        ).fetchall()
    assert state == ("delivered",)
    assert ratings == [(summary["tickets"][1], 5)]
    # the case went on under his second ticket: linked to both, in order
    assert [n for (n,) in linked] == summary["tickets"]
    assert "演示完成" in stdout
    assert "Done: case delivered, rated 5" in stdout
    # The accounts were printed once, and the credentials file is the owner's alone.
    assert "dept_public_security" in stdout
    assert (hall / CREDENTIALS_FILE).stat().st_mode & 0o077 == 0


APPS = ("app:kiosk.HallLink", "app:desk_client", "app:desk_client.department")
DESK_SHOTS = (
    "screen_desk_queue.png",
    "screen_desk_materials.png",
    "screen_desk_precheck.png",
    "screen_desk_outcome.png",
    "screen_desk_delivered.png",
)


def notice_of(summary: dict[str, Any], kind: str) -> tuple[str, str]:
    """(file, document number) of the notice of `kind` the desk printed."""
    found = [
        (n["file"], n["number"])
        for s in summary["steps"]
        for n in s["detail"].get("notices", [])
        if n["kind"] == kind
    ]
    assert len(found) == 1, (kind, found)
    return found[0]


def test_every_step_says_how_it_was_played(
    played: tuple[Path, Path, str, dict[str, Any]],
) -> None:
    out, _, _, summary = played
    steps = [(s["name"], s["via"]) for s in summary["steps"]]
    assert steps[0] == ("take_ticket", "app:kiosk.HallLink")
    assert [name for name, _ in steps] == [
        "take_ticket", "call", "enter_case", "scan", "precheck", "supplement_notice",
        "return_ticket", "receive_supplement", "accept", "dispatch",
        "department_decision", "department_decision", "department_decision",
        "ready", "deliver", "rate",
    ]  # fmt: skip
    decided = [
        s["detail"]["department"] for s in summary["steps"] if s["via"].endswith("department")
    ]
    assert decided == ["public_security", "human_resources", "medical_insurance"]
    # every step through an app: none left on the bare API
    assert all(via in APPS for _, via in steps), steps
    clerk = {name for name, via in steps if via == "app:desk_client"}
    assert clerk == {"call", "enter_case", "scan", "precheck", "supplement_notice",
                     "receive_supplement", "accept", "dispatch", "ready", "deliver"}  # fmt: skip
    table = (out / "summary.md").read_text(encoding="utf-8")
    assert "| precheck | 一次性预审 | app:desk_client |" in table
    assert "api" not in {via for _, via in steps}


def test_the_images_are_real_pictures(played: tuple[Path, Path, str, dict[str, Any]]) -> None:
    out, _, _, summary = played
    for number in summary["tickets"]:
        with Image.open(out / f"ticket_{number}.png") as ticket:
            assert ticket.width in (384, 576)
            assert ticket.height > ticket.width  # a thermal ticket: a tall strip
            shades = {v: n for n, v in ticket.convert("L").getcolors() or ()}
            assert shades.get(0, 0) > 1000  # the number, the text and the QR code in black
    scans = ("scans/CHILD_PHOTO.png", "scans/APPLICATION_FORM.png", "scans/HOUSEHOLDER_CONSENT.png")
    for name in (*scans, "screen_department.png"):
        with Image.open(out / name) as image:
            assert image.width >= 600
            assert len(image.getcolors(1 << 20) or ()) > 2  # not a blank page
    listed = {a for s in summary["steps"] for a in s["artifacts"]}
    for name in DESK_SHOTS:
        assert name in listed, name
        with Image.open(out / name) as shot:
            shot.load()  # decodes the whole picture
            assert shot.size == (1366, 768)  # the desk's window, as `onewindow desk` opens it
            assert len(shot.getcolors(1 << 20) or ()) > 50  # panels, text, buttons


def test_the_notices_carry_their_fields(played: tuple[Path, Path, str, dict[str, Any]]) -> None:
    out, _, _, summary = played
    file, number = notice_of(summary, "supplement")
    assert number.startswith("示例1窗补〔2024〕"), number  # the desk's own numbering
    supplement = pdftotext(out / file)
    for text in ("补正告知书", number, BIRTH_APPLICANT["name"],
                 BIRTH_APPLICANT["id_number"], "2024年5月6日09:00", "新生儿出生“一件事”",
                 "缺少“户主同意新生儿落户的书", "补正期限：2024年5月17日",
                 "新生儿父母与户主的亲属关系",
                 "投诉和监督电话"):  # fmt: skip
        assert text in supplement, text
    # exactly the one thing he must bring: not the form he signed at the window, not the
    # kinship the hall verifies by data sharing
    assert supplement.count("缺少“") == 1
    listed = supplement.split("需要补正的材料和内容")[1].split("材料清单及状态")[0]
    assert "户主同意新生儿落户的" in listed
    assert "申请表" not in listed
    assert "亲属关系" not in listed
    file, number = notice_of(summary, "acceptance")
    acceptance = pdftotext(out / file)
    for text in ("受理通知书", number, "受理日期2024年5月6日",
                 "承诺办结日期2024年5月11日", "窗口领取"):  # fmt: skip
        assert text in acceptance, text
    file, number = notice_of(summary, "pickup")
    pickup = pdftotext(out / file)
    for text in ("出件通知", number, "公安局", "医疗保障局", "国（境）内出生登记（户口登记）",
                 "签收"):  # fmt: skip
        assert text in pickup, text
    assert pickup.count("准予") == 3
    # each department's decision with the opinion it wrote in the department view
    assert pickup.count("材料齐全，同意办理") == 3
    # the three numbers come from the desk's one sequence, in the order printed
    numbers = [notice_of(summary, k)[1] for k in ("supplement", "acceptance", "pickup")]
    assert [n[-6:] for n in numbers] == ["00001号", "00002号", "00003号"], numbers
