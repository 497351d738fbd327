"""The server's settings: typed, checked once at start, never read from the environment at import.

`Settings.from_env()` reads `ONEWINDOW_*` variables; the CLI builds one from its flags. Outside
`--dev` the server refuses to start with the placeholder key (the FastAPI template's rule for its
`changethis` secret), and a pinned clock is a development-only switch.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import platformdirs
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

#: The key shipped in examples and used in development. Never good enough for a real hall.
PLACEHOLDER_KEY = "changethis"

DEFAULT_HALLS = "hallcore.queue.scenarios:busy_hall"


class SettingsError(ValueError):
    """A setting is wrong; the message says which and how to fix it (Chinese, then English)."""


def default_db_url() -> str:
    data = Path(platformdirs.user_data_dir("onewindow", appauthor=False))
    return f"sqlite:///{data / 'hall_server.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    """What the server needs to start. `encryption_key`: 32 bytes, base64 (urlsafe or not)."""

    db_url: str = field(default_factory=default_db_url)
    encryption_key: str = PLACEHOLDER_KEY
    dev: bool = False
    halls: tuple[str, ...] = (DEFAULT_HALLS,)
    #: Development only: the server's clock stands still at this instant (tests, demos at night).
    frozen_clock: datetime | None = None
    #: Seconds between SSE heartbeats (a comment line) on an idle stream.
    heartbeat_seconds: float = 15.0
    #: The first admin's password, used only when the hall has no user yet.
    admin_password: str | None = None
    #: Seconds a valid token is trusted without a database look-up (`auth.TokenCache`).
    token_cache_seconds: float = 2.0
    #: Days an `Idempotency-Key` and its stored result are kept (expired at start).
    idempotency_days: int = 7
    #: The largest page upload accepted (bytes); `ONEWINDOW_PAGE_MAX_BYTES`.
    page_max_bytes: int = 20 * 1024 * 1024
    #: argon2id memory cost per password hash (KiB). Below OWASP's 19 MiB only with --dev.
    argon2_memory_kib: int = 65536

    def __post_init__(self) -> None:
        try:
            url = make_url(self.db_url)
        except ArgumentError as exc:
            raise SettingsError(
                f"数据库地址无效：{self.db_url!r} / invalid database URL {self.db_url!r}"
            ) from exc
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise SettingsError(
                "只支持 SQLite 与 PostgreSQL / only SQLite and PostgreSQL are supported"
            )
        if url.get_backend_name() == "postgresql" and url.drivername != "postgresql+psycopg":
            object.__setattr__(
                self,
                "db_url",
                url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False),
            )
        if not self.dev:
            if self.encryption_key == PLACEHOLDER_KEY:
                raise SettingsError(
                    "加密密钥仍是示例占位值，请设置 ONEWINDOW_ENCRYPTION_KEY（32 字节 base64），"
                    "或仅在开发时使用 --dev / the encryption key is the placeholder: set "
                    "ONEWINDOW_ENCRYPTION_KEY (32 bytes, base64), or use --dev for development"
                )
            if self.frozen_clock is not None:
                raise SettingsError("固定时钟仅用于开发 / a frozen clock is for --dev only")
            if self.argon2_memory_kib < 19456:
                raise SettingsError(
                    "口令哈希内存成本过低（至少 19456 KiB） / argon2 memory cost below 19 MiB"
                )
        if self.argon2_memory_kib < 64:
            raise SettingsError("口令哈希内存成本过低 / argon2 memory cost too low")
        if self.frozen_clock is not None and self.frozen_clock.utcoffset() is None:
            raise SettingsError("固定时钟须带时区 / the frozen clock needs a time zone")
        if self.encryption_key != PLACEHOLDER_KEY:
            self.key_bytes()  # raises on a malformed key
        if self.page_max_bytes < 1024:
            raise SettingsError(
                "单页上传上限须至少 1024 字节 / the page upload limit must be 1024 bytes at least"
            )
        if self.idempotency_days < 1:
            raise SettingsError(
                "幂等键保留天数须至少为 1 / keep idempotency keys for a day at least"
            )
        if self.heartbeat_seconds <= 0:
            raise SettingsError("心跳间隔须为正数 / the heartbeat interval must be positive")

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.db_url).get_backend_name() == "sqlite"

    def key_bytes(self) -> bytes:
        """The 32-byte master key (the placeholder derives a fixed development key)."""
        if self.encryption_key == PLACEHOLDER_KEY:
            return b"onewindow-development-key-000000"
        try:
            raw = base64.urlsafe_b64decode(
                self.encryption_key.replace("+", "-").replace("/", "_") + "=="
            )
        except (binascii.Error, ValueError) as exc:
            raise SettingsError("加密密钥不是 base64 / the key is not base64") from exc
        if len(raw) != 32:
            raise SettingsError(
                f"加密密钥须为 32 字节（现为 {len(raw)}） / "
                f"the key must be 32 bytes, not {len(raw)}"
            )
        return raw

    def __repr__(self) -> str:  # the key never reaches a log line
        return f"Settings(db_url={_redact(self.db_url)!r}, dev={self.dev}, halls={self.halls})"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from `ONEWINDOW_DB`, `ONEWINDOW_ENCRYPTION_KEY`, `ONEWINDOW_DEV`,
        `ONEWINDOW_FROZEN_CLOCK` (ISO 8601), `ONEWINDOW_ADMIN_PASSWORD`, then `overrides`."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if "ONEWINDOW_DB" in env:
            values["db_url"] = env["ONEWINDOW_DB"]
        if "ONEWINDOW_ENCRYPTION_KEY" in env:
            values["encryption_key"] = env["ONEWINDOW_ENCRYPTION_KEY"]
        if env.get("ONEWINDOW_DEV", "").lower() in ("1", "true", "yes"):
            values["dev"] = True
        if env.get("ONEWINDOW_FROZEN_CLOCK"):
            try:
                values["frozen_clock"] = datetime.fromisoformat(env["ONEWINDOW_FROZEN_CLOCK"])
            except ValueError as exc:
                raise SettingsError("ONEWINDOW_FROZEN_CLOCK 不是 ISO 8601 时间") from exc
        if env.get("ONEWINDOW_ARGON2_MEMORY_KIB"):
            values["argon2_memory_kib"] = int(env["ONEWINDOW_ARGON2_MEMORY_KIB"])
        if env.get("ONEWINDOW_ADMIN_PASSWORD"):
            values["admin_password"] = env["ONEWINDOW_ADMIN_PASSWORD"]
        if env.get("ONEWINDOW_PAGE_MAX_BYTES"):
            try:
                values["page_max_bytes"] = int(env["ONEWINDOW_PAGE_MAX_BYTES"])
            except ValueError as exc:
                raise SettingsError(
                    "ONEWINDOW_PAGE_MAX_BYTES 须为整数（字节） / must be a whole number of bytes"
                ) from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid>"
