"""The terminal's local SQLite store (SQLAlchemy 2 Core): the outbox, cached documents (catalog,
hall, snapshot) with their ETag, the event cursor, case drafts and scanned pages by SHA-256.

One file per terminal, WAL journal. Writes run in `BEGIN IMMEDIATE` transactions (a deferred
transaction that reads then writes fails with `database is locked` under contention), reads in
plain deferred ones. `synchronous=FULL` by default: a command the user saw accepted survives a
power cut, not only a killed process.

A command and whatever the terminal wrote for it locally go in one transaction:

    with store.transaction() as tx:
        store.save_draft("case-7", {...}, tx=tx)
        store.enqueue(endpoints.issue_ticket(queue="pickup"), tx=tx)

Rows are never deleted by the sender: a sent command keeps its result, a rejected one its
refusal until the user dismisses it or resubmits it edited (`dismiss`, `resubmit`), and
`prune_sent` removes sent and dismissed rows after some days.

Outbox bodies and results and case drafts are sealed with the store's key (`sealing.Sealer`,
a 0600 key file beside the store): applicant identifiers are not readable from the file alone.
A command may name scanned pages (`Command.pages`): it is not sent before they are uploaded.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server_sync.clock import Clock, SystemClock
from server_sync.endpoints import Command
from server_sync.sealing import Sealer

SCHEMA_VERSION = 1

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idem_key", String(200), nullable=False, unique=True),
    Column("kind", String(64), nullable=False),
    Column("method", String(8), nullable=False),
    Column("path", String(500), nullable=False),
    Column("body", Text, nullable=True),
    Column("state", String(16), nullable=False, index=True),
    Column("created_at", Float, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", Float, nullable=False),
    Column("sent_at", Float, nullable=True),
    Column("status_code", Integer, nullable=True),
    Column("result", Text, nullable=True),
    Column("error_code", String(64), nullable=True),
    Column("error_zh", Text, nullable=True),
    Column("error_en", Text, nullable=True),
)

documents = Table(
    "documents",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("body", Text, nullable=False),
    Column("etag", String(200), nullable=True),
    Column("updated_at", Float, nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

drafts = Table(
    "drafts",
    metadata,
    Column("draft_id", String(100), primary_key=True),
    Column("body", Text, nullable=False),
    Column("updated_at", Float, nullable=False),
)

pages = Table(
    "pages",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("media_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("uploaded_at", Float, nullable=True),
)


command_pages = Table(
    "command_pages",
    metadata,
    Column("entry_id", Integer, ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True),
    Column("sha256", String(64), primary_key=True),
)


class EntryState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    REJECTED = "rejected"
    #: A rejected command the user let go (or replaced by an edited one): no longer shown.
    DISMISSED = "dismissed"


#: A batch's sent rows, as one executemany (built once: SQLAlchemy's statement building costs
#: more than SQLite's update).
_MARK_SENT = (
    update(outbox)
    .where(outbox.c.id == bindparam("b_id"), outbox.c.state == EntryState.PENDING.value)
    .values(
        state=EntryState.SENT.value,
        attempts=outbox.c.attempts + 1,
        status_code=bindparam("b_status"),
        result=bindparam("b_result"),
        error_code=None,
        error_zh=None,
        error_en=None,
    )
)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One command and what became of it. `result` is the server's JSON answer once sent;
    `error_*` the server's refusal (state `rejected`) or the last transport problem (pending)."""

    id: int
    idem_key: str
    kind: str
    method: str
    path: str
    body: Any
    state: EntryState
    created_at: float
    attempts: int
    next_attempt_at: float
    sent_at: float | None
    status_code: int | None
    result: Any
    error_code: str | None
    error_zh: str | None
    error_en: str | None


@dataclass(frozen=True, slots=True)
class Cached:
    body: Any
    etag: str | None
    updated_at: float


@dataclass(frozen=True, slots=True)
class Answered:
    """The server's verdict on one command of a batch, for `Store.record`."""

    entry: OutboxEntry
    state: EntryState  # SENT, REJECTED, or PENDING (failed: retry at `next_attempt_at`)
    status_code: int | None = None
    result: Any = None
    code: str | None = None
    message_zh: str | None = None
    message_en: str | None = None
    next_attempt_at: float | None = None


