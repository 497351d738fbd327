"""Scanned pages, content-addressed and uploaded in resumable ranges.

A page is named by the SHA-256 of its bytes, so the name is its idempotency: sending the same
page twice stores it once, and a terminal that lost its connection asks how far the server got
(`status`) and sends the rest. Ranges must arrive in order (each starts at the current offset);
each is sealed with the vault and kept as a `page_chunks` row. When the last byte arrives the
chunks are joined, the whole is hashed — a mismatch discards everything received — and its type
is sniffed from its magic bytes (JPEG, PNG, PDF, TIFF; anything else is refused), then the page
is sealed as one document and the chunks are deleted.

Pages are personal data (ID cards, certificates): sealed at rest, never in a log or an event.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hall_server.errors import ApiError
from hall_server.models import PageChunk, PageRow
from hall_server.vault import Vault

SHA256_PATTERN = r"^[0-9a-f]{64}$"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CONTENT_RANGE = re.compile(r"bytes (\d{1,12})-(\d{1,12})/(\d{1,12})")

#: Magic bytes of the page types a scanner or a phone produces.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def sniff(data: bytes) -> str | None:
    """The page's media type from its first bytes, or None if it is not a page type."""
    return next((media for magic, media in _MAGIC if data.startswith(magic)), None)


def is_sha256(value: str) -> bool:
    return bool(_SHA256.fullmatch(value))


@dataclass(frozen=True, slots=True)
class ByteRange:
    """`Content-Range: bytes START-END/TOTAL` (END inclusive)."""

    start: int
    end: int
    total: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def parse_content_range(header: str) -> ByteRange:
    match = _CONTENT_RANGE.fullmatch(header.strip())
    if match is None:
        raise ApiError(
            400,
            "content_range_invalid",
            "Content-Range 格式应为 bytes 起-止/总长",
            "Content-Range must be 'bytes START-END/TOTAL'",
        )
    start, end, total = (int(g) for g in match.groups())
    if not start <= end < total:
        raise ApiError(
            400,
            "content_range_invalid",
            "Content-Range 的起止位置与总长不符",
            "Content-Range needs START <= END < TOTAL",
        )
    return ByteRange(start, end, total)


def too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "page_too_large",
        f"页面超过 {limit // (1024 * 1024)} MiB 上限",
        f"the page exceeds the {limit}-byte limit",
        detail={"limit": limit},
    )


@dataclass(frozen=True, slots=True)
class PageStatus:
    sha256: str
    size: int
    received: int
    complete: bool
    media_type: str | None


class Outcome(StrEnum):
    PARTIAL = "partial"  # 202: more to come
    COMPLETED = "completed"  # 201: this range completed the page
    ALREADY = "already"  # 200: the page was complete before
    HASH_MISMATCH = "hash_mismatch"  # 422: the bytes are not the named page; discarded
    NOT_A_PAGE = "not_a_page"  # 422: not JPEG/PNG/PDF/TIFF; discarded


@dataclass(frozen=True, slots=True)
class PutResult:
    outcome: Outcome
    page: PageStatus


class OffsetMismatch(ApiError):
    """409: the range does not start where the upload stands (`offset`)."""

    def __init__(self, offset: int) -> None:
        super().__init__(
            409,
            "upload_offset_mismatch",
            f"上传应从第 {offset} 字节继续",
            f"the upload continues at byte {offset}",
            detail={"offset": offset},
        )
        self.offset = offset


@dataclass(frozen=True, slots=True)
class AssembledPage:
    """A page joined, hashed, sniffed and sealed outside any transaction (`assemble`), with
    the chunks it was joined from, so `PageStore.finish` can check nothing moved meanwhile."""

    outcome: Outcome  # COMPLETED, HASH_MISMATCH or NOT_A_PAGE
    size: int
    media_type: str | None
    sealed: bytes | None
    parts: tuple[tuple[int, int], ...]  # (start, length) of the stored chunks used


def seal_bytes(vault: Vault, data: bytes, context: str) -> bytes:
    return vault.encrypt_bytes(data, context=context)


def open_bytes(vault: Vault, blob: bytes, context: str) -> bytes:
    return vault.decrypt_bytes(blob, context=context)


def chunk_context(sha256: str, start: int) -> str:
    return f"page_chunks.content:{sha256}:{start}"


def page_context(sha256: str) -> str:
    return f"pages.content:{sha256}"


def assemble(
    vault: Vault, sha256: str, chunks: list[tuple[int, bytes]], last: bytes
) -> AssembledPage:
    """Join the stored chunks (start, sealed) and the last range; check and seal the whole.
    The expensive part of completing a page, done before the write transaction."""
    opened = [
        (start, open_bytes(vault, blob, chunk_context(sha256, start))) for start, blob in chunks
    ]
    data = b"".join([*(plain for _, plain in opened), last])
    parts = tuple((start, len(plain)) for start, plain in opened)
    if hashlib.sha256(data).hexdigest() != sha256:
        return AssembledPage(Outcome.HASH_MISMATCH, len(data), None, None, parts)
    media_type = sniff(data)
    if media_type is None:
        return AssembledPage(Outcome.NOT_A_PAGE, len(data), None, None, parts)
    sealed = seal_bytes(vault, data, page_context(sha256))
    return AssembledPage(Outcome.COMPLETED, len(data), media_type, sealed, parts)


