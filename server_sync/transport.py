"""HTTP to the hall server: a `requests.Session` with urllib3's `Retry` for connection-level
failures, a timeout on every request, and every answer sorted into one of three outcomes:

* `Ok`: a 2xx (or 304) with a body that parses as the JSON it claims to be;
* `Rejected`: the hall server refused the request (a 4xx carrying its problem body, with the
  Chinese and English message) — retrying the same request cannot help;
* `Failed`: anything else — no connection, a timeout, a 5xx, a truncated or garbage body, a
  wrong content type, a 4xx that did not come from the hall server (a proxy's page), 401 (log in
  again), 408/429. The same request may well succeed later.

Nothing here raises for a bad answer. Bodies are never logged (they may hold personal data).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from server_sync.endpoints import API_PREFIX, BATCH, LOGIN, login_body

log = logging.getLogger("server_sync.transport")

#: (connect, read) seconds: requests has no default timeout.
DEFAULT_TIMEOUT = (3.05, 10.0)
#: Statuses the client may retry although they are 4xx: the request itself was not refused.
RETRYABLE_4XX = frozenset({401, 408, 425, 429})


def default_retry(*, backoff_factor: float = 0.5, total: int = 5) -> Retry:
    """Connection-level retries (ecosystem §7.1). POST is included (`allowed_methods=None`)
    only because every mutation carries an Idempotency-Key. Statuses are left to the outbox
    (`status=0`), which backs off across restarts and shows the error in the status."""
    return Retry(
        total=total,
        connect=total,
        read=2,
        status=0,
        backoff_factor=backoff_factor,
        backoff_jitter=0.3 * backoff_factor,
        allowed_methods=None,
        respect_retry_after_header=True,
        raise_on_status=False,
    )


def make_session(retry: Retry | None = None, *, pool_maxsize: int = 4) -> requests.Session:
    """A session for one thread (requests' Session is not documented as thread-safe)."""
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry or default_retry(), pool_maxsize=pool_maxsize)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@dataclass(frozen=True, slots=True)
class SyncError:
    """A problem worth showing: machine code, Chinese message first, then English."""

    code: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.message_zh} / {self.message_en}"


@dataclass(frozen=True, slots=True)
class Ok:
    status: int
    body: Any
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejected:
    status: int
    error: SyncError


@dataclass(frozen=True, slots=True)
class Failed:
    error: SyncError
    status: int | None = None


Outcome = Ok | Rejected | Failed

NETWORK = SyncError(
    "network", "无法连接服务器，稍后自动重试", "cannot reach the server; will retry"
)
TIMEOUT = SyncError("timeout", "服务器响应超时，稍后自动重试", "the server timed out; will retry")
BAD_RESPONSE = SyncError(
    "bad_response",
    "服务器应答无法识别，稍后自动重试",
    "unreadable answer from the server; will retry",
)
SERVER_ERROR = SyncError(
    "server_error", "服务器暂时出错，稍后自动重试", "the server failed; will retry"
)


class BatchItem(Protocol):
    """What a batch needs of a command (an `OutboxEntry` is one)."""

    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def idem_key(self) -> str: ...
    @property
    def body(self) -> Any: ...


def classify(
    method: str,
    path: str,
    status: int,
    parsed: bool,
    body: Any,
    headers: Mapping[str, str],
) -> Outcome:
    """Sort an answer (a whole response, or one command's result in a batch) into an outcome."""
    if 200 <= status < 300:
        if not parsed:
            log.warning("unreadable %s answer to %s %s", status, method, path)
            return Failed(BAD_RESPONSE, status)
        return Ok(status, body, headers)
    problem = _problem(body) if parsed else None
    if 400 <= status < 500:
        if problem is None:
            log.warning("%s without a problem body for %s %s", status, method, path)
            return Failed(BAD_RESPONSE, status)
        if status in RETRYABLE_4XX:
            return Failed(problem, status)
        return Rejected(status, problem)
    log.warning("server error %s for %s %s", status, method, path)
    return Failed(problem or SERVER_ERROR, status)


class LoginError(Exception):
    def __init__(self, error: SyncError) -> None:
        super().__init__(str(error))
        self.error = error


