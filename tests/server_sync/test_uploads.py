"""Resumable page uploads against a real hall server (`hall_server/routes/pages.py`): chunks,
resume from the server's offset after the server is SIGKILLed mid-upload, the 409 offset
correction, a refused page, and commands that wait for their pages."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

import requests

from server_sync import endpoints
from server_sync.endpoints import page_path
from server_sync.store import EntryState, Store
from server_sync.transport import ApiClient, Failed, Ok, Rejected
from server_sync.uploads import PageUploader
from tests.live_server import ServerProcess
from tests.server_sync.helpers import FAST, fast_client

CHUNK = 64 * 1024


def _scanned_page(size: int, seed: int = 6) -> bytes:
    rng = random.Random(seed)
    return b"%PDF-1.7\n" + rng.randbytes(size - 9)


class KillingClient(ApiClient):
    """A real client that SIGKILLs the real server once `after` chunks have gone through."""

    def __init__(self, server: ServerProcess, after: int, token: str) -> None:
        super().__init__(server.base_url, fast_client(server.base_url, token).session, token=token)
        self.server = server
        self.after = after
        self.puts = 0

    def raw(self, method: str, path: str, **kwargs: Any) -> requests.Response | Failed:
        if method == "PUT":
            if self.puts == self.after:
                self.server.kill()
            self.puts += 1
        return super().raw(method, path, **kwargs)


def _server_page(server: ServerProcess, digest: str) -> bytes:
    response = requests.get(
        f"{server.base_url}/api/v1/pages/{digest}",
        headers={"Authorization": f"Bearer {server.tokens['admin']}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.content


def test_an_upload_resumes_where_the_killed_server_stopped(
    server: ServerProcess, tmp_path: Path
) -> None:
    store = Store(tmp_path / "kiosk.sqlite3")
    content = _scanned_page(10 * CHUNK + 123)
    digest = store.add_page(content, "application/pdf")
    assert store.pages_to_upload() == [digest]

    killer = KillingClient(server, after=4, token=server.tokens["kiosk"])
    first = PageUploader(store, killer, chunk_size=CHUNK)
    outcome = first.upload(digest)
    assert isinstance(outcome, Failed)
    assert outcome.error.code in ("network", "timeout")
    assert store.page_info(digest).uploaded_at is None  # type: ignore[union-attr]

    server.start()
    client = fast_client(server.base_url, server.tokens["kiosk"])
    head = client.raw("HEAD", page_path(digest))
    assert not isinstance(head, Failed)
    assert head.status_code == 200
    assert head.headers["Upload-Complete"] == "?0"
    assert int(head.headers["Upload-Offset"]) == 4 * CHUNK  # what survived the kill

    second = PageUploader(store, client, chunk_size=CHUNK)
    outcome = second.upload(digest)
    assert isinstance(outcome, Ok), outcome
    assert second.bytes_sent == len(content) - 4 * CHUNK  # resumed, not restarted
    assert store.page_info(digest).uploaded_at is not None  # type: ignore[union-attr]
    assert store.pages_to_upload() == []
    assert _server_page(server, digest) == content
    assert hashlib.sha256(_server_page(server, digest)).hexdigest() == digest

    again = PageUploader(store, client, chunk_size=CHUNK)
    assert isinstance(again.upload(digest), Ok)
    assert again.bytes_sent == 0  # known uploaded: nothing sent
    killer.session.close()
    client.session.close()
    store.close()


class ForgetfulHead(ApiClient):
    """Answers HEAD with 'unknown' (as if the upload had been started elsewhere): the server's
    409 must bring the uploader to the right offset."""

    def raw(self, method: str, path: str, **kwargs: Any) -> requests.Response | Failed:
        if method == "HEAD":
            fake = requests.Response()
            fake.status_code = 404
            return fake
        return super().raw(method, path, **kwargs)


def test_the_server_s_409_moves_the_upload_to_its_offset(
    server: ServerProcess, tmp_path: Path
) -> None:
    store = Store(tmp_path / "desk.sqlite3")
    content = _scanned_page(5 * CHUNK, seed=7)
    digest = store.add_page(content, "application/pdf")
    token = server.tokens["kiosk"]
    client = fast_client(server.base_url, token)
    for start in (0, CHUNK):  # two chunks sent by an earlier attempt
        response = client.raw(
            "PUT",
            page_path(digest),
            data=content[start : start + CHUNK],
            headers={
                "Content-Range": f"bytes {start}-{start + CHUNK - 1}/{len(content)}",
                "Content-Type": "application/octet-stream",
            },
        )
        assert not isinstance(response, Failed)
        assert response.status_code == 202
    forgetful = ForgetfulHead(server.base_url, client.session, token=token)
    uploader = PageUploader(store, forgetful, chunk_size=CHUNK)
    assert isinstance(uploader.upload(digest), Ok)
    assert uploader.bytes_sent == CHUNK + 3 * CHUNK  # the refused chunk, then the rest
    assert _server_page(server, digest) == content
    client.session.close()
    store.close()


def test_commands_wait_for_their_pages_and_a_refused_page_rejects_its_command(
    server: ServerProcess, tmp_path: Path
) -> None:
    client = fast_client(server.base_url, server.tokens["kiosk"])
    from server_sync.sender import Sender

    store = Store(tmp_path / "kiosk.sqlite3")
    sender = Sender(
        store, client, backoff=FAST, uploader=PageUploader(store, client, chunk_size=CHUNK)
    )
    good = store.add_page(_scanned_page(3 * CHUNK, seed=8), "application/pdf")
    bad = store.add_page(b"this is not a scan", "application/pdf")
    with_page = sender.submit(
        endpoints.Command("issue_ticket", "POST", endpoints.TICKETS, {"queue": "pickup"}, (good,))
    )
    after = sender.submit(endpoints.issue_ticket(queue="pickup"))
    server.kill()
    assert sender.send_step() == []  # the page cannot go: the command waits, and so does the next
    assert [e.state for e in store.entries()] == [EntryState.PENDING] * 2
    server.start()
    assert sender.drain(max_steps=50) == 2
    assert store.page_info(good).uploaded_at is not None  # type: ignore[union-attr]
    first, second = store.entry(with_page.id), store.entry(after.id)
    assert first is not None
    assert second is not None
    assert first.state is second.state is EntryState.SENT
    assert first.result["ticket"]["number"] < second.result["ticket"]["number"]  # order kept

    refused = sender.submit(
        endpoints.Command("issue_ticket", "POST", endpoints.TICKETS, {"queue": "pickup"}, (bad,))
    )
    assert sender.drain(max_steps=20) == 1
    entry = store.entry(refused.id)
    assert entry is not None
    assert entry.state is EntryState.REJECTED
    assert entry.error_code == "page_type"
    assert entry.error_zh  # the server's Chinese message, for the screen
    assert isinstance(PageUploader(store, client).upload(bad), Rejected)
    sender.stop()
    client.session.close()
    store.close()


def test_the_upload_queue_sends_stored_pages_while_idle(
    server: ServerProcess, tmp_path: Path
) -> None:
    from server_sync.sender import Sender
    from tests.server_sync.helpers import wait_until

    client = fast_client(server.base_url, server.tokens["kiosk"])
    store = Store(tmp_path / "kiosk.sqlite3")
    pages = [store.add_page(_scanned_page(2 * CHUNK, seed=s), "application/pdf") for s in (1, 2)]
    sender = Sender(store, client, backoff=FAST)
    sender.start()
    try:
        assert wait_until(lambda: store.pages_to_upload() == [], seconds=60)
    finally:
        sender.stop()
    for digest in pages:
        assert hashlib.sha256(_server_page(server, digest)).hexdigest() == digest
    client.session.close()
    store.close()
