"""`onewindow printer test`, through its own parser (the lead registers it in onewindow.cli)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PIL import Image

from onewindow import cli_printer
from tests.printing.escpos_decode import decode, stitch


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="onewindow")
    cli_printer.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    result: int = args.run(args)
    return result


def test_out_writes_bytes_and_preview(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("printer", "test", "--out", str(tmp_path), "--width", "384", "--printer", "") == 0
    data = (tmp_path / "ticket-384.bin").read_bytes()
    preview = Image.open(tmp_path / "ticket-384.png")
    assert preview.width == 384
    assert stitch(decode(data)).tobytes() == preview.convert("1").tobytes()
    assert "已写入" in capsys.readouterr().out


def test_sends_to_a_file_printer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "lp0"
    assert run("printer", "test", "--printer", f"file://{target}?width=576") == 0
    assert decode(target.read_bytes())[-1].name == "GS V"
    assert "请取走您的排队票" in capsys.readouterr().out


def test_printer_trouble_exits_1_with_the_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("printer", "test", "--printer", f"file://{tmp_path}/missing/lp0") == 1
    assert "打印机未连接或未开机" in capsys.readouterr().out


def test_no_printer_configured(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("printer", "test", "--printer", "") == 2
    assert "没有配置打印机" in capsys.readouterr().out
    assert run("printer", "test", "--printer", "lpt://1") == 2
    assert "打印机配置有误" in capsys.readouterr().out
