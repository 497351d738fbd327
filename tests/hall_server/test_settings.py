"""Settings are checked at start; the key never shows; identifiers are sealed at rest."""

from __future__ import annotations

import base64
from datetime import datetime

import pytest
from cryptography.exceptions import InvalidTag

from hall_server.settings import PLACEHOLDER_KEY, Settings, SettingsError
from hall_server.vault import Vault
from onewindow.cli import main

GOOD_KEY = base64.b64encode(bytes(range(32))).decode()


def test_the_placeholder_key_is_refused_outside_dev() -> None:
    with pytest.raises(SettingsError, match="占位"):
        Settings(db_url="sqlite:///x.db", encryption_key=PLACEHOLDER_KEY)
    assert Settings(db_url="sqlite:///x.db", dev=True).dev
    assert not Settings(db_url="sqlite:///x.db", encryption_key=GOOD_KEY).dev


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"db_url": "mysql://x/y"}, "SQLite"),
        ({"db_url": "::not a url::"}, "数据库地址无效"),
        ({"encryption_key": base64.b64encode(b"short").decode()}, "32 字节"),
        ({"frozen_clock": datetime(2024, 5, 6, 9)}, "固定时钟仅用于开发"),
        ({"argon2_memory_kib": 1024}, "内存成本"),
    ],
)
def test_bad_settings_say_what_is_wrong(overrides: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"db_url": "sqlite:///x.db", "encryption_key": GOOD_KEY}
    values.update(overrides)
    with pytest.raises(SettingsError, match=message):
        Settings(**values)  # type: ignore[arg-type]


def test_postgres_urls_use_psycopg_3_and_the_repr_hides_secrets() -> None:
    settings = Settings(db_url="postgresql://ow:secret@db/hall", encryption_key=GOOD_KEY)
    assert settings.db_url.startswith("postgresql+psycopg://")
    assert "secret" not in repr(settings)
    assert GOOD_KEY not in repr(settings)


def test_from_env_reads_onewindow_variables() -> None:
    env = {
        "ONEWINDOW_DB": "sqlite:///env.db",
        "ONEWINDOW_DEV": "1",
        "ONEWINDOW_FROZEN_CLOCK": "2024-05-06T09:00:00+08:00",
    }
    settings = Settings.from_env(env)
    assert (settings.db_url, settings.dev) == ("sqlite:///env.db", True)
    assert settings.frozen_clock is not None


def test_the_server_command_refuses_the_placeholder_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ONEWINDOW_ENCRYPTION_KEY", raising=False)
    monkeypatch.delenv("ONEWINDOW_DEV", raising=False)
    assert main(["server", "--db", "sqlite:///never-created.db"]) == 2
    assert "占位" in capsys.readouterr().err


def test_the_vault_seals_binds_and_hashes() -> None:
    vault = Vault(bytes(range(32)))
    sealed = vault.encrypt("110105194912310021", context="tickets.applicant_id")
    assert b"110105194912310021" not in sealed
    assert vault.decrypt(sealed, context="tickets.applicant_id") == "110105194912310021"
    with pytest.raises(InvalidTag):
        vault.decrypt(sealed, context="cases.applicant_id")
    assert vault.encrypt("x", context="c") != vault.encrypt("x", context="c")  # fresh nonces
    assert vault.lookup_key(" 110105194912310021 ") == vault.lookup_key("110105194912310021")
    assert vault.lookup_key("110105194912310021") != Vault(bytes(32)).lookup_key(
        "110105194912310021"
    )
    assert "110105" not in repr(vault)
