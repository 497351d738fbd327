"""A `Report` written out, Qt-free: CSV (UTF-8 with a BOM, so Excel opens it as UTF-8), XLSX
(openpyxl, one sheet with every table), and a printable A4 PDF (reportlab, the bundled CJK font
embedded, tables that repeat their header across pages).

Every writer takes the report and a path and returns the path; a table's title is a row of its
own in CSV and XLSX, so one file holds the whole report.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from manager.model.report import Report

__all__ = ["write_csv", "write_pdf", "write_xlsx"]


def write_csv(report: Report, path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([report.title])
        for table in report.tables:
            writer.writerow([])
            writer.writerow([table.title])
            writer.writerow(table.headers)
            writer.writerows(table.rows)
    return path


def write_xlsx(report: Report, path: Path) -> Path:
    # openpyxl ships no type stubs (types-openpyxl is not a dependency).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "报表"
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DCE6F2")
    sheet.append([report.title])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    widths: dict[int, int] = {}
    for table in report.tables:
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append(list(table.headers))
        for column in range(1, len(table.headers) + 1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.font = bold
            cell.fill = head_fill
            cell.alignment = Alignment(horizontal="center")
        for row in table.rows:
            sheet.append([_cell_value(text) for text in row])
        for column, text in enumerate(table.headers, start=1):
            longest = max([len(text), *(len(r[column - 1]) for r in table.rows)])
            widths[column] = max(widths.get(column, 8), 2 * longest + 2)
    for column, width in widths.items():
        sheet.column_dimensions[chr(ord("A") + column - 1)].width = min(width, 40)
    book.save(path)
    return path


def _cell_value(text: str) -> Any:
    """Counts as numbers (Excel can sum them); everything else as the text shown."""
    return int(text) if text.isdigit() else text


def write_pdf(report: Report, path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    from printing.fonts import register_pdf_font
    from printing.notices_pdf import CJKText

    font = register_pdf_font()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=report.title,
    )
    story: list[Any] = [CJKText(report.title, 16, 24, bold=True, align="center", space_after=8)]
    for table in report.tables:
        story.append(CJKText(table.title, 12.5, 20, bold=True, space_after=3))
        if not table.rows:
            story.append(CJKText("（本期无数据）", 10.5, 16, space_after=6))
            continue
        first_width = 44 * mm
        rest = (doc.width - first_width) / max(1, len(table.headers) - 1)
        widths = [first_width] + [rest] * (len(table.headers) - 1)
        data = [[CJKText(h, 9.5, 13, bold=True, align="center") for h in table.headers]]
        data += [
            [
                CJKText(text, 9.5, 13, align="left" if i == 0 else "center")
                for i, text in enumerate(row)
            ]
            for row in table.rows
        ]
        story.append(
            Table(
                data,
                colWidths=widths,
                repeatRows=1,
                hAlign="LEFT",
                style=TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), font),
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8899AA")),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F2")),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                        ("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ]
                ),
            )
        )
        story.append(Spacer(1, 8))
    doc.build(story)
    return path
