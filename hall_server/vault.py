"""Personal identifiers at rest: AES-256-GCM for the value, a keyed hash to find it.

Two keys are derived from the configured master key with HKDF (one per purpose, so the hash key
never encrypts and the other way round). The ciphertext is `nonce (12 bytes) || AES-GCM output`,
bound to its table and column by the associated data, so a value copied into another column
does not decrypt. The look-up key is `hallcore.queue.identity_key` (HMAC-SHA256): equality
without the value, e.g. one waiting ticket per person and queue.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hallcore.queue import identity_key


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


class Vault:
    def __init__(self, master_key: bytes) -> None:
        self._aead = AESGCM(_derive(master_key, b"onewindow/aes-gcm/v1"))
        self._hash_key = _derive(master_key, b"onewindow/identity-hmac/v1")

    def __repr__(self) -> str:
        return "Vault(<keys hidden>)"

    def encrypt(self, value: str, *, context: str) -> bytes:
        return self.encrypt_bytes(value.encode(), context=context)

    def decrypt(self, blob: bytes, *, context: str) -> str:
        return self.decrypt_bytes(blob, context=context).decode()

    def encrypt_bytes(self, data: bytes, *, context: str) -> bytes:
        """AES-256-GCM with a fresh nonce, bound to `context` (table, column, row)."""
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data, context.encode())

    def decrypt_bytes(self, blob: bytes, *, context: str) -> bytes:
        return self._aead.decrypt(blob[:12], blob[12:], context.encode())

    def lookup_key(self, value: str) -> str:
        return identity_key(value, secret=self._hash_key)
