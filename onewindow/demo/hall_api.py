"""The demo's own calls to the hall server — logins, and the reads that check each step's result
on the server's side — through `server_sync`'s `ApiClient`, plus the stand-in scanned pages.
(Every step itself goes through an app; `upload_page` serves the department view's tests.)

A refusal raises `DemoStepError` with the server's Chinese and English message, so a broken
step says what the server said instead of a bare status code.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from typing import Any

from PIL import Image, ImageDraw

from printing.fonts import pil_font
from server_sync.transport import ApiClient, Ok


class DemoStepError(RuntimeError):
    """A step of the demo failed; the message is Chinese, then English."""


def login(base_url: str, hall_id: str, username: str, password: str) -> ApiClient:
    client = ApiClient(base_url)
    client.login(hall_id, username, password)
    return client


def device(base_url: str, token: str) -> ApiClient:
    return ApiClient(base_url, token=token)


def call(client: ApiClient, method: str, path: str, body: Any = None) -> Any:
    """One request; mutations carry a fresh Idempotency-Key (each step is one intent)."""
    key = f"demo-{uuid.uuid4()}" if method != "GET" else None
    outcome = client.request(method, path, body, idem_key=key)
    if isinstance(outcome, Ok):
        return outcome.body
    raise DemoStepError(f"{method} {path}: {outcome.error}")


def upload_page(client: ApiClient, data: bytes) -> str:
    """Send one scanned page whole (`PUT /pages/{sha256}`); its name."""
    digest = hashlib.sha256(data).hexdigest()
    response = client.session.put(
        client.url(f"/pages/{digest}"),
        data=data,
        headers=client.headers({"Content-Type": "application/octet-stream"}),
        timeout=client.timeout,
    )
    if response.status_code not in (200, 201):
        raise DemoStepError(f"上传页面失败 / page upload failed: {response.status_code}")
    return digest


def sample_scan(
    title: str, lines: tuple[str, ...] = (), size: tuple[int, int] = (620, 877)
) -> bytes:
    """A stand-in for a scanned A4 page (PNG): the material's name and a few lines, as a
    document camera would photograph a filled-in sheet."""
    image = Image.new("RGB", size, (250, 250, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, size[0] - 20, size[1] - 20), outline=(120, 120, 120), width=2)
    draw.text((50, 60), title, font=pil_font(26), fill=(20, 20, 20))
    body = pil_font(18)
    for number, line in enumerate(lines):
        draw.text((50, 130 + number * 34), line, font=body, fill=(40, 40, 40))
    draw.text((50, size[1] - 80), "（演示扫描件 / demo scan）", font=body, fill=(150, 30, 30))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
