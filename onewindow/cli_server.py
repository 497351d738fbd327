"""`onewindow server [--db URL] [--host H] [--port P] [--dev]`: run the hall server (uvicorn)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
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
    server.add_argument(
        "--demo",
        metavar="DIR",
        type=Path,
        help="演示大厅：开发模式，在 DIR 中的 SQLite 上建好窗口、账号、设备与电子证照 / demo hall",
    )
    server.set_defaults(run=run_server)


def run_server(args: argparse.Namespace) -> int:
    import uvicorn

    from hall_server.app import create_app
    from hall_server.settings import Settings, SettingsError

    try:
        demo = getattr(args, "demo", None)
        if demo:
            demo.mkdir(parents=True, exist_ok=True)
        db_url = args.db or (f"sqlite:///{demo / 'hall.sqlite3'}" if demo else None)
        settings = Settings.from_env(db_url=db_url, dev=(args.dev or bool(demo)) or None)
        app = create_app(settings)
    except SettingsError as error:
        print(f"onewindow server: {error}", file=sys.stderr)
        return 2
    if demo:
        from hall_server.demo import describe, seed_demo

        credentials, new = seed_demo(app.state.server, demo)
        print(
            describe(credentials) if new else f"演示大厅已就绪 / demo hall ready: {demo}",
            flush=True,
        )
    print(f"一窗通大厅服务 http://{args.host}:{args.port}/api/v1/docs  {settings!r}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
