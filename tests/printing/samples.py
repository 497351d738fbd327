"""Sample notices of all six kinds, built from the fixture catalog the case tests use."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hallcore.case.notices import HallProfile, Handler, Notice, NoticeKind, build_notice
from hallcore.case.precheck import precheck
from printing.notices_pdf import NoticeOptions
from tests.hallcore.case.builders import (
    CATALOG,
    FIELDS,
    TODAY,
    lifecycle,
    notice_files,
)

HALL = HallProfile(
    "句容市政务服务中心", "句政服", "12345", "扫描本通知书二维码，或拨打0511-87266630查询"
)
HANDLER = Handler("王*", "0511-87266630")
QR_URL = "https://zwfw.example.gov.cn/p/7Kx9pQ2m"
LC = lifecycle()


FILES = notice_files()


def notice(kind: NoticeKind, seq: int = 7) -> Notice:
    return build_notice(
        kind, FILES[kind], hall=HALL, handler=HANDLER, fields=FIELDS, issued_on=TODAY, seq=seq
    )


def options(kind: NoticeKind) -> NoticeOptions:
    file = FILES[kind]
    checklist = None
    if kind is NoticeKind.CHECKLIST:
        checklist = precheck(file.case, FIELDS, TODAY).resolution.checklist
    names = {code: CATALOG.department(code).name for code in CATALOG.departments}
    return NoticeOptions(QR_URL, department_names=names, checklist=checklist)


def long_supplement(count: int = 40) -> Notice:
    """A 补正告知书 long enough for several pages: the request's findings, repeated."""
    base = notice(NoticeKind.SUPPLEMENT)
    items = tuple(
        replace(f, subject_name=f"{f.subject_name}（第{i + 1}组）")
        for i in range(count // len(base.supplement_items) + 1)
        for f in base.supplement_items
    )[:count]
    return replace(base, supplement_items=items)


ISSUED = dt.datetime(2024, 9, 27, 9, 30)
