"""Encryption at rest of what the terminal keeps about applicants: outbox bodies and results
(identity numbers, names, phone numbers, case answers) and case drafts.

The key is 32 random bytes in a file beside the store (`<store>.key`), created once with
permissions 0600 (owner only). We chose a key file over the OS keyring: kiosks and desks run
unattended under a service account where no keyring daemon is unlocked, and the keyring package
is not a dependency. What it protects against: the store file copied alone (a support bundle,
a backup, a disk image of the data folder without the key, a stolen copy of the SQLite file).
It does not protect against someone who can read the terminal user's files: keep the data
folder on the terminal's own disk, and back up the key with the store or lose the pending
commands' bodies.

AES-256-GCM, a fresh 96-bit nonce per value, the column and row identity as associated data
(a value copied to another row or column does not open). Stored as `enc1:` + base64url(nonce +
ciphertext). Values written before encryption existed (plain JSON) still open, as themselves.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc1:"
KEY_BYTES = 32


class SealError(RuntimeError):
    """A sealed value that does not open: the key file was replaced, or the row was altered."""


def key_path_for(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".key")


def load_or_create_key(path: Path) -> bytes:
    """Read the key, or create it (owner-only) if there is none. Two processes racing to create
    it: `O_EXCL` lets one win, the other reads the winner's key."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        key = path.read_bytes()
        if len(key) != KEY_BYTES:
            raise SealError(
                f"本机加密密钥文件损坏 / the store's key file {path.name} is not a key"
            ) from None
        return key
    key = secrets.token_bytes(KEY_BYTES)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


class Sealer:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("the key must be 32 bytes")
        self._aead = AESGCM(key)

    @classmethod
    def for_store(cls, store_path: Path) -> Sealer:
        return cls(load_or_create_key(key_path_for(store_path)))

    def seal(self, text: str, context: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, text.encode(), context.encode())
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, value: str, context: str) -> str:
        if not value.startswith(PREFIX):
            return value  # written before encryption at rest: plain JSON
        raw = base64.urlsafe_b64decode(value[len(PREFIX) :])
        try:
            return self._aead.decrypt(raw[:12], raw[12:], context.encode()).decode()
        except InvalidTag:
            raise SealError(
                "本机数据无法解密（密钥文件不符或数据被改动） / "
                "a stored value does not open (wrong key file or altered row)"
            ) from None
