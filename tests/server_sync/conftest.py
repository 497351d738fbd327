"""Real hall server processes for the sync tests (tests/live_server.py)."""

from __future__ import annotations

import pytest

from tests.live_server import server_fixture

server = pytest.fixture(server_fixture)
