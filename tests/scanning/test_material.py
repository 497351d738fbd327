"""One PDF per material: blank pages dropped, pages numbered, metadata and hashes recorded."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from scanning.errors import ErrorCode, ScanError
from scanning.material import MaterialInfo, material_from_batch
from scanning.source import RawPage, StampedPage
from scanning.synthetic import PageSpec, make_page
from tests.scanning.conftest import CST

START = datetime(2026, 3, 2, 9, 30, tzinfo=CST)
INFO = MaterialInfo("M-CSYXZM", "窗口03-李四", "出生医学证明", "BJ20260302-0007")


def batch(*specs: PageSpec) -> list[StampedPage]:
    return [
        StampedPage(RawPage(make_page(spec), 200, "sane:test", i), START + timedelta(seconds=7 * i))
        for i, spec in enumerate(specs)
    ]


@pytest.fixture(scope="module")
def material():  # type: ignore[no-untyped-def]
    pages = batch(PageSpec(angle=2.0), PageSpec(lines=0, dust=80), PageSpec(seed=4, seal=True))
    return material_from_batch(INFO, pages)


def test_blank_page_is_dropped_and_the_rest_numbered(material) -> None:  # type: ignore[no-untyped-def]
    assert [r.page_number for r in material.pages] == [1, 2]
    assert [r.scanned_at for r in material.pages] == [START, START + timedelta(seconds=14)]
    assert len(material.dropped) == 1
    assert material.dropped[0].scanned_at == START + timedelta(seconds=7)


def test_pdf_has_one_page_per_kept_scan_at_a4(material, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = pdfium.PdfDocument(material.pdf)
    assert len(document) == 2
    width, height = document[0].get_size()
    assert abs(width - 595) < 3
    assert abs(height - 842) < 3
    meta = document.get_metadata_dict()
    assert meta["Title"] == "出生医学证明（M-CSYXZM）"
    assert meta["Author"] == "窗口03-李四"
    assert meta["Subject"] == "BJ20260302-0007"
    assert meta["CreationDate"] == "D:20260302013000Z"  # 09:30 in Beijing, as UTC
    document.close()
    # poppler sees the embedded images as stored: a G4 page and a colour JPEG page
    path = tmp_path / "m.pdf"
    path.write_bytes(material.pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    if listing.returncode == 0:
        assert " ccitt " in listing.stdout
        assert " jpeg " in listing.stdout


def test_records_carry_the_gbt_42727_metadata(material) -> None:  # type: ignore[no-untyped-def]
    record = material.pages[0].as_dict()
    assert record["材料编码"] == "M-CSYXZM"
    assert record["页码"] == 1
    assert record["扫描时间"] == "2026-03-02T09:30:00+08:00"
    assert record["扫描人"] == "窗口03-李四"
    assert record["来源"] == "sane:test"
    assert record["分辨率"] == 200
    assert len(record["哈希值"]) == 64


def test_jpeg_page_hash_is_of_the_bytes_in_the_pdf(material) -> None:  # type: ignore[no-untyped-def]
    colour = material.pages[1]
    assert colour.mime == "image/jpeg"
    document = pdfium.PdfDocument(material.pdf)
    [image] = list(document[1].get_objects())
    embedded = image.get_data(decode_simple=False)
    document.close()
    assert hashlib.sha256(bytes(embedded)).hexdigest() == colour.sha256


def test_manifest_and_save(material, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf_path, json_path = material.save(tmp_path)
    assert pdf_path.name == "M-CSYXZM.pdf"
    manifest = json.loads(json_path.read_text(encoding="utf-8"))
    assert manifest["标准"] == "GB/T 42727-2023"
    assert manifest["页数"] == 2
    assert manifest["文件哈希值"] == hashlib.sha256(pdf_path.read_bytes()).hexdigest()


def test_same_input_same_pdf() -> None:
    pages = batch(PageSpec(angle=-1.0, seed=9))
    assert material_from_batch(INFO, pages).pdf == material_from_batch(INFO, pages).pdf


def test_all_blank_is_an_error() -> None:
    with pytest.raises(ScanError) as caught:
        material_from_batch(INFO, batch(PageSpec(lines=0)))
    assert caught.value.code is ErrorCode.NO_PAGES
