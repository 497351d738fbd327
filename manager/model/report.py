"""A report for a day or a range, as tables of text, Qt-free: what the reports screen shows and
what `manager.export` writes to CSV, XLSX and PDF.

`report_from_json` reads the server's `GET /reports?from=&to=`: tickets by theme and channel;
waits (mean, p90, share over the target); service times; no-shows; the share of cases handled
as 一件事; ratings by window, theme and clerk. Each part becomes one `ReportTable`, so the
exporters know tables, not reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from manager.format import minutes_text, percent_text
from manager.model.names import channel_name, theme_name

__all__ = ["Report", "ReportTable", "report_from_json"]


@dataclass(frozen=True, slots=True)
class ReportTable:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Report:
    hall_name: str
    first: date
    last: date
    tables: tuple[ReportTable, ...]

    @property
    def period_text(self) -> str:
        if self.first == self.last:
            return f"{self.first:%Y年%m月%d日}"
        return f"{self.first:%Y年%m月%d日} 至 {self.last:%Y年%m月%d日}"

    @property
    def title(self) -> str:
        return f"{self.hall_name} 运行报表（{self.period_text}）"

    def table(self, title: str) -> ReportTable:
        for table in self.tables:
            if table.title == title:
                return table
        raise KeyError(title)


def _int(value: Any) -> str:
    return str(int(value)) if isinstance(value, int | float) else "—"


def _seconds(value: Any) -> str:
    return minutes_text(float(value)) if isinstance(value, int | float) else "—"


def _share(value: Any) -> str:
    return percent_text(float(value)) if isinstance(value, int | float) else "—"


def _counts(title: str, label: str, counts: dict[str, int], name: Any) -> ReportTable:
    total = sum(counts.values())
    rows = [
        (name(key), str(count), percent_text(count / total if total else None))
        for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return ReportTable(title, (label, "取号数", "占比"), tuple(rows))


def _groups(title: str, label: str, groups: list[dict[str, Any]], name: Any) -> ReportTable:
    return ReportTable(
        title,
        (label, "评价数", "平均分", "差评数"),
        tuple(
            (name(str(g["key"])), _int(g["count"]), f"{float(g['mean']):.2f}", _int(g["bad"]))
            for g in groups
        ),
    )


def _window_name(key: str) -> str:
    return f"{key}号窗口" if key.isdigit() else key


def report_from_json(body: dict[str, Any], hall_name: str) -> Report:
    """The server's report (`ReportOut`) as tables; codes become Chinese names."""
    first = date.fromisoformat(str(body["from"]))
    last = date.fromisoformat(str(body["to"]))
    tickets = body["tickets"]
    waits = body["waits"]
    service = body["service"]
    one_thing = body["one_thing"]
    ratings = body["ratings"]
    levels = ratings.get("levels") or {}
    summary = ReportTable(
        "总体",
        ("指标", "数值"),
        (
            ("取号总数", _int(tickets["total"])),
            ("已叫号（计入等待统计）", _int(waits["count"])),
            ("平均等待", _seconds(waits["mean_seconds"])),
            ("90%的人等待不超过", _seconds(waits["p90_seconds"])),
            ("等待超过目标的比例", _share(waits["over_target_share"])),
            ("已办结", _int(service["count"])),
            ("平均办理时长", _seconds(service["mean_seconds"])),
            ("90%的办理不超过", _seconds(service["p90_seconds"])),
            ("过号（未到）", _int(body["no_shows"])),
            ("过号比例", _share(body["no_show_share"])),
            ("受理办件", _int(one_thing["cases"])),
            ("其中“一件事”（多事项联办）", _int(one_thing["multi_item"])),
            ("“一件事”办件占比", _share(one_thing["share_of_cases"])),
            ("评价总数", _int(ratings["count"])),
            *(
                (f"评价：{label}", _int(levels.get(str(level), 0)))
                for level, label in ((5, "非常满意"), (4, "满意"), (3, "基本满意"),
                                     (2, "不满意"), (1, "非常不满意"))
            ),
        ),
    )  # fmt: skip
    return Report(
        hall_name,
        first,
        last,
        (
            summary,
            _counts("按主题取号", "主题", tickets["by_theme"], theme_name),
            _counts("按渠道取号", "渠道", tickets["by_channel"], channel_name),
            _groups("评价（按窗口）", "窗口", ratings["by_window"], _window_name),
            _groups("评价（按主题）", "主题", ratings["by_theme"], theme_name),
            _groups("评价（按工作人员）", "工作人员", ratings["by_clerk"], str),
        ),
    )
