"""Resumable upload of scanned pages (content-addressed by SHA-256) to the hall server.

The contract (`hall_server/routes/pages.py`):

* `HEAD /pages/{sha256}` → `Upload-Offset`, `Upload-Length`, `Upload-Complete: ?1|?0`; 404 when
  the server has nothing of it yet;
* `PUT /pages/{sha256}` with `Content-Range: bytes START-END/TOTAL` (END inclusive) → 202
  `{"sha256","received","size","complete":false}`, 201 `{"sha256","size","complete":true}`, 200
  when it was already complete; 409 `upload_offset_mismatch` with the server's `Upload-Offset`
  when START is not where the server is; 422 `page_hash_mismatch`; 413 `page_too_large`.

`PageUploader.upload(sha256)` asks the server where it is (HEAD), then sends the rest in chunks
(256 KiB); a dropped connection is `Failed` and the next attempt resumes from the server's
offset, so a page is never sent twice from the start. A 409 moves to the offset the server
names. The page is marked uploaded in the store once the server says it is complete; commands
that name it (`Command.pages`) wait for that (`Sender`).
"""

from __future__ import annotations

import json
import logging

from server_sync.endpoints import page_path
from server_sync.store import Store
from server_sync.transport import (
    BAD_RESPONSE,
    ApiClient,
    Failed,
    Ok,
    Outcome,
    Rejected,
    SyncError,
    classify,
)

log = logging.getLogger("server_sync.uploads")

CHUNK_SIZE = 256 * 1024

PAGE_NOT_STORED = SyncError(
    "page_not_stored",
    "要上传的扫描页不在本机（可能已被删除），请重新扫描",
    "the scanned page to upload is not in the local store; scan it again",
)


class PageUploader:
    def __init__(self, store: Store, client: ApiClient, *, chunk_size: int = CHUNK_SIZE) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be positive")
        self.store = store
        self.client = client
        self.chunk_size = chunk_size
        #: Bytes sent by this uploader (for tests and the status: a resume sends less).
        self.bytes_sent = 0

    def upload(self, sha256: str) -> Outcome:
        """Upload one page, resuming where the server is. `Ok` once the server holds it whole;
        `Failed` (retry later: it resumes); `Rejected` (the server refuses this page)."""
        info = self.store.page_info(sha256)
        if info is None:
            return Rejected(0, PAGE_NOT_STORED)
        if info.uploaded_at is not None:
            return Ok(200, {"sha256": sha256, "size": info.size, "complete": True})
        content = self.store.page(sha256)  # checks the bytes still match their hash
        if content is None:
            return Rejected(0, PAGE_NOT_STORED)
        path = page_path(sha256)
        where = self._server_offset(path, len(content))
        if not isinstance(where, int):
            if isinstance(where, Ok):
                self.store.mark_page_uploaded(sha256)
            return where
        offset = where
        # Each round either completes, moves forward, or moves to the server's offset; a server
        # that keeps contradicting itself is given up on after this many rounds (and retried).
        for _ in range(2 * (len(content) // self.chunk_size) + 8):
            end = min(offset + self.chunk_size, len(content)) - 1
            response = self.client.raw(
                "PUT",
                path,
                data=content[offset : end + 1],
                headers={
                    "Content-Range": f"bytes {offset}-{end}/{len(content)}",
                    "Content-Type": "application/octet-stream",
                },
            )
            if isinstance(response, Failed):
                return response
            self.bytes_sent += end + 1 - offset
            status = response.status_code
            body = _json(response)
            if status in (200, 201) and isinstance(body, dict) and body.get("complete") is True:
                self.store.mark_page_uploaded(sha256)
                return Ok(status, body, response.headers)
            if status == 202 and isinstance(body, dict) and isinstance(body.get("received"), int):
                offset = int(body["received"])
            elif status == 409 and _offset_header(response.headers) is not None:
                offset = _offset_header(response.headers) or 0
                log.info("page %s: resuming at the server's offset", sha256[:12])
            else:
                outcome = classify("PUT", "/pages/…", status, body is not None, body, {})
                return outcome if not isinstance(outcome, Ok) else Failed(BAD_RESPONSE, status)
            if not 0 <= offset < len(content):
                return Failed(BAD_RESPONSE, status)
        return Failed(BAD_RESPONSE)

    def _server_offset(self, path: str, size: int) -> int | Outcome:
        """Where the server is: the offset to send from, `Ok` when it has the page whole, or
        the failure."""
        response = self.client.raw("HEAD", path)
        if isinstance(response, Failed):
            return response
        if response.status_code == 404:
            return 0
        if response.status_code != 200:
            return classify("HEAD", "/pages/…", response.status_code, False, None, {})
        if response.headers.get("Upload-Complete", "").strip() == "?1":
            return Ok(200, {"complete": True}, response.headers)
        offset = _offset_header(response.headers)
        if offset is None or not 0 <= offset < size:
            return Failed(BAD_RESPONSE, 200)
        return offset


def _offset_header(headers: object) -> int | None:
    value = getattr(headers, "get", lambda _k: None)("Upload-Offset")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _json(response: object) -> object:
    headers = getattr(response, "headers", {})
    media = headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media != "application/json":
        return None
    try:
        return json.loads(getattr(response, "content", b""))
    except (ValueError, UnicodeDecodeError):
        return None
