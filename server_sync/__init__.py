"""The client side of sync (to come), Qt-free.

A local SQLite store per terminal (cached catalog and hall state, case drafts, scanned pages,
an outbox), commands sent with idempotency keys and retries, and the live event feed. See DESIGN §4.
"""
