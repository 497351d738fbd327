"""Printing a case's notice (Qt-free; runs on the worker thread): contents from hallcore's
`build_notice` on the replayed case file, layout by `printing.notices_pdf`, the PDF saved in
the notice folder and, when a printer is configured, handed to the system print queue (`lp`).

Document numbers: hallcore leaves allocating the sequence to the server, which has no route for
it yet, so the desk numbers from a counter in its own store (per terminal, per year), prefixed
with the window so two desks never print the same number.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk_client.model.case_data import replay
from hallcore.case import HallProfile, Handler, NoticeKind, build_notice
from hallcore.case.notices import NumberScheme
from hallcore.catalog import Catalog
from printing.notices_pdf import NoticeOptions, render_notice
from server_sync import Store

__all__ = ["PrintedNotice", "print_notice"]

log = logging.getLogger("onewindow.desk.notices")


@dataclass(frozen=True, slots=True)
class PrintedNotice:
    kind: str
    title: str
    number: str
    path: Path
    queued: bool  # handed to the print queue (False: saved only)


def _next_seq(store: Store, year: int) -> int:
    name = f"notice_seq_{year}"
    with store.transaction() as tx:
        cached = store.document(name)
        seq = int(cached.body) + 1 if cached is not None else 1
        store.put_document(name, seq, tx=tx)
    return seq


def print_notice(
    kind: NoticeKind,
    draft: dict[str, Any],
    *,
    catalog: Catalog,
    store: Store,
    folder: Path,
    hall_name: str,
    window: int,
    clerk: str,
    phone: str,
    issued_on: dt.date,
    printer: str = "",
) -> PrintedNotice:
    file = replay(draft, catalog)
    short = f"{hall_name[:2] or '政服'}{window}窗"
    hall = HallProfile(
        name=hall_name,
        short_name=short,
        complaint_phone="12345",
        progress_query="扫描右上角二维码，或拨打 12345 查询办理进度",
        pickup_place=f"{hall_name}一件事综合窗口",
        scheme=NumberScheme(),
    )
    notice = build_notice(
        kind,
        file,
        hall=hall,
        handler=Handler(clerk, phone),
        fields=catalog.fields,
        issued_on=issued_on,
        seq=_next_seq(store, issued_on.year),
    )
    departments = {code: d.name for code, d in catalog.departments.items()}
    pdf = render_notice(
        notice,
        NoticeOptions(qr_url=f"onewindow:case:{draft['case_id']}", department_names=departments),
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{draft['case_id']}-{kind.value}-{issued_on.year}-{notice.number[-6:-1]}.pdf"
    path.write_bytes(pdf)
    queued = False
    if printer and shutil.which("lp"):
        done = subprocess.run(
            ["lp", "-d", printer, str(path)], capture_output=True, timeout=30, check=False
        )
        queued = done.returncode == 0
        if not queued:
            log.warning("lp refused the notice (%s)", done.returncode)
    return PrintedNotice(kind.value, notice.title, notice.number, path, queued)
