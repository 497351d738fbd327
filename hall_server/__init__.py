"""The hall server: the authoritative queue (and, later, cases) behind an HTTP API (DESIGN §4).

FastAPI under uvicorn, SQLAlchemy 2 with Alembic migrations (run on start), embedded SQLite by
default (WAL, `BEGIN IMMEDIATE` for writes) and PostgreSQL (psycopg 3) in real halls.

- `settings`: typed settings, validated at start (`--db`, the data directory, the key);
- `db`: the declarative base, the engine and the unit of work (`Database.write()` takes the
  hall's write lock: `BEGIN IMMEDIATE` on SQLite, a row lock on the hall row on PostgreSQL);
- `models`: the tables, every one with `hall_id`;
- `vault`: personal identifiers encrypted at rest (AES-GCM) with a keyed hash for look-ups;
- `auth`: staff users (argon2), enrolled devices, revocable bearer tokens, roles;
- `queue_service`: the queue over rows: loads what an operation needs, runs hallcore's
  `HallQueue` rules on it (`HallQueue.restore`), writes back what changed, appends events;
- `events`: the hall-wide event sequence and the in-process fan-out to SSE subscribers;
- `idempotency`: the `Idempotency-Key` store;
- `app`: `create_app(settings)`, the routes under `/api/v1` in `routes/`.
"""
