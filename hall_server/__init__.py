"""The hall server (to come): the authoritative queue and cases behind an HTTP API.

FastAPI under uvicorn, SQLAlchemy 2 with Alembic migrations, embedded SQLite by default and
PostgreSQL in real halls; staff and device tokens, roles, an events feed. See DESIGN §4.
"""
