"""The report model (`report_from_json`) and the Chinese names it and the other screens use.
The report body is built in the server's own response model (`ReportOut`), and every figure
expected here is worked out by hand from it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hall_server.reports import (
    OneThingFigures,
    RatingFigures,
    RatingGroup,
    ReportOut,
    ServiceFigures,
    TicketCounts,
    WaitFigures,
)
from manager.model.names import channel_name, theme_name
from manager.model.report import Report, ReportTable, report_from_json


def report_body(first: date = date(2024, 5, 6), last: date = date(2024, 5, 6)) -> dict[str, Any]:
    body: dict[str, Any] = ReportOut(
        start=first,
        end=last,
        tickets=TicketCounts(
            total=12,
            by_theme={"social_insurance": 5, "pickup": 3, "birth": 3, "": 1},
            by_channel={"kiosk": 9, "window": 2, "appointment": 1},
        ),
        waits=WaitFigures(count=10, mean_seconds=754.0, p90_seconds=3900.0, over_target_share=0.25),
        service=ServiceFigures(count=8, mean_seconds=None, p90_seconds=None),
        no_shows=1,
        no_show_share=1 / 12,
        one_thing=OneThingFigures(
            cases=4, multi_item=3, share_of_cases=0.75, share_of_tickets=0.25
        ),
        ratings=RatingFigures(
            count=8,
            levels={"5": 5, "4": 1, "1": 2},
            by_window=[RatingGroup(key="1", count=5, mean=4.2, bad=1),
                       RatingGroup(key="未知", count=3, mean=10 / 3, bad=1)],
            by_theme=[RatingGroup(key="birth", count=8, mean=3.875, bad=2)],
            by_clerk=[RatingGroup(key="张三", count=8, mean=3.875, bad=2)],
            follow_up_states={"open": 2},
        ),
    ).model_dump(mode="json", by_alias=True)  # fmt: skip
    return body


def test_the_summary() -> None:
    report = report_from_json(report_body(), "示例县政务服务中心")
    assert report.table("总体") == ReportTable(
        "总体",
        ("指标", "数值"),
        (
            ("取号总数", "12"),
            ("已叫号（计入等待统计）", "10"),
            ("平均等待", "13分钟"),  # 754 s = 12.6 minutes
            ("90%的人等待不超过", "1小时05分"),  # 3900 s = 65 minutes
            ("等待超过目标的比例", "25.0%"),
            ("已办结", "8"),
            ("平均办理时长", "—"),  # no figure
            ("90%的办理不超过", "—"),
            ("过号（未到）", "1"),
            ("过号比例", "8.3%"),
            ("受理办件", "4"),
            ("其中“一件事”（多事项联办）", "3"),
            ("“一件事”办件占比", "75.0%"),
            ("评价总数", "8"),
            ("评价：非常满意", "5"),
            ("评价：满意", "1"),
            ("评价：基本满意", "0"),  # a level nobody gave
            ("评价：不满意", "0"),
            ("评价：非常不满意", "2"),
        ),
    )


def test_tickets_by_theme_and_channel_add_up() -> None:
    report = report_from_json(report_body(), "示例县政务服务中心")
    by_theme = report.table("按主题取号")
    assert by_theme.headers == ("主题", "取号数", "占比")
    # Most first; a tie (3 and 3) by code: birth before pickup.
    assert by_theme.rows == (
        ("社保", "5", "41.7%"),
        ("新生儿出生“一件事”", "3", "25.0%"),
        ("取件", "3", "25.0%"),
        ("未分主题", "1", "8.3%"),
    )
    assert sum(int(row[1]) for row in by_theme.rows) == 12
    assert report.table("按渠道取号").rows == (
        ("自助终端", "9", "75.0%"),
        ("窗口代取", "2", "16.7%"),
        ("预约", "1", "8.3%"),
    )


def test_ratings_tables() -> None:
    report = report_from_json(report_body(), "示例县政务服务中心")
    assert report.table("评价（按窗口）") == ReportTable(
        "评价（按窗口）",
        ("窗口", "评价数", "平均分", "差评数"),
        (("1号窗口", "5", "4.20", "1"), ("未知", "3", "3.33", "1")),
    )
    assert report.table("评价（按主题）").rows == (("新生儿出生“一件事”", "8", "3.88", "2"),)
    assert report.table("评价（按工作人员）").rows == (("张三", "8", "3.88", "2"),)


def test_titles_and_periods() -> None:
    day = report_from_json(report_body(), "示例县政务服务中心")
    assert day.period_text == "2024年05月06日"
    assert day.title == "示例县政务服务中心 运行报表（2024年05月06日）"
    week = report_from_json(report_body(date(2024, 5, 6), date(2024, 5, 10)), "小厅")
    assert (week.first, week.last) == (date(2024, 5, 6), date(2024, 5, 10))
    assert week.title == "小厅 运行报表（2024年05月06日 至 2024年05月10日）"
    assert [t.title for t in week.tables] == [
        "总体",
        "按主题取号",
        "按渠道取号",
        "评价（按窗口）",
        "评价（按主题）",
        "评价（按工作人员）",
    ]
    with pytest.raises(KeyError):
        week.table("按月")


def test_an_empty_day() -> None:
    body = report_body()
    body["tickets"] = {"total": 0, "by_theme": {}, "by_channel": {}}
    body["waits"] = {"count": 0, "mean_seconds": None, "p90_seconds": None, "over_target_share": 0}
    report: Report = report_from_json(body, "小厅")
    summary = {row[0]: row[1] for row in report.table("总体").rows}
    assert (summary["取号总数"], summary["平均等待"], summary["等待超过目标的比例"]) == (
        "0",
        "—",
        "0.0%",
    )
    assert report.table("按主题取号").rows == ()


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("social_insurance", "社保"),  # the hall's own queue themes
        ("birth", "新生儿出生“一件事”"),
        (None, "未分主题"),
        ("", "未分主题"),
        ("BIRTH", "新生儿出生“一件事”"),  # the shipped catalog's codes
        ("marriage", "结婚“一件事”"),  # … in any case
        ("POSTHUMOUS", "公民身后“一件事”（正常死亡）"),
        ("tax_refund", "tax_refund"),  # unknown: shown as it is
    ],
)
def test_theme_names(code: str | None, name: str) -> None:
    assert theme_name(code) == name


@pytest.mark.parametrize(
    ("code", "name"),
    [("kiosk", "自助终端"), ("window", "窗口代取"), ("appointment", "预约"), ("mobile", "手机"),
     ("fax", "fax")],
)  # fmt: skip
def test_channel_names(code: str, name: str) -> None:
    assert channel_name(code) == name
