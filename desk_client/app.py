"""The desk application: ``onewindow desk --server URL [--store PATH]``.

`main(argv)` starts Qt through `hallui.bootstrap`, loads the catalog, shows the login screen;
after login the clerk works the queue and the case, and a killed desk, restarted on the same
store, offers the open case again.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer

from desk_client.window import DeskOptions, DeskWindow
from hallcore.catalog import load_catalog
from hallui.bootstrap import create_application
from hallui.dialogs import QtDialogService

__all__ = ["main"]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="onewindow desk", description="一窗通 综合窗口客户端")
    p.add_argument("--server", required=True, help="大厅服务器地址，如 http://127.0.0.1:8000")
    p.add_argument("--store", type=Path, default=Path("desk.sqlite3"), help="本机存储文件")
    p.add_argument("--hall", default="busy-hall", help="大厅编号")
    p.add_argument("--notice-dir", type=Path, default=None, help="告知书 PDF 保存目录")
    p.add_argument("--printer", default="", help="告知书打印机（lp 队列名）")
    p.add_argument("--user", default="", help="自动登录用户名（配合 ONEWINDOW_DESK_PASSWORD）")
    p.add_argument("--window", type=int, default=1)
    p.add_argument("--quit-after-ms", type=int, default=0)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    import os

    args = parser().parse_args(argv)
    app = create_application("desk")
    dialogs = QtDialogService()
    window = DeskWindow(
        DeskOptions(
            server=args.server,
            store_path=args.store,
            hall_id=args.hall,
            notice_dir=args.notice_dir,
            notice_printer=args.printer,
        ),
        load_catalog(),
        dialogs,
    )
    dialogs.parent = window
    window.resize(1366, 768)
    window.show()
    password = os.environ.get("ONEWINDOW_DESK_PASSWORD", "")
    if args.user and password:
        window.login(args.user, password, args.window)
    if args.quit_after_ms:
        QTimer.singleShot(args.quit_after_ms, app.quit)
    try:
        return app.exec()
    finally:
        window.shutdown()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
