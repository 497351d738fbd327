"""`onewindow scan test`: list the scanning devices and scan one page to a file."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    scan = subparsers.add_parser("scan", help="扫描工具 (scanning tools)")
    commands = scan.add_subparsers(dest="scan_command", metavar="COMMAND", required=True)
    test = commands.add_parser(
        "test",
        help="列出扫描设备并扫描一页 (list devices and scan one page)",
        description=(
            "列出本机的扫描设备（SANE；Windows 上为 WIA/TWAIN），再用第一台（或 --device 指定的）"
            "设备扫描一页，保存为 PNG（原始图像）或 PDF（纠偏、裁边、压缩后）。"
        ),
    )
    test.add_argument(
        "--device",
        help="设备名，如 test 或 epson2:net:192.0.2.7 / device name (SANE's `test` always works)",
    )
    test.add_argument(
        "--output",
        type=Path,
        default=Path("scan-test.pdf"),
        help="输出文件 .png 或 .pdf（默认 scan-test.pdf） / output file",
    )
    test.add_argument("--dpi", type=int, default=200, help="分辨率 / resolution (default 200)")
    test.add_argument(
        "--list-only", action="store_true", help="只列出设备，不扫描 / list devices only"
    )
    test.set_defaults(run=run_test)


def _sources() -> list[Any]:
    import sys

    from scanning import sane_source

    sources: list[Any] = []
    if sane_source.available():
        sources.append(sane_source.SaneSource())
    if sys.platform == "win32":
        from scanning.windows import TwainSource, WiaSource

        sources += [source for source in (WiaSource(), TwainSource()) if source.available()]
    return sources


def run_test(args: argparse.Namespace) -> int:
    from scanning import ProcessOptions, ScanError, ScanSettings, collect
    from scanning.material import MaterialInfo, material_from_batch

    sources = _sources()
    found = []
    for source in sources:
        try:
            found += [(source, device) for device in source.devices()]
        except ScanError as error:
            print(f"[{source.kind}] {error}")
    if found:
        print("扫描设备 (devices):")
        for _, device in found:
            print(f"  [{device.kind}] {device.label}  {device.description}")
    else:
        print("没有找到扫描设备。(no scanning device found)")
    if args.list_only:
        return 0
    if args.device:
        chosen = next((s for s, d in found if d.name == args.device), None)
        if chosen is None and sources:
            chosen = sources[0]  # e.g. SANE's `test`, which opens without being listed
        name = args.device
    elif found:
        chosen, name = found[0][0], found[0][1].name
    else:
        chosen, name = None, ""
    if chosen is None:
        print("请用 --device 指定设备，例如 --device test。(give --device, e.g. --device test)")
        return 1
    result = collect(
        chosen, name, ScanSettings(dpi=args.dpi), clock=lambda: datetime.now().astimezone()
    )
    if not result.pages:
        print(result.summary())
        return 1
    stamped = result.pages[0]
    output: Path = args.output
    if output.suffix.lower() == ".pdf":
        info = MaterialInfo("SCAN-TEST", operator="scan-test", material_name="扫描测试")
        try:
            # A test scan is kept even if blank (SANE's `test` device scans solid black).
            material = material_from_batch(info, [stamped], ProcessOptions(drop_blank=False))
        except ScanError as error:
            print(error)
            return 1
        output.write_bytes(material.pdf)
        record = material.pages[0]
        print(
            f"已扫描 1 页：{record.width}×{record.height}，{record.dpi} dpi，{record.mode}，"
            f"{record.size_bytes // 1024} KB，SHA-256 {record.sha256[:16]}…"
        )
    else:
        stamped.page.image.save(output)
        width, height = stamped.page.image.size
        print(f"已扫描 1 页：{width}×{height}，{stamped.page.dpi} dpi（原始图像）")
    print(f"已保存到 {output} (saved to {output})")
    return 0
