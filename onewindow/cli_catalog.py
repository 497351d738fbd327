"""`onewindow catalog check [PATH] [--override FILE]`: validate a catalog and list its themes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hallcore.catalog import Catalog, check_catalog
from onewindow import textable


def add_parser(subparsers: Any) -> None:
    catalog = subparsers.add_parser("catalog", help="事项目录工具 (catalog tools)")
    commands = catalog.add_subparsers(dest="catalog_command", metavar="COMMAND", required=True)
    check = commands.add_parser(
        "check",
        help="检查目录并列出主题 (check a catalog and list its themes)",
        description="检查目录文件夹中的全部 YAML 文件，一次列出全部问题；没有问题时列出主题表。",
    )
    check.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="目录文件夹（默认：随软件发布的目录） / catalog folder (default: the shipped one)",
    )
    check.add_argument(
        "--override",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="大厅覆盖文件，可多次给出 / a hall override file (repeatable)",
    )
    check.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    for override in args.override:
        if not override.is_file():
            print(f"找不到覆盖文件：{override} (override file not found)")
            return 1
    catalog, problems = check_catalog(args.path, args.override)
    if catalog is None:
        for problem in problems:
            print(problem)
        count = len(problems)
        print(f"\n目录检查未通过：共 {count} 处问题。(catalog check failed: {count} problem(s))")
        return 1
    print(theme_table(catalog))
    complete = len(catalog.complete_themes)
    outline = len(catalog.themes) - complete
    print(
        f"\n目录 {catalog.version}（{catalog.region}）检查通过："
        f"{len(catalog.themes)} 个主题（{complete} 个可受理，{outline} 个仅列部门），"
        f"{len(catalog.departments)} 个部门，{len(catalog.fields)} 个表单字段。"
    )
    print(
        f"(catalog {catalog.version} OK: {len(catalog.themes)} themes, {complete} complete, "
        f"{len(catalog.departments)} departments, {len(catalog.fields)} form fields)"
    )
    return 0


def theme_table(catalog: Catalog) -> str:
    headers = [
        "代码",
        "一件事",
        "对象",
        "状态",
        "队列",
        "事项",
        "材料",
        "表单",
        "时限",
        "部门（牵头在前）",
    ]
    rows = []
    # The themes a window can handle first, then the outlines; people before companies.
    ordered = sorted(catalog.themes, key=lambda t: (not t.complete, t.audience.value != "person"))
    for theme in ordered:
        lead, *cooperating = [catalog.department(code).short_name for code in theme.departments]
        rows.append(
            [
                theme.code,
                theme.name,
                theme.audience.label,
                "完整" if theme.complete else "概要",
                theme.queue,
                str(len(theme.items)),
                str(len(theme.materials)),
                str(len(theme.form)),
                "-" if theme.promised_working_days is None else f"{theme.promised_working_days}日",
                "；".join([lead, "、".join(cooperating)]) if cooperating else lead,
            ]
        )
    return textable.render(headers, rows)
