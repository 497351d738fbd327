"""`ConfigForm`: the hall's configuration document as the manager edits it. Each field's check
and its Chinese message (every `FormError` path), what a refused value leaves (nothing changed,
not dirty), the document it produces (the server's `HallConfigDoc` takes it, hallcore builds it),
and `dirty`. The document is the sample hall's, as the server seeds version 1 from hallcore's
`busy_hall` (`hall_config.document_of`)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from hall_server.hall_config import HallConfigDoc, build, document_of
from hallcore.queue.scenarios import busy_hall
from manager.model.config_form import ConfigForm, FormError


def sample_doc() -> dict[str, Any]:
    doc: dict[str, Any] = document_of(busy_hall()).model_dump(mode="json")
    return doc


def loaded() -> ConfigForm:
    form = ConfigForm()
    form.load(sample_doc(), '"1"')
    return form


Edit = Callable[[ConfigForm], None]

#: (edit, the Chinese message). Every way a field refuses a value.
REFUSED: list[tuple[str, Edit, str]] = [
    ("weight-text", lambda f: f.set_weight(1, "one_thing", "很多"),
     "1号窗口的“one_thing”权重须为 0–100 的整数"),
    ("weight-over", lambda f: f.set_weight(1, "one_thing", "101"),
     "1号窗口的“one_thing”权重须为 0–100 的整数"),
    ("weight-negative", lambda f: f.set_weight(12, "pickup", "-1"),
     "12号窗口的“pickup”权重须为 0–100 的整数"),
    ("weight-fraction", lambda f: f.set_weight(1, "social", "1.5"),
     "1号窗口的“social”权重须为 0–100 的整数"),
    ("weight-superscript", lambda f: f.set_weight(1, "social", "²"),
     "1号窗口的“social”权重须为 0–100 的整数"),
    ("ratio-normal", lambda f: f.set_priority_ratio("二", "1"),
     "优先比例中的普通号数须为 0–100 的整数"),
    ("ratio-normal-over", lambda f: f.set_priority_ratio("101", "1"),
     "优先比例中的普通号数须为 0–100 的整数"),
    ("ratio-priority-zero", lambda f: f.set_priority_ratio("2", "0"),
     "优先比例中的优先号数须为 1–100 的整数"),
    ("ratio-priority-empty", lambda f: f.set_priority_ratio("2", ""),
     "优先比例中的优先号数须为 1–100 的整数"),
    ("cap-am", lambda f: f.set_cap("social", "am", "不限"),
     "“社保医保”上午取号上限须为 0–100000 的整数"),
    ("cap-pm-over", lambda f: f.set_cap("pickup", "pm", "100001"),
     "“取件”下午取号上限须为 0–100000 的整数"),
    ("cut-off-over", lambda f: f.set_cut_off("601"), "停止取号提前分钟数须为 0–600 的整数"),
    ("cut-off-empty", lambda f: f.set_cut_off(" "), "停止取号提前分钟数须为 0–600 的整数"),
    ("sessions-short-hour", lambda f: f.set_sessions("8:30-12:00"),
     "营业时间“8:30-12:00”格式不对，应为 08:30-12:00"),
    ("sessions-no-dash", lambda f: f.set_sessions("08:30-12:00，13:00"),
     "营业时间“13:00”格式不对，应为 08:30-12:00"),
    ("sessions-hour-24", lambda f: f.set_sessions("13:00-24:00"),
     "营业时间“13:00-24:00”格式不对，应为 08:30-12:00"),
    ("sessions-backwards", lambda f: f.set_sessions("12:00-08:30"),
     "营业时间“12:00-08:30”的结束须晚于开始"),
    ("sessions-empty-length", lambda f: f.set_sessions("08:30-08:30"),
     "营业时间“08:30-08:30”的结束须晚于开始"),
    ("sessions-none", lambda f: f.set_sessions(" ，, "), "至少需要一个营业时段"),
    ("target-wait-zero", lambda f: f.set_targets("0", "20", "20"),
     "最长等待目标（分钟）须为 1–1440 的整数"),
    ("target-length-over", lambda f: f.set_targets("30", "10001", "20"),
     "排队人数目标须为 1–10000 的整数"),
    ("target-service-text", lambda f: f.set_targets("30", "20", "半小时"),
     "办理时长目标（分钟）须为 1–1440 的整数"),
    ("follow-up-days", lambda f: f.set_follow_up_days(10), "差评办结期限为 5 或 15 个工作日"),
    ("holiday-date", lambda f: f.add_holiday("2024/05/10", False, "调休"),
     "日期“2024/05/10”格式不对，应为 2024-05-10"),
    ("holiday-impossible-date", lambda f: f.add_holiday("2024-02-30", False, "调休"),
     "日期“2024-02-30”格式不对，应为 2024-05-10"),
    ("holiday-reason", lambda f: f.add_holiday("2024-05-10", True, "  "), "请填写调整原因"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_refused_value_says_why_and_changes_nothing(edit: Edit, message: str) -> None:
    form = loaded()
    before = copy.deepcopy(form.doc)
    changes: list[None] = []
    form.subscribe("changed", lambda: changes.append(None))
    with pytest.raises(FormError) as raised:
        edit(form)
    assert raised.value.message_zh == message
    assert str(raised.value) == message
    assert form.doc == before
    assert not form.dirty
    assert changes == []


def test_a_half_day_other_than_am_or_pm_is_a_programming_error() -> None:
    form = loaded()
    with pytest.raises(ValueError, match=r"^noon$") as raised:
        form.set_cap("social", "noon", "5")
    assert not isinstance(raised.value, FormError)


#: (edit, the part of the document it changes, that part afterwards), worked out by hand from
#: the sample hall: window 1 serves one_thing 2, social 1, consult 0; window 12 consult 1,
#: pickup 0; the hall opens 08:30–12:00 and 13:00–17:30, ratio 2 : 1, cut-off 30 minutes.
ACCEPTED: list[tuple[str, Edit, Callable[[dict[str, Any]], Any], Any]] = [
    ("weight-changed-in-place", lambda f: f.set_weight(1, "social", " 3 "),
     lambda d: d["windows"][0]["serves"],
     [{"queue": "one_thing", "weight": 2}, {"queue": "social", "weight": 3},
      {"queue": "consult", "weight": 0}]),
    ("weight-zero-is-a-fallback", lambda f: f.set_weight(1, "one_thing", "0"),
     lambda d: d["windows"][0]["serves"],
     [{"queue": "one_thing", "weight": 0}, {"queue": "social", "weight": 1},
      {"queue": "consult", "weight": 0}]),
    ("weight-empty-removes", lambda f: f.set_weight(1, "consult", ""),
     lambda d: d["windows"][0]["serves"],
     [{"queue": "one_thing", "weight": 2}, {"queue": "social", "weight": 1}]),
    ("weight-new-queue-goes-last", lambda f: f.set_weight(12, "property", "2"),
     lambda d: d["windows"][11]["serves"],
     [{"queue": "consult", "weight": 1}, {"queue": "pickup", "weight": 0},
      {"queue": "property", "weight": 2}]),
    ("weight-full-width-digits", lambda f: f.set_weight(12, "consult", "１５"),
     lambda d: d["windows"][11]["serves"][0], {"queue": "consult", "weight": 15}),
    ("ratio", lambda f: f.set_priority_ratio("0", "1"),
     lambda d: d["priority_ratio"], {"normal": 0, "priority": 1}),
    ("cap-am", lambda f: f.set_cap("social", "am", "150"),
     lambda d: (d["queues"][2]["cap_am"], d["queues"][2]["cap_pm"]), (150, None)),
    ("cap-pm-zero", lambda f: f.set_cap("social", "pm", "0"),
     lambda d: (d["queues"][2]["cap_am"], d["queues"][2]["cap_pm"]), (None, 0)),
    ("cut-off", lambda f: f.set_cut_off("600"), lambda d: d["cut_off_minutes"], 600),
    ("sessions-chinese-comma", lambda f: f.set_sessions("08:00-12:00，13:00-17:30"),
     lambda d: d["sessions"],
     [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "17:30"}]),
    ("sessions-other-separators", lambda f: f.set_sessions(" 08:00-11:30; 14:00-18:00 "),
     lambda d: d["sessions"],
     [{"start": "08:00", "end": "11:30"}, {"start": "14:00", "end": "18:00"}]),
    ("targets", lambda f: f.set_targets("45", "30", "25"),
     lambda d: d["targets"], {"wait_minutes": 45, "queue_length": 30, "service_minutes": 25}),
    ("follow-up-days", lambda f: f.set_follow_up_days(15),
     lambda d: d["follow_up_working_days"], 15),
    ("holiday", lambda f: f.add_holiday(" 2024-05-11 ", True, " 调休上班 "),
     lambda d: d["holidays"], [{"day": "2024-05-11", "working": True, "reason": "调休上班"}]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("edit", "part", "expected"), [r[1:] for r in ACCEPTED], ids=[r[0] for r in ACCEPTED]
)
def test_an_accepted_value_lands_in_the_document(
    edit: Edit, part: Callable[[dict[str, Any]], Any], expected: Any
) -> None:
    form = loaded()
    changes: list[None] = []
    form.subscribe("changed", lambda: changes.append(None))
    edit(form)
    assert part(form.to_document()) == expected
    assert form.dirty
    assert changes == [None]
    # What the form produces is a document the server takes and hallcore builds.
    doc = HallConfigDoc.model_validate(form.to_document())
    build(doc)


def test_holidays_are_kept_by_day_one_per_day() -> None:
    form = loaded()
    form.add_holiday("2024-06-10", False, "端午节")
    form.add_holiday("2024-05-01", False, "劳动节")
    form.add_holiday("2024-06-10", True, "端午调整")  # the same day again replaces it
    assert form.doc["holidays"] == [
        {"day": "2024-05-01", "working": False, "reason": "劳动节"},
        {"day": "2024-06-10", "working": True, "reason": "端午调整"},
    ]
    form.remove_holiday("2024-05-01")
    assert form.doc["holidays"] == [{"day": "2024-06-10", "working": True, "reason": "端午调整"}]
    config, settings = build(HallConfigDoc.model_validate(form.to_document()))
    assert [h.day.isoformat() for h in settings.doc.holidays] == ["2024-06-10"]
    assert config.hall_id == "busy-hall"


def test_reading_the_document() -> None:
    form = loaded()
    assert form.queue_codes == ["pickup", "consult", "social", "one_thing", "company", "property"]
    assert form.queue("social")["name_zh"] == "社保医保"
    assert (form.weight(1, "one_thing"), form.weight(1, "consult"), form.weight(1, "pickup")) == (
        2,
        0,
        None,
    )
    assert form.sessions_text() == "08:30-12:00，13:00-17:30"
    with pytest.raises(KeyError):
        form.queue("nothing")
    with pytest.raises(KeyError):
        form.weight(99, "social")
    # `queue` gives a copy: changing it is not an edit.
    form.queue("social")["name_zh"] = "改名"
    assert form.queue("social")["name_zh"] == "社保医保"
    assert not form.dirty


def test_dirty_and_the_version() -> None:
    form = ConfigForm()
    assert (form.doc, form.version, form.dirty) == ({}, None, False)
    doc = sample_doc()
    form.load(doc, '"1"')
    assert (form.version, form.dirty) == ('"1"', False)
    form.set_cut_off("15")
    assert form.dirty
    # The server's answer to the save: a new version, clean again.
    saved = form.to_document() | {"version": 2}
    form.load(saved, '"2"')
    assert (form.version, form.dirty, form.doc["cut_off_minutes"]) == ('"2"', False, 15)


def test_the_form_holds_its_own_copy() -> None:
    doc = sample_doc()
    form = ConfigForm()
    form.load(doc, '"1"')
    doc["windows"][0]["serves"].clear()  # the caller's dict changes afterwards
    assert form.weight(1, "one_thing") == 2
    produced = form.to_document()
    produced["cut_off_minutes"] = 0
    assert form.doc["cut_off_minutes"] == 30
    form.set_cut_off("45")
    assert produced["cut_off_minutes"] == 0
