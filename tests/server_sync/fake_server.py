"""A tiny misbehaving HTTP server on 127.0.0.1: each request takes the next mode from a script
(then `ok` forever) and records the Idempotency-Key it carried."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PROBLEM = {"code": "unknown_queue", "message_zh": "没有这个队列", "message_en": "no such queue"}


class FakeHall(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, modes: list[str]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.modes = list(modes)
        self.keys: list[str | None] = []
        self.seen: list[str] = []
        self.release = threading.Event()
        self.sse: list[str] = []
        self.lock = threading.Lock()
        self.without_batch = False
        self.batches = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def next_mode(self, key: str | None) -> str:
        with self.lock:
            self.keys.append(key)
            mode = self.modes.pop(0) if self.modes else "ok"
            self.seen.append(mode)
            return mode


class _Handler(BaseHTTPRequestHandler):
    server: FakeHall

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, media: str, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.startswith("/api/v1/events") and self.server.sse:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            self.wfile.write(self.server.sse.pop(0).encode())
            self.wfile.flush()
            self.close_connection = True
            return
        self.do_POST()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path == "/api/v1/batch":
            if self.server.without_batch:  # an older hall server: no such route
                not_found = {"code": "not_found", "message_zh": "找不到", "message_en": "not found"}
                self._send(404, json.dumps(not_found).encode(), "application/json")
                return
            self._batch(json.loads(raw))
            return
        mode = self.server.next_mode(self.headers.get("Idempotency-Key"))
        self._answer(mode)

    def _batch(self, batch: dict[str, Any]) -> None:
        """Like the hall server's batch: each command takes the next mode (and records its
        key); `ok`, `reject` and `error_500` are that command's result (the last two stop the
        batch); any other mode spoils the whole answer, as it would a single request."""
        self.server.batches += 1
        ok = {"ticket": {"ticket_id": "20240506-Q001"}, "seq": 0}
        results: list[dict[str, Any]] = []
        for command in batch["commands"]:
            mode = self.server.next_mode(command["idempotency_key"])
            if mode == "ok":
                results.append({"status": 201, "body": ok, "replayed": False})
                continue
            if mode == "reject":
                results.append({"status": 404, "body": PROBLEM, "replayed": False})
            elif mode == "error_500":
                results.append({"status": 500, "body": None, "replayed": False})
            else:
                self._answer(mode)
                return
            break
        body = {"results": results, "stopped_at": None}
        self._send(200, json.dumps(body, ensure_ascii=False).encode(), "application/json")

    def _answer(self, mode: str) -> None:
        ok = json.dumps({"ticket": {"ticket_id": "20240506-Q001"}, "seq": 0}).encode()
        if mode == "ok":
            self._send(201, ok, "application/json")
        elif mode == "truncated":
            self._send(201, ok[:10], "application/json", length=len(ok))
            self.close_connection = True
        elif mode == "garbage":
            self._send(201, b"\x00\xffnot json{", "application/json")
        elif mode == "wrong_type":
            self._send(200, b"<html>portal login</html>", "text/html")
        elif mode == "error_500":
            self._send(500, b"Internal Server Error", "text/plain")
        elif mode == "proxy_403":
            self._send(403, b"<html>blocked by proxy</html>", "text/html")
        elif mode == "reject":
            self._send(404, json.dumps(PROBLEM, ensure_ascii=False).encode(), "application/json")
        elif mode == "snapshot":
            body = {"hall_id": "h", "seq": 7, "windows": [], "tickets": []}
            self._send(200, json.dumps(body).encode(), "application/json")
        elif mode == "hang":
            self.server.release.wait(5)
            self.close_connection = True
        else:
            raise AssertionError(mode)


@contextmanager
def fake_hall(modes: list[str]) -> Iterator[FakeHall]:
    server = FakeHall(modes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
