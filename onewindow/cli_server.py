"""`onewindow server [--db URL] [--host H] [--port P] [--dev]`: run the hall server (uvicorn)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(subparsers: Any) -> None:
    server = subparsers.add_parser(
        "server",
        help="运行大厅服务 (run the hall server)",
        description=(
            "运行大厅服务：默认使用数据目录中的内嵌 SQLite，或以 --db 指定数据库"
            "（postgresql+psycopg://…）。加密密钥来自环境变量 ONEWINDOW_ENCRYPTION_KEY。"
        ),
    )
    server.add_argument("--db", metavar="URL", help="数据库地址 / database URL")
    server.add_argument("--host", default="127.0.0.1", help="监听地址 / host (default 127.0.0.1)")
    server.add_argument("--port", type=int, default=8000, help="端口 / port (default 8000)")
    server.add_argument(
        "--dev",
        action="store_true",
        help="开发模式：允许示例密钥，创建 admin/admin / development mode",
    )
    server.set_defaults(run=run_server)


def run_server(args: argparse.Namespace) -> int:
    import uvicorn

    from hall_server.app import create_app
    from hall_server.settings import Settings, SettingsError

    try:
        settings = Settings.from_env(db_url=args.db, dev=args.dev or None)
        app = create_app(settings)
    except SettingsError as error:
        print(f"onewindow server: {error}", file=sys.stderr)
        return 2
    print(f"一窗通大厅服务 http://{args.host}:{args.port}/api/v1/docs  {settings!r}")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
