"""One PDF per material, with GB/T 42727-2023 style metadata for each page.

GB/T 42727-2023《政务服务事项电子文件归档规范》asks that scanned materials carry descriptive
metadata and fixity information. Each page here records: material code (材料编码), page number
(页码), time scanned (扫描时间), operator (扫描人), source device (来源), resolution (分辨率),
colour mode (色彩模式), format (格式), size and SHA-256 (哈希值) of the stored page image — the
exact bytes embedded in the PDF for JPEG pages; for G4 pages the TIFF file the strip came from.
The element labels follow the standard's vocabulary; the exact element names of its annex were
not available to check (see docs/scanning/README.md).

Pure: times arrive with the pages (stamped by the caller's clock), nothing here reads the clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import img2pdf

from scanning.errors import ErrorCode, ScanError
from scanning.processing import ProcessedPage, ProcessOptions, process_page
from scanning.source import StampedPage

PRODUCER = "OneWindow scanning"  # ASCII: img2pdf writes it into XMP as ASCII


@dataclass(frozen=True)
class MaterialInfo:
    material_code: str  # 材料编码, from the catalog, e.g. "M-CSYXZM"
    operator: str  # 扫描人: the clerk's staff id or name
    material_name: str = ""  # 材料名称, e.g. 出生医学证明
    case_number: str = ""  # 办件编号, when the case exists already


@dataclass(frozen=True)
class PageRecord:
    material_code: str
    page_number: int  # 1-based, after blank pages are dropped
    scanned_at: datetime
    operator: str
    source: str
    dpi: int
    mode: str
    mime: str
    width: int
    height: int
    size_bytes: int
    sha256: str
    skew: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "材料编码": self.material_code,
            "页码": self.page_number,
            "扫描时间": self.scanned_at.isoformat(),
            "扫描人": self.operator,
            "来源": self.source,
            "分辨率": self.dpi,
            "色彩模式": self.mode,
            "格式": self.mime,
            "像素": [self.width, self.height],
            "字节数": self.size_bytes,
            "哈希算法": "SHA-256",
            "哈希值": self.sha256,
            "纠偏角度": self.skew,
        }


@dataclass(frozen=True)
class DroppedPage:
    source: str
    scanned_at: datetime
    reason: str  # 空白页 (blank page)
    ink_ratio: float


@dataclass(frozen=True)
class MaterialPage:
    processed: ProcessedPage
    scanned_at: datetime
    source: str


@dataclass
class Material:
    info: MaterialInfo
    pdf: bytes
    pages: list[PageRecord]
    dropped: list[DroppedPage] = field(default_factory=list)

    @property
    def pdf_sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    def manifest(self) -> dict[str, Any]:
        """The metadata as a JSON-ready mapping (Chinese element names, as filed)."""
        return {
            "标准": "GB/T 42727-2023",
            "材料编码": self.info.material_code,
            "材料名称": self.info.material_name,
            "办件编号": self.info.case_number,
            "扫描人": self.info.operator,
            "页数": len(self.pages),
            "文件哈希值": self.pdf_sha256,
            "页面": [record.as_dict() for record in self.pages],
            "剔除页面": [
                {"来源": d.source, "扫描时间": d.scanned_at.isoformat(), "原因": d.reason}
                for d in self.dropped
            ],
        }

    def save(self, folder: Path) -> tuple[Path, Path]:
        """Write `<code>.pdf` and `<code>.json` into `folder`; return both paths."""
        folder.mkdir(parents=True, exist_ok=True)
        stem = self.info.material_code
        pdf_path, json_path = folder / f"{stem}.pdf", folder / f"{stem}.json"
        pdf_path.write_bytes(self.pdf)
        json_path.write_text(
            json.dumps(self.manifest(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        return pdf_path, json_path


def build_material(info: MaterialInfo, pages: Sequence[MaterialPage]) -> Material:
    """Drop blank pages, number the rest and bind them into one PDF (images embedded as is)."""
    kept = [page for page in pages if not page.processed.blank]
    dropped = [
        DroppedPage(page.source, page.scanned_at, "空白页 (blank page)", page.processed.ink_ratio)
        for page in pages
        if page.processed.blank
    ]
    if not kept:
        raise ScanError(ErrorCode.NO_PAGES, where=info.material_code)
    records = [
        PageRecord(
            material_code=info.material_code,
            page_number=number,
            scanned_at=page.scanned_at,
            operator=info.operator,
            source=page.source,
            dpi=page.processed.dpi,
            mode=page.processed.mode.value,
            mime=page.processed.mime,
            width=page.processed.width,
            height=page.processed.height,
            size_bytes=len(page.processed.data),
            sha256=page.processed.sha256,
            skew=page.processed.skew,
        )
        for number, page in enumerate(kept, start=1)
    ]
    first = min(page.scanned_at for page in kept)
    last = max(page.scanned_at for page in kept)
    title = (
        f"{info.material_name}（{info.material_code}）"
        if info.material_name
        else info.material_code
    )
    pdf = img2pdf.convert(
        [page.processed.data for page in kept],
        engine=img2pdf.Engine.internal,
        title=title,
        author=info.operator,
        subject=info.case_number or None,
        keywords=[f"材料编码:{info.material_code}", "GB/T 42727-2023"],
        creator=PRODUCER,
        producer=PRODUCER,
        creationdate=first,
        moddate=last,
    )
    return Material(info, pdf, records, dropped)


def material_from_batch(
    info: MaterialInfo, pages: Sequence[StampedPage], options: ProcessOptions | None = None
) -> Material:
    """Process every scanned page and bind the material (the whole pipeline, one call)."""
    processed = [
        MaterialPage(process_page(p.page.image, p.page.dpi, options), p.scanned_at, p.page.source)
        for p in pages
    ]
    return build_material(info, processed)