class PageStore:
    """One hall's pages in the caller's transaction.

    An upload runs in phases so that the hall's write lock is held only for short writes:
    `check` (read) says whether the range may go next; a range that does not complete the page
    is sealed, then `append`ed (write); one that completes it is `assemble`d with the stored
    chunks outside any transaction, then `finish`ed (write). Both writes check again, under the
    lock, that the upload still stands where the read saw it.
    """

    def __init__(self, session: Session, hall_id: str, vault: Vault) -> None:
        self.session = session
        self.hall_id = hall_id
        self.vault = vault

    # --- reading -------------------------------------------------------------------------

    def status(self, sha256: str) -> PageStatus | None:
        row = self.session.get(PageRow, (self.hall_id, sha256))
        return None if row is None else _status(row)

    def content(self, sha256: str) -> tuple[bytes, str]:
        """The complete page's bytes and media type; 404 `unknown_page` otherwise."""
        row = self.session.get(PageRow, (self.hall_id, sha256))
        if row is None or not row.complete or row.content_enc is None:
            raise ApiError(404, "unknown_page", "没有这个页面", "no such page")
        assert row.media_type is not None
        return open_bytes(self.vault, row.content_enc, page_context(sha256)), row.media_type

    def complete_pages(self, hashes: Iterable[str]) -> dict[str, PageStatus]:
        """The complete pages among `hashes`, by hash."""
        wanted = sorted(set(hashes))
        if not wanted:
            return {}
        rows = self.session.scalars(
            select(PageRow).where(
                PageRow.hall_id == self.hall_id,
                PageRow.sha256.in_(wanted),
                PageRow.complete.is_(True),
            )
        )
        return {r.sha256: _status(r) for r in rows}

    def check(self, sha256: str, span: ByteRange) -> PageStatus | None:
        """Whether `span` may go next: the page's status (None for a new page), or a 409
        (`upload_offset_mismatch` with the offset, `upload_length_mismatch`). A complete page
        takes any range (the caller answers 200)."""
        row = self.session.get(PageRow, (self.hall_id, sha256))
        if row is None:
            if span.start != 0:
                raise OffsetMismatch(0)
            return None
        if row.complete:
            return _status(row)
        if span.total != row.size:
            raise ApiError(
                409,
                "upload_length_mismatch",
                f"该页面此前声明的总长为 {row.size} 字节",
                f"the page was declared as {row.size} bytes",
                detail={"size": row.size},
            )
        if span.start != row.received:
            raise OffsetMismatch(row.received)
        return _status(row)

    def sealed_chunks(self, sha256: str) -> list[tuple[int, bytes]]:
        chunks = self.session.execute(
            select(PageChunk.start, PageChunk.content_enc)
            .where(PageChunk.hall_id == self.hall_id, PageChunk.sha256 == sha256)
            .order_by(PageChunk.start)
        )
        return [(start, blob) for start, blob in chunks]

    # --- writing (in a write transaction) ------------------------------------------------

    def append(
        self, sha256: str, span: ByteRange, sealed: bytes, *, actor: str, now: datetime
    ) -> PutResult:
        """Store a range that does not complete the page (sealed with `chunk_context`)."""
        status = self.check(sha256, span)
        if status is not None and status.complete:
            return PutResult(Outcome.ALREADY, status)
        row = self._row(sha256, span, actor, now)
        self.session.add(
            PageChunk(
                hall_id=self.hall_id,
                sha256=sha256,
                start=span.start,
                length=span.length,
                content_enc=sealed,
            )
        )
        row.received += span.length
        self.session.flush()
        return PutResult(Outcome.PARTIAL, _status(row))

    def finish(
        self, sha256: str, span: ByteRange, page: AssembledPage, *, actor: str, now: datetime
    ) -> PutResult:
        """Store the assembled page, or discard what was received when it failed its checks."""
        status = self.check(sha256, span)
        if status is not None and status.complete:
            return PutResult(Outcome.ALREADY, status)
        stored = self.session.execute(
            select(PageChunk.start, PageChunk.length)
            .where(PageChunk.hall_id == self.hall_id, PageChunk.sha256 == sha256)
            .order_by(PageChunk.start)
        )
        parts = tuple((start, length) for start, length in stored)
        if parts != page.parts:  # discarded and sent again meanwhile: the client retries
            raise OffsetMismatch(status.received if status else 0)
        self.session.execute(
            delete(PageChunk).where(PageChunk.hall_id == self.hall_id, PageChunk.sha256 == sha256)
        )
        if page.outcome is not Outcome.COMPLETED:
            failed = PageStatus(sha256, span.total, span.total, False, None)
            if status is not None:
                self.session.execute(
                    delete(PageRow).where(PageRow.hall_id == self.hall_id, PageRow.sha256 == sha256)
                )
            return PutResult(page.outcome, failed)
        row = self._row(sha256, span, actor, now)
        row.received = page.size
        row.complete = True
        row.media_type = page.media_type
        row.completed_at = now
        row.content_enc = page.sealed
        self.session.flush()
        return PutResult(Outcome.COMPLETED, _status(row))

    def _row(self, sha256: str, span: ByteRange, actor: str, now: datetime) -> PageRow:
        row = self.session.get(PageRow, (self.hall_id, sha256))
        if row is None:
            row = PageRow(
                hall_id=self.hall_id,
                sha256=sha256,
                size=span.total,
                received=0,
                complete=False,
                uploaded_by=actor,
                created_at=now,
            )
            self.session.add(row)
            self.session.flush()  # the chunks' foreign key needs the page's row first
        return row


def _status(row: PageRow) -> PageStatus:
    return PageStatus(row.sha256, row.size, row.received, row.complete, row.media_type)
