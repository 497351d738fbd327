"""The hall configuration: checked when built, time in the hall's zone, issuing hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from hallcore.queue import (
    ConfigError,
    ErrorCode,
    HallConfig,
    PriorityRatio,
    QueueConfig,
    QueueError,
    Serve,
    Session,
    WindowConfig,
)
from tests.hallcore.queue.halls import DAY, at, hall

QUEUES = (QueueConfig("A", "A", "甲"), QueueConfig("B", "B", "乙"))


def build(**changes: object) -> HallConfig:
    fields: dict[str, object] = {
        "hall_id": "h",
        "name_zh": "大厅",
        "queues": QUEUES,
        "windows": (WindowConfig(1, "1号", (Serve("A"),)),),
    }
    fields.update(changes)
    return HallConfig(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"queues": (*QUEUES, QueueConfig("A", "C", "丙"))}, "队列代码重复"),
        ({"queues": (*QUEUES, QueueConfig("C", "A", "丙"))}, "号码前缀重复"),
        ({"queues": (QueueConfig("A", "a1", "甲"),)}, "大写字母"),
        ({"windows": (WindowConfig(1, "1号", (Serve("Z"),)),)}, "队列不存在"),
        ({"windows": (WindowConfig(1, "1号", (Serve("A", 0),)),)}, "权重大于0"),
        ({"windows": (WindowConfig(1, "1号", (Serve("A", -1),)),)}, "不能为负数"),
        (
            {
                "windows": (
                    WindowConfig(1, "1号", (Serve("A"),)),
                    WindowConfig(1, "又1号", (Serve("B"),)),
                )
            },
            "窗口号重复",
        ),
        ({"priority_ratio": PriorityRatio(2, 0)}, "优先比例"),
        ({"time_zone": "Mars/Olympus"}, "未知的时区"),
        ({"sessions": (Session(time(9), time(12)), Session(time(11), time(14)))}, "重叠"),
        (
            {
                "queues": (
                    QueueConfig("A", "A", "甲", themes=("birth",)),
                    QueueConfig("B", "B", "乙", themes=("birth",)),
                )
            },
            "多个队列",
        ),
    ],
)
def test_an_inconsistent_config_is_refused_with_both_messages(
    changes: dict[str, object], fragment: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        build(**changes)
    assert fragment in caught.value.message_zh
    assert caught.value.message_en
    assert caught.value.code is ErrorCode.CONFIG


def test_business_date_is_the_halls_not_utcs() -> None:
    config = hall()
    # 17:30 UTC on 6 May is 01:30 on 7 May in Shanghai (The Q numbered wrong after 5 p.m.).
    evening_utc = datetime(2024, 5, 6, 17, 30, tzinfo=UTC)
    assert config.business_date(evening_utc) == DAY + timedelta(days=1)
    assert config.business_date(at(config, "23:59")) == DAY


def test_naive_times_are_refused() -> None:
    with pytest.raises(QueueError) as caught:
        hall().business_date(datetime(2024, 5, 6, 9))
    assert caught.value.code is ErrorCode.NAIVE_TIME


def test_issuing_hours_and_cut_off() -> None:
    config = hall()
    assert config.check_issuing(at(config, "09:00")).start == time(9)
    with pytest.raises(QueueError) as early:
        config.check_issuing(at(config, "08:59"))
    assert early.value.code is ErrorCode.HALL_CLOSED
    assert "09:00–12:00" in early.value.message_zh
    with pytest.raises(QueueError) as late:
        config.check_issuing(at(config, "11:45"))
    assert late.value.code is ErrorCode.CUT_OFF
    assert "上午取号已截止" in late.value.message_zh


def test_issuing_seconds_counts_only_sessions_up_to_the_cut_off() -> None:
    config = hall()
    # 11:00–14:00: 11:00–11:30 (cut-off) and 13:30–14:00 -> one hour
    assert config.issuing_seconds(at(config, "11:00"), at(config, "14:00")) == 3600.0
    assert config.issuing_seconds(at(config, "16:40"), at(config, "17:30")) == 0.0


def test_look_ups_refuse_unknown_names_in_both_languages() -> None:
    config = hall()
    for call in (
        lambda: config.queue("Z"),
        lambda: config.window(99),
        lambda: config.priority_class("vip"),
        lambda: config.queue_for_theme("nothing"),
    ):
        with pytest.raises(QueueError) as caught:
            call()
        assert caught.value.message_zh
        assert caught.value.message_en


def test_priority_classes_name_their_proof_and_green_is_staff_only() -> None:
    config = hall()
    for code in ("elderly", "disabled", "military", "pregnant", "green"):
        klass = config.priority_class(code)
        assert klass.proof_zh
        assert klass.proof_en
    assert config.is_green("green")
    assert config.priority_class("green").needs_staff
    assert not config.is_green("elderly")
    assert not config.is_green(None)