@dataclass(frozen=True, slots=True)
class PageInfo:
    sha256: str
    media_type: str
    size: int
    uploaded_at: float | None


@dataclass(frozen=True, slots=True)
class PendingSummary:
    count: int
    oldest_created_at: float | None
    rejected: int


def _entry(row: Any, sealer: Sealer) -> OutboxEntry:
    m = row._mapping
    key = m["idem_key"]
    body = None if m["body"] is None else json.loads(sealer.open(m["body"], f"outbox.body:{key}"))
    result = m["result"]
    if result is not None:
        result = json.loads(sealer.open(result, f"outbox.result:{key}"))
    return OutboxEntry(
        id=m["id"],
        idem_key=m["idem_key"],
        kind=m["kind"],
        method=m["method"],
        path=m["path"],
        body=body,
        state=EntryState(m["state"]),
        created_at=m["created_at"],
        attempts=m["attempts"],
        next_attempt_at=m["next_attempt_at"],
        sent_at=m["sent_at"],
        status_code=m["status_code"],
        result=result,
        error_code=m["error_code"],
        error_zh=m["error_zh"],
        error_en=m["error_en"],
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Store:
    """The local store. Thread-safe: every method opens its own short transaction (or joins
    the `tx` it is given)."""

    def __init__(
        self, path: str | Path, *, clock: Clock | None = None, synchronous: str = "FULL"
    ) -> None:
        if synchronous not in ("FULL", "NORMAL"):
            raise ValueError("synchronous must be FULL or NORMAL")
        self.path = Path(path)
        self.clock: Clock = clock or SystemClock()
        self.sealer = Sealer.for_store(self.path)
        self._write = self._engine(synchronous, immediate=True)
        self._read = self._engine(synchronous, immediate=False)
        metadata.create_all(self._write)
        with self.transaction() as tx:
            version = tx.scalar(select(settings.c.value).where(settings.c.name == "schema"))
            if version is None:
                tx.execute(insert(settings).values(name="schema", value=str(SCHEMA_VERSION)))

    def _engine(self, synchronous: str, *, immediate: bool) -> Engine:
        engine = create_engine(
            f"sqlite:///{self.path}",
            connect_args={"timeout": 10, "check_same_thread": False},
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi: sqlite3.Connection, _record: object) -> None:
            dbapi.isolation_level = None  # SQLAlchemy, not sqlite3, decides where BEGIN goes
            dbapi.execute("PRAGMA journal_mode=WAL")
            dbapi.execute(f"PRAGMA synchronous={synchronous}")
            dbapi.execute("PRAGMA foreign_keys=ON")

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    def close(self) -> None:
        self._write.dispose()
        self._read.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction (`BEGIN IMMEDIATE`), committed on leaving, rolled back on error."""
        with self._write.begin() as conn:
            yield conn

    @contextmanager
    def _tx(self, tx: Connection | None) -> Iterator[Connection]:
        if tx is not None:
            yield tx
        else:
            with self.transaction() as conn:
                yield conn

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self._read.begin() as conn:
            yield conn

    # --- the outbox ------------------------------------------------------------------------

    def enqueue(
        self, command: Command, *, key: str | None = None, tx: Connection | None = None
    ) -> OutboxEntry:
        """Record a command to send. Its Idempotency-Key is fixed here, once, so every later
        attempt (after a crash, a restart, a lost answer) is recognised by the server."""
        now = self.clock.now()
        idem_key = key or f"ow-{uuid.uuid4().hex}"
        body = None
        if command.body is not None:
            body = self.sealer.seal(_dumps(command.body), f"outbox.body:{idem_key}")
        with self._tx(tx) as conn:
            new_id = conn.execute(
                insert(outbox)
                .values(
                    idem_key=idem_key,
                    kind=command.kind,
                    method=command.method,
                    path=command.path,
                    body=body,
                    state=EntryState.PENDING.value,
                    created_at=now,
                    attempts=0,
                    next_attempt_at=now,
                )
                .returning(outbox.c.id)
            ).scalar_one()
            for digest in dict.fromkeys(command.pages):
                conn.execute(insert(command_pages).values(entry_id=new_id, sha256=digest))
            row = conn.execute(select(outbox).where(outbox.c.id == new_id)).one()
        return self._entry(row)

    def head(self) -> OutboxEntry | None:
        """The oldest pending command: the next to send (commands go out in order)."""
        with self._reading() as conn:
            row = conn.execute(
                select(outbox)
                .where(outbox.c.state == EntryState.PENDING.value)
                .order_by(outbox.c.id)
                .limit(1)
            ).first()
        return None if row is None else self._entry(row)

    def entry(self, entry_id: int) -> OutboxEntry | None:
        with self._reading() as conn:
            row = conn.execute(select(outbox).where(outbox.c.id == entry_id)).first()
        return None if row is None else self._entry(row)

    def entry_by_key(self, idem_key: str) -> OutboxEntry | None:
        with self._reading() as conn:
            row = conn.execute(select(outbox).where(outbox.c.idem_key == idem_key)).first()
        return None if row is None else self._entry(row)

    def entries(self, state: EntryState | None = None) -> list[OutboxEntry]:
        query = select(outbox).order_by(outbox.c.id)
        if state is not None:
            query = query.where(outbox.c.state == state.value)
        with self._reading() as conn:
            return [self._entry(r) for r in conn.execute(query)]

    def _entry(self, row: Any) -> OutboxEntry:
        return _entry(row, self.sealer)

    def pending_run(self, limit: int) -> list[OutboxEntry]:
        """The head and the pending commands after it, in order, at most `limit`."""
        with self._reading() as conn:
            rows = conn.execute(
                select(outbox)
                .where(outbox.c.state == EntryState.PENDING.value)
                .order_by(outbox.c.id)
                .limit(limit)
            )
            return [self._entry(r) for r in rows]

    def record(self, answers: list[Answered]) -> None:
        """What the server said about a run of commands, in one local transaction (one fsync
        for a whole batch; the sent rows in one prepared statement). A row no longer pending is
        left alone."""
        now = self.clock.now()
        sent = [
            {
                "b_id": a.entry.id,
                "b_status": a.status_code,
                "b_result": self.sealer.seal(_dumps(a.result), f"outbox.result:{a.entry.idem_key}"),
            }
            for a in answers
            if a.state is EntryState.SENT
        ]
        with self.transaction() as conn:
            if sent:
                conn.execute(_MARK_SENT.values(sent_at=now), sent)
            for answer in answers:
                if answer.state is EntryState.SENT:
                    continue
                values: dict[str, Any] = {
                    "error_code": answer.code,
                    "error_zh": answer.message_zh,
                    "error_en": answer.message_en,
                }
                if answer.state is EntryState.REJECTED:
                    values.update(
                        state=EntryState.REJECTED.value,
                        sent_at=now,
                        status_code=answer.status_code,
                    )
                else:
                    values["next_attempt_at"] = answer.next_attempt_at or now
                conn.execute(
                    update(outbox)
                    .where(
                        outbox.c.id == answer.entry.id,
                        outbox.c.state == EntryState.PENDING.value,
                    )
                    .values(attempts=outbox.c.attempts + 1, **values)
                )

    def mark_sent(self, entry_id: int, status_code: int, result: Any) -> None:
        with self.transaction() as conn:
            key = conn.scalar(select(outbox.c.idem_key).where(outbox.c.id == entry_id))
            conn.execute(
                update(outbox)
                .where(outbox.c.id == entry_id, outbox.c.state == EntryState.PENDING.value)
                .values(
                    state=EntryState.SENT.value,
                    sent_at=self.clock.now(),
                    attempts=outbox.c.attempts + 1,
                    status_code=status_code,
                    result=self.sealer.seal(_dumps(result), f"outbox.result:{key}"),
                    error_code=None,
                    error_zh=None,
                    error_en=None,
                )
            )

    def mark_rejected(
        self, entry_id: int, status_code: int, code: str, message_zh: str, message_en: str
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == entry_id, outbox.c.state == EntryState.PENDING.value)
                .values(
                    state=EntryState.REJECTED.value,
                    sent_at=self.clock.now(),
                    attempts=outbox.c.attempts + 1,
                    status_code=status_code,
                    error_code=code,
                    error_zh=message_zh,
                    error_en=message_en,
                )
            )

    def mark_retry(
        self, entry_id: int, next_attempt_at: float, code: str, message_zh: str, message_en: str
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == entry_id, outbox.c.state == EntryState.PENDING.value)
                .values(
                    attempts=outbox.c.attempts + 1,
                    next_attempt_at=next_attempt_at,
                    error_code=code,
                    error_zh=message_zh,
                    error_en=message_en,
                )
            )

    def mark_due(self, entry_id: int, when: float) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id == entry_id, outbox.c.state == EntryState.PENDING.value)
                .values(next_attempt_at=when)
            )

    def summary(self) -> PendingSummary:
        with self._reading() as conn:
            count, oldest = conn.execute(
                select(func.count(), func.min(outbox.c.created_at)).where(
                    outbox.c.state == EntryState.PENDING.value
                )
            ).one()
            rejected = conn.scalar(
                select(func.count()).where(outbox.c.state == EntryState.REJECTED.value)
            )
        return PendingSummary(int(count), oldest, int(rejected or 0))

    def prune_sent(self, older_than: float) -> int:
        """Forget sent and dismissed commands answered before `older_than` (rejected ones stay
        until the user has seen to them)."""
        done = (EntryState.SENT.value, EntryState.DISMISSED.value)
        with self.transaction() as conn:
            result = conn.execute(
                delete(outbox).where(outbox.c.state.in_(done), outbox.c.sent_at < older_than)
            )
        return int(result.rowcount or 0)

    def dismiss(self, entry_id: int, *, tx: Connection | None = None) -> bool:
        """The user has seen a rejected command and lets it go. False if it is not rejected."""
        with self._tx(tx) as conn:
            result = conn.execute(
                update(outbox)
                .where(outbox.c.id == entry_id, outbox.c.state == EntryState.REJECTED.value)
                .values(state=EntryState.DISMISSED.value)
            )
        return bool(result.rowcount)

    def resubmit(self, entry_id: int, command: Command) -> OutboxEntry:
        """Replace a rejected command by an edited one: the old row is dismissed and the new one
        queued (a new Idempotency-Key: the server stored the refusal under the old one), in one
        transaction."""
        with self.transaction() as conn:
            if not self.dismiss(entry_id, tx=conn):
                raise ValueError(f"command {entry_id} is not a rejected command")
            return self.enqueue(command, tx=conn)

    # --- cached documents and the event cursor --------------------------------------------

    def put_document(
        self, name: str, body: Any, etag: str | None = None, *, tx: Connection | None = None
    ) -> None:
        values = {"name": name, "body": _dumps(body), "etag": etag, "updated_at": self.clock.now()}
        stmt = sqlite_insert(documents).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=[documents.c.name], set_=values)
        with self._tx(tx) as conn:
            conn.execute(stmt)

    def document(self, name: str) -> Cached | None:
        with self._reading() as conn:
            row = conn.execute(select(documents).where(documents.c.name == name)).first()
        if row is None:
            return None
        return Cached(json.loads(row.body), row.etag, row.updated_at)

    def touch_document(self, name: str) -> None:
        """The server confirmed the cached copy (304): note when."""
        with self.transaction() as conn:
            conn.execute(
                update(documents)
                .where(documents.c.name == name)
                .values(updated_at=self.clock.now())
            )

    def _set(self, conn: Connection, name: str, value: str) -> None:
        stmt = sqlite_insert(settings).values(name=name, value=value)
        conn.execute(
            stmt.on_conflict_do_update(index_elements=[settings.c.name], set_={"value": value})
        )

    def cursor(self) -> int | None:
        """The sequence number of the last hall event applied here (None: never synced)."""
        with self._reading() as conn:
            value = conn.scalar(select(settings.c.value).where(settings.c.name == "event_cursor"))
        return None if value is None else int(value)

    def set_cursor(self, seq: int, *, tx: Connection | None = None) -> None:
        with self._tx(tx) as conn:
            self._set(conn, "event_cursor", str(seq))

    def save_snapshot(self, snapshot: dict[str, Any]) -> None:
        """The hall snapshot and the cursor it is consistent with, together."""
        with self.transaction() as conn:
            self.put_document("snapshot", snapshot, tx=conn)
            self.set_cursor(int(snapshot["seq"]), tx=conn)

    # --- case drafts -----------------------------------------------------------------------

    def save_draft(self, draft_id: str, body: Any, *, tx: Connection | None = None) -> None:
        sealed = self.sealer.seal(_dumps(body), f"drafts:{draft_id}")
        values = {"draft_id": draft_id, "body": sealed, "updated_at": self.clock.now()}
        stmt = sqlite_insert(drafts).values(**values)
        with self._tx(tx) as conn:
            conn.execute(
                stmt.on_conflict_do_update(index_elements=[drafts.c.draft_id], set_=values)
            )

    def draft(self, draft_id: str) -> Any:
        with self._reading() as conn:
            body = conn.scalar(select(drafts.c.body).where(drafts.c.draft_id == draft_id))
        return None if body is None else json.loads(self.sealer.open(body, f"drafts:{draft_id}"))

    def draft_ids(self) -> list[str]:
        with self._reading() as conn:
            return list(conn.scalars(select(drafts.c.draft_id).order_by(drafts.c.updated_at)))

    def delete_draft(self, draft_id: str, *, tx: Connection | None = None) -> None:
        with self._tx(tx) as conn:
            conn.execute(delete(drafts).where(drafts.c.draft_id == draft_id))

    # --- scanned pages, content-addressed -------------------------------------------------

    def add_page(self, content: bytes, media_type: str, *, tx: Connection | None = None) -> str:
        """Store a scanned page once, named by the SHA-256 of its bytes; return that name."""
        digest = hashlib.sha256(content).hexdigest()
        stmt = sqlite_insert(pages).values(
            sha256=digest,
            media_type=media_type,
            size=len(content),
            content=content,
            created_at=self.clock.now(),
        )
        with self._tx(tx) as conn:
            conn.execute(stmt.on_conflict_do_nothing(index_elements=[pages.c.sha256]))
        return digest

    def page(self, sha256: str) -> bytes | None:
        with self._reading() as conn:
            content = conn.scalar(select(pages.c.content).where(pages.c.sha256 == sha256))
        if content is None:
            return None
        if hashlib.sha256(content).hexdigest() != sha256:
            raise StoreCorrupted(f"页面内容与摘要不符 / page {sha256[:12]} does not match its hash")
        return bytes(content)

    def page_hashes(self) -> list[str]:
        with self._reading() as conn:
            return list(conn.scalars(select(pages.c.sha256).order_by(pages.c.created_at)))

    def page_info(self, sha256: str) -> PageInfo | None:
        with self._reading() as conn:
            row = conn.execute(
                select(pages.c.sha256, pages.c.media_type, pages.c.size, pages.c.uploaded_at).where(
                    pages.c.sha256 == sha256
                )
            ).first()
        return None if row is None else PageInfo(*row)

    def missing_pages(self, entry_id: int) -> list[str]:
        """Pages a command names that are not uploaded yet (in the order they were named; a
        page the store does not hold is listed too, and the upload will say so)."""
        with self._reading() as conn:
            return list(
                conn.scalars(
                    select(command_pages.c.sha256)
                    .select_from(
                        command_pages.outerjoin(pages, pages.c.sha256 == command_pages.c.sha256)
                    )
                    .where(command_pages.c.entry_id == entry_id, pages.c.uploaded_at.is_(None))
                )
            )

    def waiting_for_pages(self, entry_ids: list[int]) -> set[int]:
        """Which of these commands name a page not uploaded yet (one query for a batch)."""
        if not entry_ids:
            return set()
        with self._reading() as conn:
            return set(
                conn.scalars(
                    select(command_pages.c.entry_id)
                    .select_from(
                        command_pages.outerjoin(pages, pages.c.sha256 == command_pages.c.sha256)
                    )
                    .where(command_pages.c.entry_id.in_(entry_ids), pages.c.uploaded_at.is_(None))
                )
            )

    def pages_to_upload(self) -> list[str]:
        """The upload queue: stored pages the server does not have yet, oldest first."""
        with self._reading() as conn:
            return list(
                conn.scalars(
                    select(pages.c.sha256)
                    .where(pages.c.uploaded_at.is_(None))
                    .order_by(pages.c.created_at)
                )
            )

    def mark_page_uploaded(self, sha256: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(pages).where(pages.c.sha256 == sha256).values(uploaded_at=self.clock.now())
            )


class StoreCorrupted(RuntimeError):
    """The local store holds something that cannot be right (a page whose bytes changed)."""
