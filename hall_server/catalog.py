"""The catalog as the server publishes it: the shipped catalog's YAML files, checked with
hallcore's loader at start (a broken catalog stops the server, not a kiosk at 9 a.m.), served as
one JSON document with a strong ETag (its SHA-256) so terminals re-download only on change and
load it with the same loader."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from hallcore.catalog import Catalog, load_catalog, shipped_catalog_path


@dataclass(frozen=True)
class PublishedCatalog:
    catalog: Catalog
    version: str
    etag: str
    body: bytes


def publish() -> PublishedCatalog:
    catalog = load_catalog()
    folder = shipped_catalog_path()
    files = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith((".yaml", ".yml"))
    }
    document = {"version": catalog.version, "files": files}
    body = json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()}"'
    return PublishedCatalog(catalog, catalog.version, etag, body)
