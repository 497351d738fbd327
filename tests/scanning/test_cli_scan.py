"""`onewindow scan test` through its own parser (registration in onewindow/cli.py comes later)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from onewindow import cli_scan


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="onewindow")
    cli_scan.add_parser(parser.add_subparsers())
    args = parser.parse_args(["scan", "test", *argv])
    result: int = args.run(args)
    return result


def test_lists_the_sane_test_device(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--list-only") == 0
    assert "frontend-tester (test:0)" in capsys.readouterr().out


def test_scans_one_page_to_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "page.png"
    assert run("--device", "test", "--dpi", "100", "--output", str(out)) == 0
    with Image.open(out) as image:
        assert image.size == (314, 393)
    assert "已保存到" in capsys.readouterr().out


def test_scans_one_page_to_pdf_with_the_first_device(tmp_path: Path) -> None:
    out = tmp_path / "page.pdf"
    assert run("--dpi", "100", "--output", str(out)) == 0
    document = pdfium.PdfDocument(out)
    assert len(document) == 1
    document.close()


def test_unknown_device_fails_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--device", "nosuch:0", "--output", str(tmp_path / "x.png")) == 1
    assert "扫描设备已断开或不存在" in capsys.readouterr().out