def _problem(body: Any) -> SyncError | None:
    """The hall server's problem body `{code, message_zh, message_en}`, or None."""
    if not isinstance(body, dict):
        return None
    code, zh, en = body.get("code"), body.get("message_zh"), body.get("message_en")
    if isinstance(code, str) and isinstance(zh, str) and zh:
        return SyncError(code, zh, en if isinstance(en, str) else "")
    return None


def _json_body(response: requests.Response) -> tuple[bool, Any]:
    media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        return False, None
    try:
        return True, json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return False, None


class ApiClient:
    """Requests to one hall server through an injected session. `token` is the bearer token
    (a staff login or an enrolled device's)."""

    def __init__(
        self,
        base_url: str,
        session: requests.Session | None = None,
        *,
        token: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session if session is not None else make_session()
        self.token = token
        self.timeout = timeout

    def url(self, path: str) -> str:
        return f"{self.base_url}{API_PREFIX}{path}"

    def headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if extra:
            headers.update(extra)
        return headers

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        idem_key: str | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Outcome:
        extra = dict(headers or {})
        if idem_key is not None:
            extra["Idempotency-Key"] = idem_key
        try:
            response = self.session.request(
                method,
                self.url(path),
                json=body,
                params=params,
                headers=self.headers(extra),
                timeout=self.timeout,
            )
        except requests.Timeout:
            return Failed(TIMEOUT)
        except requests.RequestException as exc:  # refused, reset, truncated, retries spent
            log.info("request failed: %s %s (%s)", method, path, type(exc).__name__)
            return Failed(NETWORK)
        return self._outcome(method, path, response)

    def _outcome(self, method: str, path: str, response: requests.Response) -> Outcome:
        status = response.status_code
        if status == 304:
            return Ok(status, None, response.headers)
        parsed, body = _json_body(response)
        return classify(method, path, status, parsed, body, response.headers)

    def batch(self, commands: Sequence[BatchItem]) -> Outcome:
        """`POST /batch`: the commands in order, stopping at the first refusal. `Ok.body` is
        the list of per-command outcomes (as many as the server ran); a malformed answer is
        `Failed`."""
        body = {
            "commands": [
                {"method": c.method, "path": c.path, "idempotency_key": c.idem_key, "body": c.body}
                for c in commands
            ],
            "stop_on_error": True,
        }
        outcome = self.request("POST", BATCH, body)
        if not isinstance(outcome, Ok):
            return outcome
        results = outcome.body.get("results") if isinstance(outcome.body, dict) else None
        if not isinstance(results, list) or not 0 < len(results) <= len(commands):
            log.warning("malformed batch answer (%s commands sent)", len(commands))
            return Failed(BAD_RESPONSE, outcome.status)
        outcomes: list[Outcome] = []
        for command, result in zip(commands, results, strict=False):
            status = result.get("status") if isinstance(result, dict) else None
            if not isinstance(status, int):
                return Failed(BAD_RESPONSE, outcome.status)
            item_body = result.get("body")
            parsed = item_body is not None or 200 <= status < 300
            outcomes.append(classify(command.method, command.path, status, parsed, item_body, {}))
        return Ok(outcome.status, outcomes, outcome.headers)

    def raw(
        self,
        method: str,
        path: str,
        *,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response | Failed:
        """A request whose answer the caller reads itself (HEAD, a byte upload)."""
        try:
            return self.session.request(
                method, self.url(path), data=data, headers=self.headers(headers),
                timeout=self.timeout,
            )  # fmt: skip
        except requests.Timeout:
            return Failed(TIMEOUT)
        except requests.RequestException as exc:
            log.info("request failed: %s %s (%s)", method, path, type(exc).__name__)
            return Failed(NETWORK)

    def get(
        self, path: str, *, params: Mapping[str, Any] | None = None, etag: str | None = None
    ) -> Outcome:
        headers = {"If-None-Match": etag} if etag else None
        return self.request("GET", path, params=params, headers=headers)

    def login(self, hall_id: str, username: str, password: str) -> str:
        """Log in and keep the token; raises `LoginError` with the server's message."""
        outcome = self.request("POST", LOGIN, login_body(hall_id, username, password))
        if isinstance(outcome, Ok) and isinstance(outcome.body, dict) and "token" in outcome.body:
            self.token = str(outcome.body["token"])
            return self.token
        if isinstance(outcome, Ok):
            raise LoginError(BAD_RESPONSE)
        raise LoginError(outcome.error)
